"""What the plans app keeps about a person: their plan for hard moments and the people
they trust to ask for help. Exported and deleted with the account by the accounts app
(accounts/personal_data.py)."""

from accounts.personal_data import Table
from plans.models import Person, Plan

PLAN_FIELDS = [
    "warning_signs",
    "on_my_own",
    "practices",
    "distractions",
    "clinician_name",
    "clinician_phone",
    "safer_space",
    "worth_holding_on_to",
    "updated_at",
]
PEOPLE_FIELDS = ["uuid", "name", "phone", "email", "message", "created_at"]


def _plan(user):
    plan = Plan.objects.filter(user=user).prefetch_related("practices").first()
    if plan is None:
        return
    practices = ", ".join(p.title for p in plan.practices.order_by("order", "title"))
    yield {name: practices if name == "practices" else getattr(plan, name) for name in PLAN_FIELDS}


def _people(user):
    yield from Person.objects.for_user(user).values(*PEOPLE_FIELDS)


TABLES = [
    Table("plan", "plan.csv", PLAN_FIELDS, _plan),
    Table("plan_people", "plan_people.csv", PEOPLE_FIELDS, _people),
]


def preferences(user):
    dismissed = Plan.objects.filter(user=user).values_list("offer_dismissed", flat=True).first()
    return {"plan_offer_not_now": bool(dismissed)}


def delete(user):
    Person.objects.for_user(user).delete()
    Plan.objects.filter(user=user).delete()
