import time

from allauth.account import app_settings as allauth_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.forms import ChangePasswordForm as AllauthChangePasswordForm
from allauth.account.forms import ResetPasswordKeyForm as AllauthResetPasswordKeyForm
from allauth.account.forms import SetPasswordForm as AllauthSetPasswordForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.account.internal.flows.login import get_authentication_records, record_authentication
from allauth.core import context
from django.contrib.auth.hashers import make_password
from django.contrib.sites.shortcuts import get_current_site
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from aira.tasks import send_later


class AccountAdapter(DefaultAccountAdapter):
    def login(self, request, user):
        """Logging in with the password (and a two-factor code) is itself a fresh check:
        for the next 5 minutes, turning on two-factor or changing an email address does
        not ask for the password again (README, "Accounts").

        allauth counts only its "confirm it's you" form as such a check, so someone who had
        just logged in was asked for their password again seconds later. Only a password
        or code typed just now counts: a login by an email-confirmation link does not."""
        super().login(request, user)
        records = get_authentication_records(request, user)
        if not records:
            return
        last = records[-1]
        typed_just_now = time.time() - last.get("at", 0) < allauth_settings.REAUTHENTICATION_TIMEOUT
        if last.get("method") in allauth_settings.REAUTHENTICATION_METHODS and typed_just_now:
            record_authentication(request, user, method=last["method"], reauthenticated=True)

    def get_password_change_redirect_url(self, request):
        """After a new password, show where the account is signed in.

        Changing the password already signs out every other device (their sessions no
        longer match it); the list confirms that, and offers to end this one too.
        """
        return reverse("usersessions_list")

    def send_mail(self, template_prefix, email, context_data):
        """Render the email now (it needs the request: the site's address, the person's
        language) and hand it to the worker to send (aira/tasks.py). A mail server
        that is down never fails the request: the message waits in the queue and goes
        when the server is back."""
        request = context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request)}
        ctx.update(context_data)
        send_later(self.render_mail(template_prefix, email, ctx))


NEW_PASSWORD_HELP = _(
    "At least 10 characters. A few ordinary words strung together are easy to remember "
    "and hard to guess."
)


class CalmPasswordFieldsMixin:
    """allauth's new-password fields in Aira's words: sentence-case labels, one plain
    sentence of help instead of every validator's rule, and no help under a field that
    already has an error (the error says the same thing, and it read twice)."""

    new_password_labels: dict = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in self.new_password_labels.items():
            field = self.fields.get(name)
            if field is None:
                continue
            field.label = label
            field.widget.attrs.pop("placeholder", None)
        if "password1" in self.fields:
            self.fields["password1"].help_text = NEW_PASSWORD_HELP

    def full_clean(self):
        super().full_clean()
        for name, field in self.fields.items():
            if name in self._errors:
                # The bound field copied the help text when cleaning made it.
                field.help_text = self[name].help_text = ""


class ChangePasswordForm(CalmPasswordFieldsMixin, AllauthChangePasswordForm):
    new_password_labels = {
        "oldpassword": _("Current password"),
        "password1": _("New password"),
        "password2": _("New password (again)"),
    }


class ResetPasswordKeyForm(CalmPasswordFieldsMixin, AllauthResetPasswordKeyForm):
    new_password_labels = {
        "password1": _("New password"),
        "password2": _("New password (again)"),
    }


class SetPasswordForm(CalmPasswordFieldsMixin, AllauthSetPasswordForm):
    new_password_labels = {
        "password1": _("Password"),
        "password2": _("Password (again)"),
    }


class SignupForm(CalmPasswordFieldsMixin, AllauthSignupForm):
    new_password_labels = {
        "password1": _("Password"),
        "password2": _("Password (again)"),
    }

    def try_save(self, request):
        """A new account's password is hashed, which is slow on purpose (about a third of
        a second); a taken address only sends an email. Without the same work here the
        answer for a taken address came about 25 times sooner, and the time alone told
        that the address has an account (scripts/signup_timing.py measures both)."""
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1"))
        return super().try_save(request)
