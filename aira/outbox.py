"""What a sync endpoint answers an offline device's outbox (static/js/queue.js): JSON
with a `status`, and `errors` by field (shown to the person) when the record was not
saved. Practice sessions and check-ins answer alike, so the outbox reads one shape."""

from django.http import JsonResponse
from django.utils.translation import gettext as _


def reply(status, http_status, *, errors=None, **fields):
    body = {"status": status, **fields}
    if errors is not None:
        body["errors"] = errors
    return JsonResponse(body, status=http_status)


def saved(record, *, created):
    """201 for a new record; 200 for a repeat send that found it already saved."""
    return reply("saved", 201 if created else 200, id=str(record.uuid), created=created)


def invalid(errors):
    return reply("invalid", 400, errors=errors)


def belongs_to_someone_else(field):
    # A 404, as for any other person's record: it confirms nothing about it.
    return reply("rejected", 404, errors={field: [_("This record belongs to another account.")]})
