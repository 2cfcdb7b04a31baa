"""Workflows over the practice sessions and check-ins tracking keeps."""

from django.db import transaction

from tracking.models import TrackingPreferences


@transaction.atomic
def delete_practice_session(*, session):
    """Delete one practice session, and mark its owner's progress and history pages as
    out of date (tracking/caching.py notices saves by itself, not deletions)."""
    user_id = session.user_id
    session.delete()
    if user_id is not None:
        TrackingPreferences.data_changed(user_id)
