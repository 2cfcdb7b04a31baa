"""The plan where other apps' pages show it: the SOS page's "My plan" and "My people",
the gentle offer of a plan on the progress page and a practice's summary, and my people
on a Breathe together link I started. Those apps
sit below this one and import nothing from it; their templates load these tags."""

from django import template
from django.db.models import Count

from plans.models import Person, Plan

register = template.Library()

# A visitor's "not now" (plans.views.not_now sets it).
OFFER_COOKIE = "aira_plan_offer"


def plan_row(user):
    """The person's plan with its count of practices, in one query (or None)."""
    return Plan.objects.filter(user=user).annotate(practice_count=Count("practices")).first()


def is_written(plan):
    return plan is not None and (plan.has_writing() or plan.practice_count > 0)


@register.inclusion_tag("plans/includes/sos_plan.html", takes_context=True)
def sos_plan(context):
    """Under the SOS page's triage: my people, each one tap away, and a link to my plan.
    Two queries for a signed-in person, whatever the length of their list; none for a
    visitor, whose plan and people plan.js reads from the device."""
    request = context["request"]
    user = request.user
    if not user.is_authenticated:
        return {"device": True, "request": request}
    return {
        "people": list(Person.objects.for_user(user)),
        "has_plan": is_written(plan_row(user)),
        "request": request,
    }


@register.inclusion_tag("plans/includes/plan_offer.html", takes_context=True)
def plan_offer(context):
    """Offer to make a plan, once and gently: not to someone who has one or said "not
    now" (kept in the account, or for a visitor in a cookie)."""
    request = context["request"]
    user = request.user
    if user.is_authenticated:
        plan = plan_row(user)
        show = plan is None or not (plan.offer_dismissed or is_written(plan))
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
