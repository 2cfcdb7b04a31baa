from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.utils import timezone


class PermissionsPolicyMiddleware:
    """Turn off browser features Aira never uses (camera, microphone, location...)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class TimezoneMiddleware:
    """Use the person's own time zone (sent by aira.js in a cookie) for days and times.

    Progress counts days; a session at 23:30 belongs to the day the person lived it,
    not to UTC's. An unknown or missing zone falls back to settings.TIME_ZONE.
    """

    COOKIE = "aira_tz"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        name = request.COOKIES.get(self.COOKIE, "")
        try:
            zone = ZoneInfo(name) if 0 < len(name) <= 64 else None
        except (ZoneInfoNotFoundError, ValueError):
            zone = None
        if zone is None:
            timezone.deactivate()
        else:
            timezone.activate(zone)
        return self.get_response(request)
