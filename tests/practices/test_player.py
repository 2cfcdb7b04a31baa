"""A person walks through a practice: begin, rate, steps, rate again, summary."""

import json
import re
import uuid
from html import unescape as html_unescape

import pytest
from django.utils.html import strip_tags

from practices.models import PracticeSession
from tests.factories import BREATHE_4_6

pytestmark = pytest.mark.django_db


def test_practice_page_says_what_it_is_how_long_and_what_to_expect(client, practice):
    html = client.get("/practices/calm-breath/").content.decode()
    assert "<h1>Calm Breath</h1>" in html
    assert "about 3 minutes" in html
    assert "3 short steps" in html
    assert 'name="session_id"' in html
    assert ">Begin</button>" in html


def test_unpublished_practice_is_404_for_the_public(client, make_practice):
    make_practice("hidden", is_published=False)
    assert client.get("/practices/hidden/").status_code == 404
    assert client.get("/practices/").content.decode().count("Hidden") == 0


def test_staff_can_preview_an_unpublished_practice_in_the_player(
    admin_client, make_practice, begin
):
    make_practice("draft-practice", is_published=False)
    html = admin_client.get("/practices/draft-practice/").content.decode()
    assert "Preview: this practice is not published." in html


def test_begin_then_before_rating_then_steps_then_after_then_summary(client, practice, begin):
    session_id, response = begin(practice)
    base = f"/practices/calm-breath/s/{session_id}"
    assert response.status_code == 302
    assert response.headers["Location"] == f"{base}/before/"
    assert (
        "How strong is your distress right now?" in client.get(f"{base}/before/").content.decode()
    )

    response = client.post(f"{base}/before/", {"rating": "7"})
    assert response.headers["Location"] == f"{base}/step/1/"
    for number in (1, 2, 3):
        page = client.get(f"{base}/step/{number}/").content.decode()
        assert f"Step {number} of 3" in page
        assert f"Text {number}" in page
        response = client.post(f"{base}/step/{number}/")
    assert response.headers["Location"] == f"{base}/after/"

    response = client.post(f"{base}/after/", {"rating": "4"})
    assert response.headers["Location"] == f"{base}/done/"
    summary = client.get(f"{base}/done/").content.decode()
    assert "You went from 7 to 4." in strip_tags(summary)
    assert "Create an account" in summary  # visitors are invited to keep their history

    session = PracticeSession.objects.get(uuid=session_id)
    assert session.user is None
    assert (session.rating_before, session.rating_after) == (7, 4)
    assert session.steps_completed == 3
    assert session.finished and session.ended_at is not None


def test_the_before_rating_can_be_skipped(client, practice, begin):
    session_id, _ = begin(practice)
    response = client.post(f"/practices/calm-breath/s/{session_id}/before/", {"skip": "on"})
    assert response.headers["Location"].endswith("/step/1/")
    assert PracticeSession.objects.get(uuid=session_id).rating_before is None


def test_the_after_rating_can_be_skipped_and_the_summary_still_kind(client, practice, begin):
    session_id, _ = begin(practice, skip_rating="on")
    client.post(f"/practices/calm-breath/s/{session_id}/after/", {"skip": "on"})
    summary = client.get(f"/practices/calm-breath/s/{session_id}/done/").content.decode()
    assert "You completed Calm Breath." in summary


@pytest.mark.parametrize("bad", ["-1", "11", "seven", "3.5", "99999999999999999999"])
def test_ratings_outside_0_to_10_get_a_clear_message_and_save_nothing(client, practice, begin, bad):
    session_id, _ = begin(practice)
    response = client.post(f"/practices/calm-breath/s/{session_id}/before/", {"rating": bad})
    assert response.status_code == 400
    assert "Please choose a number from 0 to 10." in response.content.decode()
    assert PracticeSession.objects.get(uuid=session_id).rating_before is None


def test_begin_with_an_out_of_range_rating_is_refused(client, practice, begin):
    session_id, response = begin(practice, rating="12")
    assert response.status_code == 400
    assert "Please choose a number from 0 to 10." in response.content.decode()
    assert not PracticeSession.objects.filter(uuid=session_id).exists()


def test_rating_form_with_neither_number_nor_skip_asks_again(client, practice, begin):
    session_id, _ = begin(practice)
    response = client.post(f"/practices/calm-breath/s/{session_id}/after/", {})
    assert response.status_code == 400
    assert "Choose a number, or skip this question." in response.content.decode()
    assert not PracticeSession.objects.get(uuid=session_id).finished


def test_pressing_begin_twice_makes_one_session(client, practice, begin):
    session_id, first = begin(practice)
    _, second = begin(practice, session_id=session_id)
    assert first.headers["Location"] == second.headers["Location"]
    assert PracticeSession.objects.filter(uuid=session_id).count() == 1
    assert PracticeSession.objects.count() == 1


def test_repeating_finish_does_not_duplicate_or_move_the_end_time(client, practice, begin):
    session_id, _ = begin(practice, rating="6")
    url = f"/practices/calm-breath/s/{session_id}/after/"
    client.post(url, {"rating": "3"})
    ended = PracticeSession.objects.get(uuid=session_id).ended_at
    client.post(url, {"rating": "3"})
    assert PracticeSession.objects.count() == 1
    assert PracticeSession.objects.get(uuid=session_id).ended_at == ended


def test_begin_after_finishing_leads_to_the_summary_not_a_restart(client, practice, begin):
    session_id, _ = begin(practice, skip_rating="on")
    client.post(f"/practices/calm-breath/s/{session_id}/after/", {"rating": "2"})
    _, response = begin(practice, session_id=session_id, rating="9")
    assert response.headers["Location"].endswith("/done/")
    assert PracticeSession.objects.get(uuid=session_id).rating_before is None


def test_malformed_session_id_is_a_clear_error(client, practice):
    response = client.post("/practices/calm-breath/begin/", {"session_id": "not-a-uuid"})
    assert response.status_code == 400
    assert "This link has expired. Please start again." in response.content.decode()
    assert PracticeSession.objects.count() == 0


def test_step_numbers_outside_the_practice_are_404(client, practice, begin):
    session_id, _ = begin(practice)
    assert client.get(f"/practices/calm-breath/s/{session_id}/step/4/").status_code == 404
    assert client.get(f"/practices/calm-breath/s/{session_id}/step/0/").status_code == 404


def test_going_back_never_lowers_the_steps_completed(client, practice, begin):
    session_id, _ = begin(practice, skip_rating="on")
    base = f"/practices/calm-breath/s/{session_id}"
    client.post(f"{base}/step/1/")
    client.post(f"{base}/step/2/")
    client.post(f"{base}/step/1/")
    assert PracticeSession.objects.get(uuid=session_id).steps_completed == 2


def test_begin_rejects_get(client, practice):
    assert client.get("/practices/calm-breath/begin/").status_code == 405


def test_signed_in_users_sessions_are_saved_to_them(owner_client, user, practice, begin):
    session_id, _ = begin(practice, c=owner_client, rating="5")
    session = PracticeSession.objects.get(uuid=session_id)
    assert session.user == user and session.rating_before == 5
    summary_url = f"/practices/calm-breath/s/{session_id}/done/"
    owner_client.post(f"/practices/calm-breath/s/{session_id}/after/", {"rating": "5"})
    assert "saved in your" in owner_client.get(summary_url).content.decode()


def test_another_user_cannot_see_or_change_my_session(
    client, owner_client, other_user, practice, begin
):
    session_id, _ = begin(practice, c=owner_client, rating="5")
    client.force_login(other_user)
    base = f"/practices/calm-breath/s/{session_id}"
    for url in (f"{base}/before/", f"{base}/step/1/", f"{base}/after/", f"{base}/done/"):
        assert client.get(url).status_code == 404
    assert client.post(f"{base}/after/", {"rating": "0"}).status_code == 404
    # Re-using my session id to begin is refused too, and changes nothing.
    _, response = begin(practice, c=client, session_id=session_id, rating="1")
    assert response.status_code == 404
    session = PracticeSession.objects.get(uuid=session_id)
    assert session.rating_before == 5 and session.rating_after is None


def test_a_visitor_cannot_open_someone_elses_session(client, owner_client, practice, begin):
    session_id, _ = begin(practice, c=owner_client)
    owner_client.logout()
    assert client.get(f"/practices/calm-breath/s/{session_id}/step/1/").status_code == 404


def test_session_of_one_practice_cannot_be_played_under_another(
    client, make_practice, practice, begin
):
    make_practice("other-one")
    session_id, _ = begin(practice)
    assert client.get(f"/practices/other-one/s/{session_id}/step/1/").status_code == 404
    _, response = begin(make_practice("third-one"), session_id=session_id)
    assert response.status_code == 404


def test_same_step_url_gives_fragment_to_htmx_and_full_page_otherwise(client, practice, begin):
    session_id, _ = begin(practice, skip_rating="on")
    url = f"/practices/calm-breath/s/{session_id}/step/2/"
    full = client.get(url)
    fragment = client.get(url, HTTP_HX_REQUEST="true")
    assert "<html" in full.content.decode()
    assert "<html" not in fragment.content.decode()
    assert fragment.content.decode().count('id="player"') == 1
    assert "<title>Step 2 of 3: Step 2 · Calm Breath · Aira</title>" in fragment.content.decode()
    assert "HX-Request" in full.headers["Vary"] and "HX-Request" in fragment.headers["Vary"]
    restore = client.get(url, HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    assert "<html" in restore.content.decode()


def test_player_pages_are_not_cached_or_indexed(client, practice, begin):
    session_id, _ = begin(practice, skip_rating="on")
    response = client.get(f"/practices/calm-breath/s/{session_id}/step/1/")
    assert (
        "no-store" in response.headers["Cache-Control"]
        or "no-cache" in response.headers["Cache-Control"]
    )
    assert '<meta name="robots" content="noindex">' in response.content.decode()


def test_breathing_step_shows_its_pattern_in_words_for_no_javascript(client, practice, begin):
    practice.steps.filter(position=2).update(**BREATHE_4_6, cycles=5)
    session_id, _ = begin(practice, skip_rating="on")
    html = client.get(f"/practices/calm-breath/s/{session_id}/step/2/").content.decode()
    assert "Breathe in for 4, breathe out for 6 seconds. 5 rounds" in html
    plan = json.loads(html_unescape(re.search(r'data-pacer-plan="([^"]+)"', html).group(1)))
    assert plan["paces"]["as-written"] == [[4, 6]] and plan["cycles"] == 5


def test_prompt_boxes_are_never_part_of_a_submitted_form(client, practice, begin):
    practice.steps.filter(position=1).update(
        kind="prompt", input_label="Things you can see", input_count=3
    )
    session_id, _ = begin(practice, skip_rating="on")
    html = client.get(f"/practices/calm-breath/s/{session_id}/step/1/").content.decode()
    boxes = html.split('class="prompt-inputs"')[1].split("</fieldset>")[0]
    assert boxes.count('<input type="text"') == 3
    assert "name=" not in boxes
    assert "never sent to Aira" in boxes


def test_practice_list_groups_by_category_and_filters(client, make_practice):
    make_practice("sleepy", category="sleep", title="Sleepy Time")
    make_practice("panicky", category="panic", title="Panic Help")
    html = client.get("/practices/").content.decode()
    assert "Sleepy Time" in html and "Panic Help" in html
    assert html.index("Panic &amp; SOS") < html.index("Sleep")
    filtered = client.get("/practices/?category=sleep").content.decode()
    assert "Sleepy Time" in filtered and "Panic Help" not in filtered
    assert "Panic Help" in client.get("/practices/?category=nonsense").content.decode()


def test_summary_suggests_another_practice_from_the_same_category(client, make_practice, begin):
    first = make_practice("first-calm", category="sleep")
    make_practice("second-calm", category="sleep", title="Second Calm")
    session_id, _ = begin(first, skip_rating="on")
    html = client.get(f"/practices/first-calm/s/{session_id}/done/").content.decode()
    assert 'Try another: <a href="/practices/second-calm/">Second Calm</a>' in html


def test_a_fresh_session_id_is_offered_on_every_visit(client, practice):
    ids = {
        client.get("/practices/calm-breath/")
        .content.decode()
        .split('name="session_id" value="')[1][:36]
        for _ in range(3)
    }
    assert len(ids) == 3
    assert all(uuid.UUID(i) for i in ids)


def test_signed_in_summary_offers_a_check_in(owner_client, practice, begin):
    session_id, _ = begin(practice, c=owner_client, skip_rating="on")
    html = owner_client.get(f"/practices/calm-breath/s/{session_id}/done/").content.decode()
    assert '<a href="/progress/#checkin">Make a quick check-in</a>' in html


def test_practice_page_describes_the_kinds_of_step(client, practice):
    practice.steps.filter(position=2).update(**BREATHE_4_6, cycles=5)
    html = client.get("/practices/calm-breath/").content.decode()
    assert "3 short steps: gentle guidance, paced breathing." in html


def test_summary_suggests_an_article_that_recommends_this_practice(client, practice, begin):
    from library.models import Article, Topic

    topic = Topic.objects.create(name="Calm", slug="calm", description="d")
    Article.objects.create(
        title="Why slow breathing helps",
        slug="why-slow-breathing-helps",
        summary="s",
        body="b",
        topic=topic,
        status=Article.Status.PUBLISHED,
        recommended_practice=practice,
    )
    session_id, _ = begin(practice, skip_rating="on")
    html = client.get(f"/practices/calm-breath/s/{session_id}/done/").content.decode()
    assert 'Read: <a href="/library/why-slow-breathing-helps/">Why slow breathing helps</a>' in html
