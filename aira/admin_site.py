"""The admin, behind the same front door as everyone else.

Django's own admin login form would check a password on its own: no rate limit, no
second factor. Here the admin's login page sends visitors to allauth's (which has both),
and the admin opens only for staff who have turned on two-factor sign-in.
"""

from functools import update_wrapper

from allauth.account.decorators import secure_admin_login
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import admin, messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext_lazy as _

TWO_FACTOR_FIRST = _(
    "The admin opens once two-factor sign-in is on for your account, because it can change "
    "what everyone reads. Set up an authenticator app here, then go back to the admin."
)


def needs_two_factor(user):
    """Staff who could open the admin but have no authenticator app turned on."""
    return (
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and not is_mfa_enabled(user, [Authenticator.Type.TOTP])
    )


class AiraAdminSite(admin.AdminSite):
    site_header = _("Aira content")
    site_title = _("Aira admin")
    index_title = _("Content and accounts")

    def login(self, request, extra_context=None):
        """A visitor is sent to allauth's login (with ?next= back here), anyone signed in
        without is_staff gets a 403, and signed-in staff go to the admin's index.

        Django's own form is never used, not even by staff: a POST to it would sign in
        as another account with its password alone, with no limit on the guesses."""

        @secure_admin_login
        def signed_in_staff(request, extra_context=None):
            return redirect("admin:index")

        return signed_in_staff(request, extra_context)

    def password_change(self, request, extra_context=None):
        """Staff change their password where everyone does: allauth's page asks for the
        old one under its rate limits, emails a notice and can sign out other devices."""
        return redirect("account_change_password")

    def password_change_done(self, request, extra_context=None):
        return redirect("account_change_password")

    def admin_view(self, view, cacheable=False):
        checked = super().admin_view(view, cacheable)
        # Signing out needs no second factor: staff without one can still leave.
        leaving = getattr(view, "__name__", "") == "logout"

        def inner(request, *args, **kwargs):
            if not leaving and needs_two_factor(request.user):
                messages.warning(request, TWO_FACTOR_FIRST)
                return redirect("mfa_activate_totp")
            return checked(request, *args, **kwargs)

        return update_wrapper(inner, checked)

    def get_urls(self):
        urls = super().get_urls()
        for index, pattern in enumerate(urls):
            if getattr(pattern, "name", None) == "view_on_site":
                urls[index] = path(
                    str(pattern.pattern),
                    self.admin_view(self.view_on_site),
                    name="view_on_site",
                )
        return urls

    def view_on_site(self, request, content_type_id, object_id):
        """Django's "view on site" shortcut, for the models this admin manages only.

        Django's own answers for any model with get_absolute_url: a redirect for a
        check-in's id that exists and a 404 for one that does not would let staff count
        people's records, though those models are not in the admin at all.
        """
        from django.contrib.contenttypes import views as contenttype_views
        from django.contrib.contenttypes.models import ContentType

        try:
            model = ContentType.objects.get_for_id(int(content_type_id)).model_class()
        except (ContentType.DoesNotExist, ValueError):
            raise Http404("No such content type.") from None
        model_admin = self._registry.get(model)
        if model_admin is None or not model_admin.has_view_or_change_permission(request):
            raise Http404("Not in the admin.")
        return contenttype_views.shortcut(request, content_type_id, object_id)
