"""Facing the feelings (interoceptive exposure): the safety screen, the exercise's three
ratings, the ladder, and that the exercises are never offered in the middle of panic."""

import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts import personal_data
from practices import builtin
from practices.exposure import SCREEN_SESSION_KEY, ladder_for
from practices.models import (
    Condition,
    Practice,
    PracticePreferences,
    PracticeSession,
    Step,
)

pytestmark = pytest.mark.django_db

EXPOSE_30 = {"kind": "exposure", "title": "Shake", "text": "Shake.", "duration_seconds": 30}


@pytest.fixture
def make_exercise(make_practice):
    def _make(slug, unsuitable_for=(), **fields):
        return make_practice(
            slug,
            category=Practice.Category.EXPOSURE,
            unsuitable_for=list(unsuitable_for),
            steps=[{}, EXPOSE_30, {}],
            **fields,
        )

    return _make


@pytest.fixture
def straw(make_exercise):
    return make_exercise("straw", ["asthma", "heart-lung"], title="Breathe through a straw")


@pytest.fixture
def head_shake(make_exercise):
    return make_exercise("head-shake", ["neck-back"], title="Shake your head")


def screened(client, *conditions):
    return client.post("/practices/facing/safety/", {"conditions": list(conditions)})


def start(client, practice):
    session_id = uuid.uuid4()
    client.post(f"/practices/{practice.slug}/begin/", {"session_id": session_id, "rating": "2"})
    return session_id


def rate(client, practice, session_id, **ratings):
    return client.post(f"/practices/{practice.slug}/s/{session_id}/step/2/", ratings)


# --- The model ------------------------------------------------------------------------


def test_an_exercise_suits_only_people_without_its_conditions(straw):
    assert straw.suits([]) and straw.suits(["pregnancy"])
    assert not straw.suits(["asthma"]) and not straw.suits(["pregnancy", "heart-lung"])
    assert [c.value for c in straw.unsuitable_conditions()] == ["heart-lung", "asthma"]


def test_unknown_conditions_are_refused(straw):
    straw.unsuitable_for = ["asthma", "a cold"]
    with pytest.raises(ValidationError) as refused:
        straw.full_clean()
    assert "unsuitable_for" in refused.value.message_dict


def test_an_exposure_step_needs_a_length_in_the_database_too(straw):
    step = Step(practice=straw, position=9, kind="exposure", title="T", text="T")
    with pytest.raises(ValidationError) as refused:
        step.full_clean()
    assert refused.value.message_dict["duration_seconds"] == [
        "A facing-a-feeling step needs a length in seconds."
    ]
    with pytest.raises(IntegrityError), transaction.atomic():
        step.save()


def test_ratings_above_10_are_refused_by_the_database(straw, user):
    with pytest.raises(IntegrityError), transaction.atomic():
        PracticeSession.objects.create(practice=straw, user=user, anxiety_rating=11)


# --- The built-in exercises -----------------------------------------------------------


def test_eight_built_in_exercises_each_name_what_they_are_unsuitable_for():
    builtin.load()
    # The English ones (a translation is checked in its own words).
    exercises = list(Practice.objects.published().exposure().filter(language="en"))
    assert len(exercises) >= 8
    for practice in exercises:
        assert practice.unsuitable_for, practice.slug
        kinds = list(practice.steps.values_list("kind", flat=True))
        assert kinds.count("exposure") == 1, practice.slug
        assert practice.steps.get(kind="exposure").duration_seconds <= 90
        assert "calm moment" in practice.description
        # The first step names the emergency signs, with the emergency number.
        assert practice.steps.get(position=1).shows_red_flags
    by_slug = {p.slug: p for p in exercises}
    for slug in ("face-breathe-through-a-straw", "face-breathe-fast", "face-run-on-the-spot"):
        assert "asthma" in by_slug[slug].unsuitable_for
    assert "epilepsy" in by_slug["face-breathe-fast"].unsuitable_for
    assert "neck-back" in by_slug["face-shake-your-head"].unsuitable_for


# --- The safety screen ----------------------------------------------------------------


def test_before_the_screen_no_exercise_is_offered(client, straw):
    html = client.get("/practices/facing/").content.decode()
    assert "Answer the safety questions" in html
    assert "Breathe through a straw" not in html


def test_a_visitors_answers_stay_in_their_browser_session(client, straw, head_shake):
    response = screened(client, "asthma")
    assert response.status_code == 302 and response["Location"] == "/practices/facing/"
    assert client.session[SCREEN_SESSION_KEY] == ["asthma"]
    assert not PracticePreferences.objects.exists()
    html = client.get("/practices/facing/").content.decode()
    listed = html[html.index("data-exercises") : html.index("data-skipped")]
    assert "Shake your head" in listed and "Breathe through a straw" not in listed
    skipped = html[html.index("data-skipped") :]
    assert "Breathe through a straw" in skipped and "talk to a doctor" in skipped


def test_a_signed_in_persons_answers_stay_on_their_account(owner_client, user, straw):
    screened(owner_client, "pregnancy", "asthma")
    assert PracticePreferences.objects.get(user=user).exposure_conditions == [
        "asthma",
        "pregnancy",
    ]
    assert SCREEN_SESSION_KEY not in owner_client.session
    # Answered again: the newer answers replace the older, in the same row.
    screened(owner_client)
    assert PracticePreferences.objects.get(user=user).exposure_conditions == []
    html = owner_client.get("/practices/facing/").content.decode()
    assert "Breathe through a straw" in html and "data-skipped" not in html


def test_the_screen_shows_the_current_answers(owner_client, user):
    PracticePreferences.objects.create(user=user, exposure_conditions=["epilepsy"])
    html = owner_client.get("/practices/facing/safety/").content.decode()
    assert 'value="epilepsy" id="id_conditions_2" checked' in html
    assert 'value="asthma" id="id_conditions_1" checked' not in html
    for condition in Condition:
        assert str(condition.label) in html


def test_an_unknown_condition_re_renders_with_a_message_and_saves_nothing(client):
    response = screened(client, "asthma", "not-a-condition")
    assert response.status_code == 400
    assert "Choose only from the conditions listed." in response.content.decode()
    assert SCREEN_SESSION_KEY not in client.session


def test_the_screen_returns_to_the_exercise_that_asked_and_nowhere_else(client, straw):
    response = client.post(
        "/practices/facing/safety/", {"conditions": [], "next": "/practices/straw/"}
    )
    assert response["Location"] == "/practices/straw/"
    for elsewhere in ("https://elsewhere.example/", "//elsewhere.example/", "0"):
        response = client.post("/practices/facing/safety/", {"conditions": [], "next": elsewhere})
        assert response["Location"] == "/practices/facing/", elsewhere


def test_an_exercise_cannot_begin_before_the_screen(client, straw):
    html = client.get("/practices/straw/").content.decode()
    assert "First, a few safety questions" in html and ">Begin<" not in html
    response = client.post("/practices/straw/begin/", {"session_id": uuid.uuid4()})
    assert response["Location"] == "/practices/facing/safety/?next=%2Fpractices%2Fstraw%2F"
    assert not PracticeSession.objects.exists()


def test_an_unsuitable_exercise_cannot_begin(client, straw):
    screened(client, "asthma")
    html = client.get("/practices/straw/").content.decode()
    assert "talk to a doctor" in html and ">Begin<" not in html
    response = client.post("/practices/straw/begin/", {"session_id": uuid.uuid4()})
    assert response["Location"] == "/practices/straw/"
    assert not PracticeSession.objects.exists()


def test_the_exercise_page_names_its_cautions(client, straw):
    screened(client)
    html = client.get("/practices/straw/").content.decode()
    assert "not for the middle of a panic attack" in html
    assert "Asthma" in html and "A heart or lung condition" in html
    assert "that is an emergency, call your emergency number" in html
    assert ">Begin<" in html


# --- The exercise's three ratings -----------------------------------------------------


def test_the_exposure_step_shows_a_timer_and_three_questions(client, straw):
    screened(client)
    session_id = start(client, straw)
    html = client.get(f"/practices/straw/s/{session_id}/step/2/").content.decode()
    assert 'data-timer data-seconds="30"' in html
    for question in (
        "How strong was the sensation?",
        "How anxious did it make you?",
        "How much did it feel like panic?",
    ):
        assert question in html
    assert html.count('type="radio"') == 33
    assert "data-next-form" not in html  # the timer never moves on past the ratings


def test_the_ratings_are_kept_with_the_session_and_a_retry_never_duplicates(
    owner_client, user, straw
):
    screened(owner_client)
    session_id = start(owner_client, straw)
    for _ in range(2):  # a double tap
        response = rate(owner_client, straw, session_id, sensation="6", anxiety="4", panic="3")
        assert response.status_code == 302
        assert response["Location"].endswith(f"/s/{session_id}/step/3/")
    session = PracticeSession.objects.get()
    assert (session.sensation_rating, session.anxiety_rating, session.panic_likeness) == (6, 4, 3)
    assert session.steps_completed == 2 and session.user == user


def test_missing_or_bad_ratings_re_render_with_a_message_and_keep_the_answers(client, straw):
    screened(client)
    session_id = start(client, straw)
    response = rate(client, straw, session_id, sensation="6", anxiety="4")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose a number from 0 to 10 for each of the three questions." in html
    assert 'value="6" id="exposure-sensation-6" checked' in html
    response = rate(client, straw, session_id, sensation="6", anxiety="12", panic="1")
    assert response.status_code == 400
    assert "Please choose a number from 0 to 10." in response.content.decode()
    session = PracticeSession.objects.get()
    assert session.anxiety_rating is None and session.steps_completed == 0


def test_the_ratings_can_be_skipped(client, straw):
    screened(client)
    session_id = start(client, straw)
    response = rate(client, straw, session_id, skip="on")
    assert response.status_code == 302
    session = PracticeSession.objects.get()
    assert session.anxiety_rating is None and session.steps_completed == 2


def test_an_htmx_rating_error_is_the_player_fragment(client, straw):
    screened(client)
    session_id = start(client, straw)
    response = client.post(
        f"/practices/straw/s/{session_id}/step/2/", {"sensation": "1"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 400 and "<html" not in html
    assert html.strip().startswith("<title>") and 'role="alert"' in html


def test_another_persons_session_cannot_be_rated(client, other_user, straw):
    session = PracticeSession.objects.create(practice=straw, user=other_user)
    response = rate(client, straw, session.uuid, sensation="1", anxiety="1", panic="1")
    assert response.status_code == 404
    session.refresh_from_db()
    assert session.anxiety_rating is None


def test_ratings_from_the_offline_player_are_synced_once(owner_client, straw):
    from tests.factories import offline_session_record

    record = offline_session_record(
        straw, sensation_rating="7", anxiety_rating="5", panic_likeness="2"
    )
    for _ in range(2):
        assert owner_client.post("/practices/sessions/sync/", record).status_code in (200, 201)
    session = PracticeSession.objects.get()
    assert (session.sensation_rating, session.anxiety_rating, session.panic_likeness) == (7, 5, 2)


def test_a_visitors_ratings_follow_their_session_to_the_account(client, user, straw):
    screened(client)
    session_id = start(client, straw)
    rate(client, straw, session_id, sensation="5", anxiety="5", panic="5")
    from practices.services import attach_visitor_sessions

    request = type("R", (), {"session": client.session})()
    attach_visitor_sessions(request=request, user=user)
    assert ladder_for(user).rungs[0].latest_anxiety == 5


# --- Never in the middle of panic -----------------------------------------------------


def test_the_practice_list_puts_exposure_in_its_own_group_with_the_calm_moment_note(
    client, straw, make_practice
):
    make_practice("calm-breath", title="Calm breath")
    html = client.get("/practices/").content.decode()
    group = html[html.index('id="group-exposure"') :]
    group = group[: group.index("</section>")]
    assert "For a calm moment, not for the middle of a panic attack." in group
    assert 'href="/practices/facing/"' in group
    # Entered through the screen: the exercise itself is not linked from the list.
    assert "/practices/straw/" not in html


def test_sos_and_its_short_alternative_never_offer_an_exposure_practice(client):
    builtin.load()
    exposure = set(Practice.objects.exposure().values_list("slug", flat=True))
    # Even with every calming practice gone but one long one, the shortest is not exposure.
    Practice.objects.calming().exclude(slug="sleep-body-scan").update(is_published=False)
    html = client.get("/sos/").content.decode()
    assert not any(f"/practices/{slug}/" in html for slug in exposure)
    assert Practice.objects.short_alternative_to(None).slug == "sleep-body-scan"
    Practice.objects.filter(slug="sleep-body-scan").update(is_published=False)
    assert Practice.objects.short_alternative_to(None) is None
    Practice.objects.update(is_published=True)
    html = client.get("/sos/").content.decode()
    assert not any(f"/practices/{slug}/" in html for slug in exposure)
    for slug in exposure:
        alternative = Practice.objects.short_alternative_to(Practice.objects.get(slug=slug))
        assert alternative.slug == "stay-safe"


def test_the_summary_of_an_exercise_never_suggests_another_exercise(client, straw, head_shake):
    screened(client)
    session_id = start(client, straw)
    rate(client, straw, session_id, sensation="9", anxiety="9", panic="9")
    client.post(f"/practices/straw/s/{session_id}/after/", {"rating": "9"})
    html = client.get(f"/practices/straw/s/{session_id}/done/").content.decode()
    assert "/practices/head-shake/" not in html
    assert 'href="/practices/facing/"' in html


# --- The ladder -----------------------------------------------------------------------


def rated(user, practice, *anxieties, days_ago=30):
    start = timezone.now() - timedelta(days=days_ago)
    for n, anxiety in enumerate(anxieties):
        PracticeSession.objects.create(
            practice=practice,
            user=user,
            started_at=start + timedelta(days=n),
            sensation_rating=min(anxiety + 1, 10),
            anxiety_rating=anxiety,
            panic_likeness=max(anxiety - 1, 0),
            finished=True,
        )


def test_the_ladder_orders_exercises_by_the_latest_anxiety(user, straw, head_shake, make_exercise):
    spin = make_exercise("spin", title="Spin")
    rated(user, straw, 3, 8)
    rated(user, head_shake, 6, 2, 1)
    rated(user, spin, 9, 5)
    ladder = ladder_for(user)
    assert [r.slug for r in ladder.rungs] == ["head-shake", "spin", "straw"]
    assert ladder.rungs[0].is_steady and not ladder.rungs[1].is_steady
    assert ladder.working_on.slug == "spin" and ladder.next_up.slug == "straw"
    assert ladder.rungs[2].average_anxiety == 5.5


def test_steady_means_under_3_twice_in_a_row(user, straw, head_shake):
    rated(user, straw, 2, 5, 2)  # low, high, low: not yet
    rated(user, head_shake, 1, 3)  # 3 is not under 3
    ladder = ladder_for(user)
    assert not any(r.is_steady for r in ladder.rungs)
    rated(user, straw, 1, days_ago=1)
    assert ladder_for(user).rungs[0].is_steady


def test_the_ladder_page_suggests_repeating_until_it_stays_low(owner_client, user, straw):
    rated(user, straw, 6, 4)
    html = owner_client.get("/practices/facing/ladder/").content.decode()
    assert html.count("<h1") == 1
    assert "until your anxiety rating stays under 3 twice in a row" in html
    assert 'data-rung="straw"' in html and "<svg" in html and "<polyline" in html
    assert "Anxiety 4 out of 10 last time; 5.0 on average over 2 times." in html


def test_the_ladder_says_when_everything_has_stayed_low(owner_client, user, straw):
    rated(user, straw, 2, 1)
    html = owner_client.get("/practices/facing/ladder/").content.decode()
    assert "Staying low: ready to move up." in html
    assert "try one you have not done yet" in html


def test_the_ladder_shows_only_ones_own_ratings(owner_client, user, other_user, straw):
    rated(other_user, straw, 7)
    html = owner_client.get("/practices/facing/ladder/").content.decode()
    assert "Nothing here yet" in html and 'data-rung="straw"' not in html


def test_a_visitor_is_sent_to_log_in_for_the_ladder(client):
    response = client.get("/practices/facing/ladder/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/practices/facing/ladder/")


def test_the_ladder_reads_the_same_number_of_queries_however_long_the_history(
    owner_client, user, straw, head_shake, make_exercise
):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert owner_client.get("/practices/facing/ladder/").status_code == 200
        return len(queries)

    rated(user, straw, 5)
    small = count()
    rated(user, head_shake, *([4, 3, 2] * 100))
    rated(user, make_exercise("spin"), *range(10))
    assert count() == small


def test_the_exposure_pages_are_never_cached(owner_client):
    for path in ("/practices/facing/", "/practices/facing/safety/", "/practices/facing/ladder/"):
        assert "no-store" in owner_client.get(path)["Cache-Control"], path


def test_the_screen_is_post_or_get_only(client):
    assert client.put("/practices/facing/safety/").status_code == 405
    assert client.post("/practices/facing/").status_code == 405


# --- Export and deletion --------------------------------------------------------------


def test_export_holds_the_ratings_and_the_screen_and_deletion_removes_them(user, straw):
    PracticePreferences.objects.create(user=user, exposure_conditions=["neck-back"])
    rated(user, straw, 4)
    assert personal_data.preferences(user)["exposure_safety_screen"] == ["neck-back"]
    (row,) = next(t for t in personal_data.tables() if t.name == "practice_sessions").rows(user)
    assert (row["sensation_rating"], row["anxiety_rating"], row["panic_likeness"]) == (5, 4, 3)
    personal_data.delete_rows(user)
    assert not PracticeSession.objects.filter(user=user).exists()
    assert not PracticePreferences.objects.filter(user=user).exists()


def test_the_privacy_page_says_what_is_kept_and_why(client):
    html = " ".join(client.get("/privacy/").content.decode().split())
    assert "Your answers to the safety questions" in html
    assert "only to leave out the exercises that could harm you" in html
    assert "the three ratings you gave it" in html


def test_editors_tick_the_conditions_an_exercise_is_unsuitable_for(straw):
    from practices.admin import PracticeForm

    data = {
        "title": straw.title,
        "slug": straw.slug,
        "tagline": straw.tagline,
        "description": straw.description,
        "category": "exposure",
        "minutes": "3",
        "order": "100",
        "language": "en",
        "unsuitable_for": ["pregnancy", "epilepsy"],
    }
    form = PracticeForm(data, instance=straw)
    assert 'type="checkbox" name="unsuitable_for" value="asthma"' in str(form["unsuitable_for"])
    assert form.is_valid(), form.errors
    form.save()
    straw.refresh_from_db()
    assert sorted(straw.unsuitable_for) == ["epilepsy", "pregnancy"]
    bad = PracticeForm({**data, "unsuitable_for": ["a cold"]}, instance=straw)
    assert not bad.is_valid() and "unsuitable_for" in bad.errors


def test_the_sessions_page_in_the_history_shows_the_three_ratings(owner_client, user, straw):
    rated(user, straw, 4)
    session = PracticeSession.objects.get()
    html = owner_client.get(f"/progress/sessions/{session.uuid}/").content.decode()
    html = " ".join(html.split())
    assert "<dt>The sensation</dt><dd>5 of 10</dd>" in html
    assert "<dt>How anxious it made you</dt><dd>4 of 10</dd>" in html
    assert "<dt>How much it felt like panic</dt><dd>3 of 10</dd>" in html
    assert 'href="/practices/facing/ladder/"' in html
