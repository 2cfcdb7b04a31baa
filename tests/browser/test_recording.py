"""A practice's recording in the player: offered where there is one, and it really plays."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from tests import factories
from tests.browser.test_accessibility import axe_violations, describe
from tests.media_files import wav_bytes


def make_practice(slug, recording=None):
    audio = SimpleUploadedFile("guide.wav", recording) if recording else ""
    return factories.make_practice(slug, steps=2, minutes=2, audio=audio)


@pytest.fixture
def with_recording(transactional_db):
    return make_practice("listen-along", recording=wav_bytes(seconds=1))


@pytest.fixture
def without_recording(transactional_db):
    return make_practice("read-only")


def begin(page, practice):
    page.go(practice.get_absolute_url())
    page.get_by_role("button", name="Begin").click()
    page.get_by_role("button", name="Skip this question").click()
    expect(page.locator(".player__progress")).to_contain_text("Step 1 of 2")


def test_the_player_offers_the_recording_and_it_loads_as_audio(site, with_recording, artifacts_dir):
    media = []
    site.on("response", lambda r: media.append(r) if "/media/" in r.url else None)
    begin(site, with_recording)

    expect(site.get_by_role("heading", name="Play the recording")).to_be_visible()
    audio = site.get_by_label("Play the recording")  # the player is named by its heading
    expect(audio).to_have_attribute("preload", "none")
    expect(audio).to_have_attribute("controls", "")
    expect(site.get_by_text("The recording says the same as the written steps")).to_be_visible()
    violations = axe_violations(site)
    assert not violations, describe(violations)
    site.set_viewport_size({"width": 390, "height": 844})
    site.screenshot(path=artifacts_dir / "player-recording-phone.png", full_page=True)

    src = audio.evaluate("a => a.currentSrc || a.src")
    direct = site.request.get(src)
    assert direct.status == 200
    assert direct.headers["content-type"] == "audio/wav"

    # The browser itself fetches and decodes it (with a byte range, as <audio> does).
    audio.evaluate("a => { a.preload = 'auto'; a.load(); }")
    site.wait_for_function("() => document.querySelector('audio.recording__audio').readyState >= 1")
    assert audio.evaluate("a => a.duration") == pytest.approx(1.0, abs=0.05)
    assert audio.evaluate("a => a.error") is None
    assert media, "the audio element made no request"
    for response in media:
        assert response.status in (200, 206)
        assert response.headers["content-type"] == "audio/wav"

    # Moving to the next step keeps the same audio element, so a playing recording goes on.
    audio.evaluate("a => { a.dataset.kept = 'yes'; }")
    site.get_by_role("button", name="Next").click()
    expect(site).to_have_url(re.compile("/step/2/$"))
    expect(audio).to_have_attribute("data-kept", "yes")


def test_without_a_recording_nothing_is_offered(site, without_recording):
    begin(site, without_recording)
    expect(site.locator("audio")).to_have_count(0)
    expect(site.get_by_text("Play the recording")).to_have_count(0)


def test_the_offline_player_says_the_recording_needs_a_connection(
    site, with_recording, without_recording
):
    site.go(f"/practices/{with_recording.slug}/offline/")
    expect(site.locator("[data-offline-title]")).to_have_text(with_recording.title)
    expect(site.get_by_text("plays only with a connection")).to_be_visible()

    site.go(f"/practices/{without_recording.slug}/offline/")
    site.reload()  # a new hash alone does not load the page again
    expect(site.locator("[data-offline-title]")).to_have_text(without_recording.title)
    expect(site.get_by_text("plays only with a connection")).to_be_hidden()
