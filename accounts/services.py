"""Deleting an account: every app's rows about the person, then the account itself."""

from importlib import import_module

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.db import transaction

from accounts import personal_data


def delete_account(*, user):
    """Delete the account and every personal row, in one transaction, and end its sessions.

    Each app deletes its own rows explicitly (its personal_data module), so what the
    privacy page promises is written down app by app; deleting the user afterwards
    cascades to anything else that points at it (allauth's email confirmations, admin
    log entries, ...). The caller logs the request out.
    """
    session_store = import_module(settings.SESSION_ENGINE).SessionStore
    with transaction.atomic():
        personal_data.delete_rows(user)
        EmailAddress.objects.filter(user=user).delete()
        Authenticator.objects.filter(user=user).delete()
        # End every signed-in session of this user (allauth records each one), on every
        # device: the Django session goes, so the browser holding it is logged out.
        user_sessions = UserSession.objects.filter(user=user)
        for session_key in user_sessions.values_list("session_key", flat=True):
            session_store().delete(session_key)
        user_sessions.delete()
        user.delete()
