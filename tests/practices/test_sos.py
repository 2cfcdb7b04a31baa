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
