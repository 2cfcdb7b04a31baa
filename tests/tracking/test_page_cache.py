"""The progress statistics and the history list come from the cache, yet every change
to a person's data shows at once, and nobody ever sees anyone else's (tracking/caching.py).
"""

import re
import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from aira.fragments import cache
from aira.models import User
from tracking.caching import page_key
from tracking.models import TrackingPreferences

pytestmark = pytest.mark.django_db

PROGRESS = reverse("tracking:progress")
HISTORY = reverse("tracking:history")


@pytest.fixture(autouse=True)
def preferences_rows(user, other_user):
    """Long-time users: their preferences row (which holds the data version) exists
    before the changes under test, so each test below exercises the cached pages."""
    for person in (user, other_user):
        TrackingPreferences.objects.create(user=person)


def recent_anxieties(html):
    """The anxiety of each check-in under "Your recent check-ins", newest first."""
    return [int(n) for n in re.findall(r"</time></a>:\s*anxiety (\d+),", html)]


def helps_titles(html):
    return re.findall(r'<li class="helps-item">\s*<h3><a href="[^"]+">([^<]+)</a>', html)


def history_titles(html):
    return re.findall(r'<li class="history-item">\s*<a href="[^"]+"><strong>([^<]+)</strong>', html)


def quick_checkin(client, anxiety, **headers):
    return client.post(
        reverse("tracking:checkin_create"),
        {"uuid": str(uuid.uuid4()), "anxiety": anxiety, "mood": 3},
        **headers,
    )


def test_a_new_checkin_shows_at_once_on_a_cached_page(owner_client, user, make_checkin):
    make_checkin(user, anxiety=4)
    assert recent_anxieties(owner_client.get(PROGRESS).content.decode()) == [4]
    assert recent_anxieties(owner_client.get(PROGRESS).content.decode()) == [4]
    assert cache.get(page_key("progress", user.pk)) is not None  # served from here now

    quick_checkin(owner_client, 9)
    html = owner_client.get(PROGRESS).content.decode()
    assert recent_anxieties(html) == [9, 4]
    # The trend's table counts both (one day, average 6.5).
    assert re.search(r"<td>6\.5</td><td>2</td>", html)


def test_a_checkin_synced_from_an_offline_device_shows_at_once(owner_client, user):
    owner_client.get(PROGRESS)
    response = owner_client.post(
        reverse("tracking:checkin_sync"), {"uuid": str(uuid.uuid4()), "anxiety": 3, "mood": 2}
    )
    assert response.status_code == 201
    assert recent_anxieties(owner_client.get(PROGRESS).content.decode()) == [3]


def test_the_htmx_checkin_panel_lists_the_new_checkin(owner_client, user, make_checkin):
    make_checkin(user, anxiety=2)
    owner_client.get(PROGRESS)
    panel = quick_checkin(owner_client, 7, HTTP_HX_REQUEST="true").content.decode()
    assert "Check-in saved." in panel
    assert recent_anxieties(panel) == [7, 2]


def test_editing_and_deleting_a_checkin_show_at_once(owner_client, user, make_checkin):
    checkin = make_checkin(user, anxiety=5)
    assert recent_anxieties(owner_client.get(PROGRESS).content.decode()) == [5]
    assert "Check-in" in history_titles(owner_client.get(HISTORY).content.decode())

    owner_client.post(
        reverse("tracking:checkin_edit", args=[checkin.uuid]), {"anxiety": 1, "mood": 4}
    )
    assert recent_anxieties(owner_client.get(PROGRESS).content.decode()) == [1]

    owner_client.post(reverse("tracking:checkin_delete", args=[checkin.uuid]))
    assert recent_anxieties(owner_client.get(PROGRESS).content.decode()) == []
    assert history_titles(owner_client.get(HISTORY).content.decode()) == []


def test_a_finished_session_shows_in_what_helps_and_history_at_once(
    owner_client, user, practice, make_session
):
    owner_client.get(PROGRESS)
    owner_client.get(HISTORY)
    make_session(user, practice, before=8, after=3)
    assert helps_titles(owner_client.get(PROGRESS).content.decode()) == ["Box breathing"]
    assert history_titles(owner_client.get(HISTORY).content.decode()) == ["Box breathing"]


def test_a_renamed_practice_shows_its_new_title_at_once(owner_client, user, practice, make_session):
    make_session(user, practice, before=8, after=3)
    assert helps_titles(owner_client.get(PROGRESS).content.decode()) == ["Box breathing"]
    assert history_titles(owner_client.get(HISTORY).content.decode()) == ["Box breathing"]

    practice.title = "Square breathing"
    practice.save()
    assert helps_titles(owner_client.get(PROGRESS).content.decode()) == ["Square breathing"]
    assert history_titles(owner_client.get(HISTORY).content.decode()) == ["Square breathing"]


def test_hiding_a_section_shows_at_once(owner_client, user, make_checkin):
    make_checkin(user, anxiety=4)
    assert 'id="trend"' in owner_client.get(PROGRESS).content.decode()
    owner_client.post(
        reverse("tracking:preferences"), {"show_practice_days": "on", "show_totals": "on"}
    )
    assert 'id="trend"' not in owner_client.get(PROGRESS).content.decode()


def test_a_new_day_is_not_served_yesterdays_page(owner_client, user, make_checkin, monkeypatch):
    make_checkin(user, anxiety=4)
    today = timezone.localdate()
    owner_client.get(PROGRESS)
    html = owner_client.get(PROGRESS).content.decode()
    assert f"{today.day} {today:%b}" in html  # the chart's last label is today

    tomorrow = timezone.now() + timedelta(days=1)
    monkeypatch.setattr(timezone, "now", lambda: tomorrow)
    next_day = timezone.localdate(tomorrow)
    assert f"{next_day.day} {next_day:%b}" in owner_client.get(PROGRESS).content.decode()


def test_another_persons_page_is_never_served(client, user, other_user, make_checkin):
    make_checkin(user, anxiety=9, created_at=timezone.now())
    make_checkin(other_user, anxiety=1, created_at=timezone.now())
    client.force_login(user)
    assert recent_anxieties(client.get(PROGRESS).content.decode()) == [9]
    client.force_login(other_user)
    assert recent_anxieties(client.get(PROGRESS).content.decode()) == [1]
    assert history_titles(client.get(HISTORY).content.decode()) == ["Check-in"]
    assert "anxiety 9" not in client.get(HISTORY).content.decode()


def test_deleting_the_account_deletes_its_cached_pages(client, user, password, make_checkin):
    make_checkin(user, anxiety=9)
    client.force_login(user)
    client.get(PROGRESS)
    client.get(HISTORY)
    user_id = user.pk
    assert cache.get(page_key("progress", user_id)) is not None
    assert cache.get(page_key("history", user_id)) is not None

    client.post(reverse("accounts:delete_account"), {"password": password})
    assert not User.objects.filter(pk=user_id).exists()
    assert cache.get(page_key("progress", user_id)) is None
    assert cache.get(page_key("history", user_id)) is None


def test_a_user_deleted_in_the_admin_leaves_no_cached_pages(
    client, admin_client, user, make_checkin
):
    make_checkin(user, anxiety=9)
    client.force_login(user)
    client.get(PROGRESS)
    assert cache.get(page_key("progress", user.pk)) is not None
    admin_client.post(f"/admin/aira/user/{user.pk}/delete/", {"post": "yes"})
    assert not User.objects.filter(pk=user.pk).exists()
    assert cache.get(page_key("progress", user.pk)) is None


def test_a_page_built_while_the_account_is_deleted_is_not_kept(user, make_checkin, rf):
    from tracking.caching import progress_fragments

    make_checkin(user, anxiety=9)
    preferences = TrackingPreferences.for_user(user)  # read before the deletion commits
    request = rf.get(PROGRESS)
    request.user = user
    User.objects.filter(pk=user.pk).delete()
    progress_fragments(request, preferences=preferences)
    assert cache.get(page_key("progress", user.pk)) is None


def test_a_new_account_reusing_an_id_never_sees_the_old_pages(client, user, make_checkin):
    """SQLite may give a deleted user's id to the next account: even if the old pages
    were still in the cache, the newcomer's own page is built."""
    make_checkin(user, anxiety=9, note="private")
    client.force_login(user)
    assert recent_anxieties(client.get(PROGRESS).content.decode()) == [9]
    stored = cache.get(page_key("progress", user.pk))
    user_id = user.pk
    user.delete()
    cache.set(page_key("progress", user_id), stored)  # as if the cache had kept it

    newcomer = User.objects.create_user(email="newcomer@example.com", id=user_id)
    make_checkin(newcomer, anxiety=2)
    client.force_login(newcomer)
    assert recent_anxieties(client.get(PROGRESS).content.decode()) == [2]


def test_every_change_gets_a_new_data_version(make_user, make_checkin, make_practice, make_session):
    user = make_user()
    assert not TrackingPreferences.objects.filter(user=user).exists()
    checkin = make_checkin(user)  # the first change makes the row
    first = TrackingPreferences.objects.get(user=user).data_version
    make_session(user, make_practice())
    second = TrackingPreferences.objects.get(user=user).data_version
    checkin.delete()
    third = TrackingPreferences.objects.get(user=user).data_version
    assert len({first, second, third}) == 3


def test_the_seed_command_moves_the_data_version(user, make_practice):
    from django.core.management import call_command

    make_practice()
    call_command("seed_history", "--email", user.email, "--sessions", "3", "--checkins", "3")
    before = TrackingPreferences.objects.get(user=user).data_version
    call_command(
        "seed_history", "--email", user.email, "--sessions", "2", "--checkins", "2", "--replace"
    )
    assert TrackingPreferences.objects.get(user=user).data_version != before


def test_warm_pages_cost_a_few_queries_whatever_the_history(
    client, make_user, make_practice, make_session, make_checkin, django_assert_num_queries
):
    practice = make_practice()
    for count in (2, 300):
        person = make_user()
        for i in range(count):
            make_session(person, practice, before=7, after=4, started_at=timezone.now())
            make_checkin(person, anxiety=i % 11)
        client.force_login(person)
        client.get(PROGRESS)
        client.get(HISTORY)
        # session, user, preferences (and one cache read with the production cache)
        with django_assert_num_queries(3):
            assert client.get(PROGRESS).status_code == 200
        with django_assert_num_queries(3):
            assert client.get(HISTORY).status_code == 200


def test_saving_preferences_never_undoes_a_change_made_meanwhile(user, make_checkin):
    from tracking.forms import PreferencesForm

    form = PreferencesForm(
        {"show_practice_days": "on", "show_trend": "on"},
        instance=TrackingPreferences.for_user(user),
    )
    make_checkin(user)  # another tab, while the preferences page was open
    changed = TrackingPreferences.objects.get(user=user).data_version
    assert form.is_valid()
    form.save()
    saved = TrackingPreferences.objects.get(user=user)
    assert saved.data_version == changed
    assert (saved.show_totals, saved.show_trend) == (False, True)
