"""Workflows that touch several apps' models."""

from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.db import transaction

from practices.models import PracticeSession, PracticeTotals
from tracking.models import CheckIn, TrackingPreferences


def bookmarks_of(user):
    """The user's library bookmarks, or None while the library app has no Bookmark model."""
    try:
        bookmark = apps.get_model("library", "Bookmark")
    except LookupError:
        return None
    return bookmark.objects.filter(user=user)


def delete_account(*, user):
    """Delete the account and every personal row, in one transaction, and end its sessions.

    Rows are deleted explicitly, app by app, so the list below is what the privacy page
    promises; deleting the user afterwards cascades to anything else that points at it
    (allauth's email confirmations, admin log entries, ...). The caller logs the
    request out.
    """
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.usersessions.models import UserSession

    session_store = import_module(settings.SESSION_ENGINE).SessionStore
    with transaction.atomic():
        PracticeSession.objects.for_user(user).delete()
        PracticeTotals.objects.filter(user=user).delete()  # counted from those sessions
        CheckIn.objects.for_user(user).delete()
        TrackingPreferences.objects.filter(user=user).delete()
        bookmarks = bookmarks_of(user)
        if bookmarks is not None:
            bookmarks.delete()
        EmailAddress.objects.filter(user=user).delete()
        Authenticator.objects.filter(user=user).delete()
        # End every signed-in session of this user (allauth records each one), on every
        # device: the Django session goes, so the browser holding it is logged out.
        user_sessions = UserSession.objects.filter(user=user)
        for session_key in user_sessions.values_list("session_key", flat=True):
            session_store().delete(session_key)
        user_sessions.delete()
        # Its cached progress and history pages go too (tracking/caching.py).
        user.delete()
