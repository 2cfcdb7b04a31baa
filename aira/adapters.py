from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse


class AccountAdapter(DefaultAccountAdapter):
    def get_password_change_redirect_url(self, request):
        """After a new password, show where the account is signed in.

        Changing the password already signs out every other device (their sessions no
        longer match it); the list confirms that, and offers to end this one too.
        """
        return reverse("usersessions_list")
