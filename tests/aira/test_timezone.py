from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone

from aira.middleware import TimezoneMiddleware


def zone_seen_with(cookie):
    seen = {}

    def view(request):
        seen["zone"] = timezone.get_current_timezone_name()
        return HttpResponse()

    request = RequestFactory().get("/")
    if cookie is not None:
        request.COOKIES["aira_tz"] = cookie
    TimezoneMiddleware(view)(request)
    return seen["zone"]


def test_the_browsers_time_zone_is_used():
    assert zone_seen_with("Europe/Berlin") == "Europe/Berlin"


@pytest.mark.parametrize("cookie", [None, "", "Mars/Olympus", "../../etc/passwd", "x" * 200])
def test_missing_or_bogus_zone_falls_back_to_the_server_zone(cookie, settings):
    assert zone_seen_with(cookie) == settings.TIME_ZONE


@pytest.mark.django_db
def test_history_shows_a_late_check_in_on_the_persons_own_day(owner_client, user):
    from tracking.models import CheckIn

    CheckIn.objects.create(
        user=user,
        anxiety=4,
        mood=3,
        created_at=datetime(2026, 11, 27, 23, 30, tzinfo=ZoneInfo("UTC")),
    )
    assert "Fri 27 Nov 2026, 23:30" in owner_client.get("/progress/history/").content.decode()
    owner_client.cookies["aira_tz"] = "Europe/Berlin"
    assert "Sat 28 Nov 2026, 00:30" in owner_client.get("/progress/history/").content.decode()
