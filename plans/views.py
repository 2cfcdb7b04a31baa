import json
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect, push_url, trigger_client_event

from aira.htmx import render_page_or_partial
from plans import services
from plans.forms import PersonForm, PlanForm
from plans.models import MAX_PEOPLE, Person
from plans.steps import BY_NUMBER, STEPS
from plans.templatetags.plan_tags import OFFER_COOKIE
from practices.models import Practice
from tracking.stats import what_helps

OFFER_COOKIE_AGE = 365 * 24 * 3600
# Set once a device's copy is in the account: the next plan page tells plan.js to clear it.
DEVICE_COPY_SAVED = "plans.device_copy_saved"


def device_only_message():
    return _(
        "Without an account, your plan is kept by this browser, which needs JavaScript "
        "turned on. Nothing you typed was sent to be stored. You can create an account "
        "to keep it, or write it on paper."
    )


def people_of(user):
    return list(Person.objects.for_user(user)) if user.is_authenticated else []


def suggestions_for(user):
    """Practices this person's own before and after ratings say help (most first):
    tracking's "what helps", read from their running totals, never counted again here."""
    if not user.is_authenticated:
        return []
    return [effect for effect in what_helps(user) if (effect.average_change or 0) < 0][:3]


def plan_context(request):
    if not request.user.is_authenticated:
        # The visitor's plan is on their device: the page holds the slots plan.js fills,
        # and every practice it may name.
        return {"all_practices": Practice.objects.to_choose().only("title", "slug")}
    plan = services.plan_for(request.user)
    return {
        "plan": plan,
        "people": people_of(request.user),
        "has_plan": plan.is_written(),
        "device_copy_saved": request.session.pop(DEVICE_COPY_SAVED, False),
    }


@never_cache
@require_GET
def plan(request):
    """The plan to read, calm and whole; the way in to making one when there is none yet."""
    return render(request, "plans/plan.html", plan_context(request))


@never_cache
@require_GET
def print_view(request):
    return render(request, "plans/print.html", plan_context(request))


@never_cache
@require_http_methods(["GET", "POST"])
def edit(request):
    """The whole plan on one page. A visitor's form is kept on the device by plan.js; a
    visitor's POST (no JavaScript) is shown back with what they typed, stored nowhere."""
    signed_in = request.user.is_authenticated
    instance = services.plan_for(request.user) if signed_in else None
    form = PlanForm(request.POST if request.method == "POST" else None, instance=instance)
    if request.method == "POST":
        if not signed_in:
            # Checked here, kept by plan.js on the device (it reads the status).
            if form.is_valid():
                messages.warning(request, device_only_message())
        elif form.is_valid():
            services.save_plan_parts(user=request.user, form=form)
            messages.success(request, _("Your plan is saved."))
            return redirect("plans:plan")
    return render(
        request,
        "plans/edit.html",
        {"form": form, "suggestions": suggestions_for(request.user)},
        status=400 if form.errors else 200,
    )


def step_url(number):
    if number in BY_NUMBER:
        return reverse("plans:step", args=[number])
    return reverse("plans:plan")


def step_context(request, step, form=None):
    signed_in = request.user.is_authenticated
    if form is None:
        instance = services.plan_for(request.user) if signed_in else None
        form = PlanForm(instance=instance, fields=step.fields)
    context = {
        "step": step,
        "steps": STEPS,
        "form": form,
        "previous_url": step_url(step.number - 1) if step.number > 1 else "",
        "next_url": step_url(step.number + 1),
        "is_last": step.number == len(STEPS),
        "suggestions": suggestions_for(request.user) if "practices" in step.fields else [],
    }
    if step.people:
        people = people_of(request.user)
        context.update(
            people=people, person_form=new_person_form(), room_for_more=len(people) < MAX_PEOPLE
        )
    return context


def new_person_form():
    return PersonForm(initial={"uuid": uuid.uuid4()})


@never_cache
@require_http_methods(["GET", "POST"])
def step(request, number):
    """One part of the plan a screen. "Continue" and "Back" save what was written on this
    screen and move on; "Skip" is a plain link and saves nothing."""
    current = BY_NUMBER.get(number)
    if current is None:
        raise Http404(_("No such step."))
    if request.method == "POST":
        form = PlanForm(request.POST, fields=current.fields)
        if not request.user.is_authenticated:
            # Checked here, kept by plan.js on the device (it reads the status).
            valid = form.is_valid()
            if valid:
                messages.warning(request, device_only_message())
            return render_step(request, current, form, status=200 if valid else 400)
        if not form.is_valid():
            return render_step(request, current, form, status=400)
        if current.fields:
            services.save_plan_parts(user=request.user, form=form)
        going_back = "back" in request.POST
        target = current.number - 1 if going_back else current.number + 1
        if target not in BY_NUMBER:
            if not going_back:
                messages.success(request, _("Your plan is saved. You can change it any time."))
            if request.htmx:  # the plan is a page of its own, not a step to swap in
                return HttpResponseClientRedirect(reverse("plans:plan"))
            return redirect("plans:plan")
        if request.htmx:
            response = render_step(request, BY_NUMBER[target])
            # plan.js hears "plan-saved" and has the offline copy of the plan refreshed.
            return trigger_client_event(push_url(response, step_url(target)), "plan-saved")
        return redirect(step_url(target))
    return render_step(request, current)


def render_step(request, current, form=None, status=200):
    # htmx swaps only a 2xx answer: a refused step comes back whole for it too.
    if status != 200 and request.htmx:
        status = 200
    return render_page_or_partial(
        request, "plans/step.html", "step", step_context(request, current, form), status=status
    )


# --- My people -----------------------------------------------------------------------


def safe_next(request, default):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}
    ) and target.startswith("/plan/"):
        return target
    return default


@never_cache
@require_http_methods(["GET", "POST"])
def people(request):
    """My people, also usable without the rest of the plan: the list, each one tap away,
    and a form to add someone. A visitor's list is kept on the device by plan.js."""
    people = people_of(request.user)
    form = new_person_form()
    status = 200
    if request.method == "POST":
        form = PersonForm(request.POST)
        if not request.user.is_authenticated:
            # Checked here, kept by plan.js on the device (it reads the status).
            if form.is_valid():
                messages.warning(request, device_only_message())
            else:
                status = 400
        elif form.is_valid():
            is_new = not Person.objects.filter(uuid=form.cleaned_data["uuid"]).exists()
            if is_new and len(people) >= MAX_PEOPLE:
                form.add_error(
                    None,
                    _(
                        "Your list has %(count)s people, as many as it holds. Remove someone to add someone new."
                    )
                    % {"count": MAX_PEOPLE},
                )
                status = 400
            else:
                try:
                    person, _created = Person.objects.record(
                        user=request.user, uuid=form.cleaned_data["uuid"], **form.values()
                    )
                except Person.DoesNotExist:
                    raise Http404(_("No such person.")) from None
                messages.success(request, _("%(name)s is on your list.") % {"name": person.name})
                return HttpResponseRedirect(safe_next(request, reverse("plans:people")))
        else:
            status = 400
    return render(
        request,
        "plans/people.html",
        {
            "people": people,
            "form": form,
            "room_for_more": len(people) < MAX_PEOPLE or form.is_bound,
            "max_people": MAX_PEOPLE,
            "next": safe_next(request, ""),
        },
        status=status,
    )


def get_own_person(request, uuid):
    """Someone else's person is a 404: never a 403 that confirms they exist."""
    return get_object_or_404(Person, uuid=uuid, user=request.user)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def person_edit(request, uuid):
    person = get_own_person(request, uuid)
    data = request.POST if request.method == "POST" else None
    form = PersonForm(data, instance=person, initial={"uuid": person.uuid})
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["uuid"] != person.uuid:
            raise Http404(_("No such person."))
        form.save()
        messages.success(request, _("Saved the changes for %(name)s.") % {"name": person.name})
        return redirect("plans:people")
    return render(
        request,
        "plans/person_edit.html",
        {"person": person, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def person_delete(request, uuid):
    person = get_own_person(request, uuid)
    if request.method == "POST":
        person.delete()
        messages.success(request, _("%(name)s is no longer on your list.") % {"name": person.name})
        return redirect("plans:people")
    return render(request, "plans/person_delete.html", {"person": person})


# --- The gentle offer ----------------------------------------------------------------


@require_POST
def not_now(request):
    """ "Not now" to the offer of a plan: never offered again. Remembered in the account,
    or for a visitor in a cookie on this browser."""
    back = request.POST.get("next", "")
    if not (
        url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()})
        and back.startswith("/")
    ):
        back = reverse("home")
    response = HttpResponseRedirect(back)
    if request.user.is_authenticated:
        services.dismiss_offer(user=request.user)
    else:
        response.set_cookie(
            OFFER_COOKIE,
            "not-now",
            max_age=OFFER_COOKIE_AGE,
            samesite="Lax",
            secure=request.is_secure(),
        )
    messages.info(request, _("All right. Your plan is here whenever you want it, under My plan."))
    return response


# --- A visitor's plan, brought into their account --------------------------------------


@login_required
@never_cache
@require_POST
def from_device(request):
    """Save the plan this device kept before the person had an account (plan.js sends
    it as JSON). Parts already written in the account are kept, empty ones filled from
    the device; its people are added. Nothing is saved unless all of it is valid, and
    the device keeps its copy until this succeeds."""
    try:
        copy = json.loads(request.POST.get("device_copy") or "")
    except ValueError:
        copy = None
    if not isinstance(copy, dict):
        messages.error(
            request, _("The copy on this device could not be read, so nothing was saved.")
        )
        return redirect("plans:plan")
    try:
        services.save_device_copy(user=request.user, copy=copy)
    except services.DeviceCopyInvalid as invalid:
        messages.error(
            request,
            _(
                "Nothing was saved: %(problem)s The copy stays on this device; you can change it there and try again."
            )
            % {"problem": invalid.message},
        )
        return redirect("plans:plan")
    request.session[DEVICE_COPY_SAVED] = True
    messages.success(request, _("Your plan from this device is saved to your account."))
    return redirect("plans:plan")
