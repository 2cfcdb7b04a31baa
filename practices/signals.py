from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from practices.services import attach_visitor_sessions


@receiver(user_logged_in, dispatch_uid="practices_attach_visitor_sessions")
def attach_sessions_on_login(sender, request, user, **kwargs):
    # Login (including the automatic one after sign-up) is the moment a visitor's
    # practice history becomes theirs to keep.
    if request is not None and hasattr(request, "session"):
        attach_visitor_sessions(request=request, user=user)
