import pytest

from practices.models import PracticeSession

pytestmark = pytest.mark.django_db


@pytest.fixture
def sos_practices(make_practice):
    return [
        make_practice("stay-safe", title="Stay Safe", category="panic", steps=4),
        make_practice("physiological-sigh", title="The double sigh", category="panic"),
        make_practice("five-senses-grounding", title="5-4-3-2-1 grounding", category="panic"),
    ]


def test_every_page_links_to_sos_in_one_tap(client, sos_practices):
    for path in ("/", "/practices/", "/crisis/", "/accounts/login/"):
        assert (
            '<a class="button button--sos" href="/sos/">Need help now?</a>'
            in client.get(path).content.decode()
        )


def test_sos_starts_stay_safe_at_once_with_alternatives_and_crisis_link(client, sos_practices):
    html = client.get("/sos/").content.decode()
    assert 'action="/practices/stay-safe/begin/"' in html
    assert "Start Stay Safe" in html
    assert 'href="/practices/physiological-sigh/"' in html
    assert 'href="/practices/five-senses-grounding/"' in html
    assert 'href="/crisis/"' in html
    assert "sign up" not in html.split("<main")[1].split("</main>")[0].lower()


def test_one_tap_on_start_goes_straight_to_the_first_step(client, sos_practices):
    html = client.get("/sos/").content.decode()
    session_id = html.split('name="session_id" value="')[1][:36]
    response = client.post(
        "/practices/stay-safe/begin/", {"session_id": session_id, "skip_rating": "on"}
    )
    assert response.headers["Location"] == f"/practices/stay-safe/s/{session_id}/step/1/"


def test_one_tap_on_a_number_rates_and_starts(client, sos_practices):
    html = client.get("/sos/").content.decode()
    session_id = html.split('name="session_id" value="')[1][:36]
    response = client.post("/practices/stay-safe/begin/", {"session_id": session_id, "rating": "8"})
    assert response.headers["Location"].endswith("/step/1/")
    assert PracticeSession.objects.get(uuid=session_id).rating_before == 8


def test_sos_still_shows_crisis_help_when_no_practice_is_loaded(client, db):
    response = client.get("/sos/")
    assert response.status_code == 200
    assert 'href="/crisis/"' in response.content.decode()


def main_of(response):
    return response.content.decode().split("<main")[1].split("</main>")[0]


def test_triage_comes_first_panic_unsafe_physical_then_the_optional_scale(client, sos_practices):
    main = main_of(client.get("/sos/"))
    order = [
        main.index("Let's take this one step at a time."),
        main.index("It feels like panic or anxiety"),
        main.index("I might hurt myself, or I'm not safe"),
        main.index("Something feels physically wrong"),
        main.index('id="red-flags"'),
        main.index("how strong is it right now?"),
    ]
    assert order == sorted(order)


def test_the_heading_promises_no_safety_it_cannot_know(client, sos_practices):
    main = main_of(client.get("/sos/")).lower()
    assert "you're safe" not in main and "you are safe" not in main


def test_panic_choice_is_the_begin_forms_own_submit_button(client, sos_practices):
    main = main_of(client.get("/sos/"))
    button = main.split("It feels like panic or anxiety")[0].rsplit("<button", 1)[1]
    assert 'type="submit" form="sos-begin" name="skip_rating" value="on"' in button
    assert (
        '<form method="post" action="/practices/stay-safe/begin/" class="sos-form" id="sos-begin"'
        in main
    )


def test_unsafe_choice_links_to_the_crisis_lines_of_the_likely_country(client, sos_practices):
    main = main_of(client.get("/sos/", HTTP_ACCEPT_LANGUAGE="en-AU,en;q=0.8"))
    link = main.split("I might hurt myself")[0].rsplit("<a", 1)[1]
    assert 'href="/crisis/#au"' in link
    assert "Crisis lines in Australia" in main
    # The emergency number is one tap too.
    assert '<a href="tel:000">000</a> now.' in main


def test_unsafe_choice_without_a_known_country_links_the_whole_list(client, sos_practices):
    main = main_of(client.get("/sos/", HTTP_ACCEPT_LANGUAGE="xx"))
    link = main.split("I might hurt myself")[0].rsplit("<a", 1)[1]
    assert 'href="/crisis/"' in link
    assert "call your local emergency number now" in main


def test_red_flags_are_collapsed_until_physical_is_chosen(client, sos_practices):
    main = main_of(client.get("/sos/", HTTP_ACCEPT_LANGUAGE="en-GB"))
    assert 'href="?physical=1#red-flags" data-opens-details="red-flags"' in main
    assert '<details class="red-flags callout callout--urgent" id="red-flags">' in main
    opened = main_of(client.get("/sos/?physical=1", HTTP_ACCEPT_LANGUAGE="en-GB"))
    assert '<details class="red-flags callout callout--urgent" id="red-flags" open>' in opened
    assert 'href="tel:999"' in opened


def test_triage_still_offers_every_way_when_stay_safe_is_missing(client, db):
    main = main_of(client.get("/sos/"))
    assert 'href="/practices/?category=panic"' in main
    assert "I might hurt myself" in main and 'id="red-flags"' in main
