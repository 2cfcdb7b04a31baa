"""The plan where other apps' pages show it: the SOS page's "My plan" and "My people",
the gentle offer of a plan on the progress page and a practice's summary, and my people
on a Breathe together link I started. Those apps
sit below this one and import nothing from it; their templates load these tags."""

from django import template
from django.utils.html import json_script

from plans.models import Person, Plan
from practices.models import Practice

register = template.Library()

# A visitor's "not now" (plans.views.not_now sets it).
OFFER_COOKIE = "aira_plan_offer"


def has_written_plan(user):
    """Whether the person's plan holds anything: one query for the plan, and a second
    only for a plan with nothing written, to look for practices in it."""
    plan = Plan.of(user)
    return plan is not None and plan.is_written()


@register.inclusion_tag("plans/includes/sos_plan.html", takes_context=True)
def sos_plan(context):
    """Under the SOS page's triage: my people, each one tap away, and a link to my plan.
    Two queries for a signed-in person whatever the length of their list (a third for a
    plan with nothing written, see has_written_plan); none for a visitor, whose plan
    and people plan.js reads from the device."""
    request = context["request"]
    user = request.user
    if not user.is_authenticated:
        return {"device": True, "request": request}
    return {
        "people": list(Person.objects.for_user(user)),
        "has_plan": has_written_plan(user),
        "request": request,
    }


@register.inclusion_tag("plans/includes/plan_offer.html", takes_context=True)
def plan_offer(context):
    """Offer to make a plan, once and gently: not to someone who has one or said "not
    now" (kept in the account, or for a visitor in a cookie)."""
    request = context["request"]
    user = request.user
    if user.is_authenticated:
        plan = Plan.of(user)
        show = plan is None or not (plan.offer_dismissed or plan.is_written())
    else:
        show = request.COOKIES.get(OFFER_COOKIE) != "not-now"
    return {"show": show, "device": not user.is_authenticated, "request": request}


@register.inclusion_tag("plans/includes/together_invites.html", takes_context=True)
def together_invites(context, link):
    """On a Breathe together link its starter opened: my people, each a Text and Email
    link with my message and the link, to ask them to breathe with me (one query; none
    for a visitor, whose people stay on the device)."""
    user = context["request"].user
    if not user.is_authenticated:
        return {"invitations": []}
    people = Person.objects.for_user(user).exclude(phone="", email="")
    return {"invitations": [person.invitation(link) for person in people]}


@register.simple_tag
def practice_originals():
    """On a visitor's plan pages, for plan.js: {a translation's slug: its original's slug},
    as JSON. The pages list and offer each practice as its original (to_choose), while a
    device's copy made on an older page may name a translation: plan.js reads that as
    its original, so it shows, stays ticked, and is kept when the form is saved."""
    return json_script(Practice.objects.original_slugs(), "practice-originals")
