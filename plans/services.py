from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from plans.models import Plan
from practices.models import Practice


def plan_for(user):
    """The person's plan, or an unsaved empty one (nothing is written by reading)."""
    # Each practice with the version the reader is shown (its title and address).
    practices = Prefetch("practices", queryset=Practice.objects.with_reader_version())
    return Plan.objects.filter(user=user).prefetch_related(practices).first() or Plan(user=user)


def save_plan_parts(*, user, form):
    """Save the parts `form` holds (a guided step's or the whole plan's) and leave the
    others as they are. get_or_create on the one-to-one: a retry or two tabs make one plan."""
    with transaction.atomic():
        plan, _created = Plan.objects.select_for_update().get_or_create(user=user)
        for name, value in form.cleaned_data.items():
            if name == "practices":
                plan.practices.set(value)
            else:
                setattr(plan, name, value)
        plan.save()
    return plan


def dismiss_offer(*, user):
    Plan.objects.update_or_create(user=user, defaults={"offer_dismissed": True})


class DeviceCopyInvalid(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def save_device_copy(*, user, copy):
    """A visitor's device copy ({"plan": {part: text, "practices": [ids]}, "people":
    [{uuid, name, phone, email, message}]}) into the account, all or nothing."""
    from plans.forms import PersonForm, PlanForm
    from plans.models import MAX_PEOPLE, Person

    existing = plan_for(user)
    device_plan = copy.get("plan") if isinstance(copy.get("plan"), dict) else {}
    data = {}
    for name in PlanForm.Meta.fields:
        if name == "practices":
            chosen = {p.slug for p in existing.practices.all()} if existing.pk else set()
            device = device_plan.get(name) if isinstance(device_plan.get(name), list) else []
            data[name] = sorted(chosen | {str(v) for v in device})
        else:
            mine = getattr(existing, name)
            data[name] = mine if mine.strip() else str(device_plan.get(name) or "")
    plan_form = PlanForm(data)
    if not plan_form.is_valid():
        problems = [
            f"{plan_form.fields[n].label}: {' '.join(e)}"
            for n, e in plan_form.errors.items()
            if n in plan_form.fields
        ]
        raise DeviceCopyInvalid(" ".join(problems) or _("a part of the plan is not valid."))
    people = copy.get("people") if isinstance(copy.get("people"), list) else []
    forms = [PersonForm(person) for person in people if isinstance(person, dict)]
    for form in forms:
        if not form.is_valid():
            name = str(form.data.get("name") or "")[:80]
            errors = " ".join(e for errs in form.errors.values() for e in errs)
            raise DeviceCopyInvalid(
                _("%(name)s: %(errors)s") % {"name": name or _("someone"), "errors": errors}
            )
    known = set(Person.objects.for_user(user).values_list("uuid", flat=True))
    new = [f for f in forms if f.cleaned_data["uuid"] not in known]
    if len(known) + len(new) > MAX_PEOPLE:
        raise DeviceCopyInvalid(
            _(
                "together with your account's list that is more than %(count)s people. Remove someone first."
            )
            % {"count": MAX_PEOPLE}
        )
    with transaction.atomic():
        save_plan_parts(user=user, form=plan_form)
        for form in forms:
            try:
                Person.objects.record(user=user, uuid=form.cleaned_data["uuid"], **form.values())
            except Person.DoesNotExist:
                raise DeviceCopyInvalid(_("someone on the list could not be saved.")) from None
