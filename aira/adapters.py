from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.forms import SignupForm as AllauthSignupForm
from django.contrib.auth.hashers import make_password
from django.urls import reverse


class AccountAdapter(DefaultAccountAdapter):
    def get_password_change_redirect_url(self, request):
        """After a new password, show where the account is signed in.

        Changing the password already signs out every other device (their sessions no
        longer match it); the list confirms that, and offers to end this one too.
        """
        return reverse("usersessions_list")


class SignupForm(AllauthSignupForm):
    def try_save(self, request):
        """A new account's password is hashed, which is slow on purpose (about a third of
        a second); a taken address only sends an email. Without the same work here the
        answer for a taken address came about 25 times sooner, and the time alone told
        that the address has an account (scripts/signup_timing.py measures both)."""
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1"))
        return super().try_save(request)
