import re
from datetime import UTC, datetime, timedelta

import pytest
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db

HISTORY = reverse("tracking:history")


def entries(html):
    """The visible entries of a history page, in order, as short labels."""
    return re.findall(r'<li class="history-item">\s*<a href="[^"]+"><strong>([^<]+)</strong>', html)


@pytest.fixture
def mixed(user, make_practice, make_session, make_checkin):
    box = make_practice(title="Box breathing")
    scan = make_practice(title="Body scan")
    base = datetime(2026, 5, 10, 12, 0, tzinfo=UTC)
    make_session(user, box, started_at=base, before=7, after=4)  # 10 May
    make_checkin(user, anxiety=3, created_at=base + timedelta(hours=1))  # 10 May
    make_session(user, scan, started_at=base + timedelta(days=1))  # 11 May
    make_checkin(user, anxiety=8, created_at=base + timedelta(days=2), tags="work")  # 12 May
    return {"box": box, "scan": scan}


def test_sessions_and_checkins_are_merged_newest_first(owner_client, mixed):
    html = owner_client.get(HISTORY).content.decode()
    assert entries(html) == ["Check-in", "Body scan", "Check-in", "Box breathing"]
    assert "Newest first." in html
    assert "anxiety 8, mood okay · Work" in html
    assert "before 7, after 4" in html


def test_each_entry_links_to_its_page_with_its_local_time(owner_client, user, mixed):
    html = owner_client.get(HISTORY).content.decode()
    for session in user.practice_sessions.all():
        moment = timezone.localtime(session.started_at)
        # As the date filter writes it (the page builds it for less: tracking/history.py).
        shown = date_filter(moment, "D j M Y, H:i")
        stamp = date_filter(moment, "c")
        link = reverse("tracking:session_detail", args=[session.uuid])
        assert f'<a href="{link}"><strong>{session.practice.title}</strong></a>' in html
        assert f'<time datetime="{stamp}">{shown}</time>' in html
    for checkin in user.checkins.all():
        assert f'<a href="{checkin.get_absolute_url()}"><strong>Check-in</strong></a>' in html


def test_other_users_entries_are_not_listed(client, other_user, mixed):
    client.force_login(other_user)
    html = client.get(HISTORY).content.decode()
    assert entries(html) == []
    assert "Nothing here yet" in html
    # Their practice list only offers practices they used.
    assert "Box breathing" not in html


def test_filter_by_practice_shows_only_its_sessions(owner_client, mixed):
    html = owner_client.get(HISTORY, {"practice": mixed["box"].pk}).content.decode()
    assert entries(html) == ["Box breathing"]


def test_filter_by_kind(owner_client, mixed):
    html = owner_client.get(HISTORY, {"kind": "checkins"}).content.decode()
    assert entries(html) == ["Check-in", "Check-in"]
    html = owner_client.get(HISTORY, {"kind": "sessions"}).content.decode()
    assert entries(html) == ["Body scan", "Box breathing"]


def test_filter_by_date_range_includes_both_ends(owner_client, mixed):
    html = owner_client.get(HISTORY, {"start": "2026-05-11", "end": "2026-05-12"}).content.decode()
    assert entries(html) == ["Check-in", "Body scan"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"start": "2026-13-45"}, "Enter a date like 2026-11-01."),
        ({"end": "yesterday"}, "Enter a date like 2026-11-01."),
        ({"start": "2026-05-12", "end": "2026-05-10"}, "The first day must be on or before"),
        ({"practice": "999999"}, "Choose a practice from the list."),
        ({"practice": "abc"}, "Choose a practice from the list."),
    ],
)
def test_invalid_filters_show_a_message_not_an_error(owner_client, mixed, params, message):
    response = owner_client.get(HISTORY, params)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "These filters could not be used" in html
    assert len(entries(html)) == 4


def test_history_is_paginated_by_20_and_keeps_filters(owner_client, user, make_checkin):
    now = timezone.now()
    for i in range(45):
        make_checkin(user, anxiety=i % 11, created_at=now - timedelta(hours=i))
    first = owner_client.get(HISTORY, {"kind": "checkins"}).content.decode()
    assert len(entries(first)) == 20
    assert "Page 1" in first
    assert 'href="?kind=checkins&amp;page=2"' in first
    assert "Newer" not in first
    last = owner_client.get(HISTORY, {"kind": "checkins", "page": 3}).content.decode()
    assert len(entries(last)) == 5
    assert "Page 3" in last
    assert 'href="?kind=checkins&amp;page=2"' in last  # Newer
    assert "Older" not in last
    # A page past the end says so and links back to the newest, rather than an error.
    response = owner_client.get(HISTORY, {"kind": "checkins", "page": 99})
    assert response.status_code == 200
    past = response.content.decode()
    assert entries(past) == []
    assert "Your history ends before page 99." in past
    assert 'href="?kind=checkins">Back to the newest entries</a>' in past
    # Not a whole number from 1: the first page.
    assert len(entries(owner_client.get(HISTORY, {"page": "x"}).content.decode())) == 20


def test_history_query_count_is_fixed(
    owner_client,
    user,
    practice,
    make_session,
    make_checkin,
    reader_language,
    django_assert_max_num_queries,
):
    for i in range(30):
        make_session(user, practice, started_at=timezone.now() - timedelta(days=i))
        make_checkin(user, created_at=timezone.now() - timedelta(days=i))
    owner_client.get(HISTORY)
    with django_assert_max_num_queries(8):
        owner_client.get(HISTORY)


def test_session_detail_shows_the_ratings(owner_client, session):
    html = owner_client.get(
        reverse("tracking:session_detail", args=[session.uuid])
    ).content.decode()
    assert "Box breathing" in html
    assert "7 of 10" in html and "4 of 10" in html
    assert "\u22123 (after minus before: you felt less distressed afterwards)" in html


def test_an_unfinished_session_shows_its_before_rating(
    owner_client, user, make_practice, make_session
):
    make_session(user, make_practice("Box breathing"), before=7, finished=False)
    html = owner_client.get(HISTORY).content.decode()
    assert "not finished · before 7</span>" in html


# --- Deleting one practice session ------------------------------------------------------


def test_deleting_a_session_asks_first_then_removes_only_it(
    owner_client, user, session, make_session, practice
):
    from practices.models import PracticeSession

    kept = make_session(user, practice)
    url = reverse("tracking:session_delete", args=[session.uuid])
    page = owner_client.get(url).content.decode()
    assert "Delete this practice session?" in page
    assert PracticeSession.objects.filter(pk=session.pk).exists()

    response = owner_client.post(url)
    assert response.status_code == 302
    assert response.headers["Location"] == HISTORY
    assert list(PracticeSession.objects.filter(user=user)) == [kept]
    assert "Practice session deleted." in owner_client.get(HISTORY).content.decode()


def test_the_history_list_and_progress_forget_a_deleted_session(owner_client, session):
    assert session.practice.title in owner_client.get(HISTORY).content.decode()
    assert owner_client.get(reverse("tracking:progress")).context["totals"]["sessions"] == 1
    owner_client.post(reverse("tracking:session_delete", args=[session.uuid]))
    html = owner_client.get(HISTORY).content.decode()
    assert "Nothing here yet" in html
    totals = owner_client.get(reverse("tracking:progress")).context["totals"]
    assert totals["sessions"] == 0


def test_history_rows_link_to_delete_with_htmx_and_without(owner_client, session):
    html = owner_client.get(HISTORY).content.decode()
    url = reverse("tracking:session_delete", args=[session.uuid])
    assert f'href="{url}" hx-get="{url}"' in html


def test_deleting_with_htmx_asks_and_answers_inside_the_row(owner_client, session):
    from practices.models import PracticeSession

    url = reverse("tracking:session_delete", args=[session.uuid])
    ask = owner_client.get(url, headers={"HX-Request": "true"})
    assert "<html" not in ask.content.decode()
    assert f'hx-post="{url}"' in ask.content.decode()
    assert ask.headers["Vary"].count("HX-Request") == 1

    answer = owner_client.post(url, headers={"HX-Request": "true"})
    assert answer.status_code == 200
    assert "<html" not in answer.content.decode()
    assert 'data-announce="Practice session deleted."' in answer.content.decode()
    assert not PracticeSession.objects.filter(pk=session.pk).exists()


def test_someone_elses_session_cannot_be_deleted(client, other_user, session):
    from practices.models import PracticeSession

    client.force_login(other_user)
    url = reverse("tracking:session_delete", args=[session.uuid])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert PracticeSession.objects.filter(pk=session.pk).exists()


def test_a_visitor_is_sent_to_log_in_to_delete(client, session):
    from practices.models import PracticeSession

    response = client.post(reverse("tracking:session_delete", args=[session.uuid]))
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/accounts/login/")
    assert PracticeSession.objects.filter(pk=session.pk).exists()


def test_deleting_is_a_post(owner_client, session):
    url = reverse("tracking:session_delete", args=[session.uuid])
    assert owner_client.put(url).status_code == 405
