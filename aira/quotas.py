"""Write quotas: how many new records one account, or one address for visitors, may
create in a minute. The limits (settings.ACCOUNT_RATE_LIMITS, the `*_writes` actions)
are far above what a person does by hand, or what a device's outbox sends after days
offline; they stop a runaway script from filling the database.

Counted by allauth's rate limiter, the one that already guards sign-in: its counts live
in the default cache, which every gunicorn worker shares, and it finds a visitor's
address the way the sign-in limits do (allauth's trusted proxy count).
"""

from allauth.core import ratelimit
from django.shortcuts import render
from django.utils.translation import gettext as _

from aira import outbox

RETRY_AFTER_SECONDS = 60


def allow_new_record(request, action, *, is_new):
    """Count one more record under `action` (e.g. "practice_writes") and say whether it
    fits in the quota. A repeat send of a record that already exists (`is_new` false: a
    retry, a second tab) is not counted, so an outbox catching up never pays twice."""
    if not is_new:
        return True
    # allauth counts "per user" only for signed-in requests; visitors count per address.
    suffix = "" if request.user.is_authenticated else "_visitor"
    return ratelimit.consume(request, action=action + suffix)


def quota_message():
    return _(
        "You've saved a lot in a short time, so Aira is pausing new saves for a minute. "
        "Everything saved so far is kept. Please wait a minute, then try again."
    )


def over_quota_page(request):
    """The calm page a form post gets when its quota is used up."""
    response = render(request, "429.html", {"quota_message": quota_message()}, status=429)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def over_quota_json():
    """What an outbox send gets: "busy", so the device keeps the record and sends it later."""
    response = outbox.reply("busy", 429, errors={"__all__": [quota_message()]})
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
