"""Whose records a device holds.

The device's outbox (static/js/queue.js) tags every record it keeps with the owner tag
of the account signed in when the record was made, and sends each record only while that
same account is signed in; the sync endpoints check the tag again. The tag is opaque (an
HMAC, never the email or the id) because it sits in every page and in the device's
storage. A visitor's tag is the empty string: a visitor's records may go to whichever
account then signs in on the device, as a visitor's sessions are attached at sign-in.
"""

from functools import wraps

from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext

from aira import outbox

VISITOR = ""


def owner_tag(user):
    if user is None or not user.is_authenticated:
        return VISITOR
    # The join time too: SQLite can give a deleted account's id to a new account, whose
    # tag must not match records the old one left on a device.
    value = f"{user.pk}:{user.date_joined.isoformat()}"
    return salted_hmac("aira.device.owner", value).hexdigest()[:32]


def refuse_other_owners(view=None, *, visitors=True):
    """For a sync endpoint: a record the device tagged as another account's is refused
    with a 409 and not stored. Records sent without a tag (scripts, pages older than
    tags) are handled by the view as before. A visitor's record ("") is accepted only
    where visitors make such records (`visitors`): a check-in is always an account's, so
    one tagged as a visitor's can't be filed into whoever is signed in now."""
    if view is None:
        return lambda view: refuse_other_owners(view, visitors=visitors)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        owner = request.POST.get("owner")
        if owner is None or (owner == VISITOR and visitors):
            return view(request, *args, **kwargs)
        if not constant_time_compare(owner, owner_tag(request.user)):
            message = gettext(
                "This record belongs to another account. Sign in as its owner to send it, "
                "or discard it."
            )
            return outbox.reply("other-account", 409, errors={"owner": [message]})
        return view(request, *args, **kwargs)

    return wrapped
