"""A practice's recording: only real audio is accepted, and the player offers it."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from practices.models import Practice
from tests.factories import practice_admin_form
from tests.media_files import HTML, JAVASCRIPT, M4A, MP3_FRAME, MP3_WITH_ID3, OGG_OPUS, wav_bytes

pytestmark = pytest.mark.django_db

REFUSED = "This file is not an audio recording Aira can play."


def upload_in_admin(client, practice, name, content, content_type="audio/mpeg"):
    return client.post(
        f"/admin/practices/practice/{practice.pk}/change/",
        practice_admin_form(
            practice, audio=SimpleUploadedFile(name, content, content_type=content_type)
        ),
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [("calm.mp3", HTML), ("calm.mp3", JAVASCRIPT), ("calm.html", HTML), ("calm.js", JAVASCRIPT)],
)
def test_a_page_or_script_is_refused_as_a_recording_with_a_clear_message(
    admin_client, practice, name, content
):
    response = upload_in_admin(admin_client, practice, name, content)

    assert response.status_code == 200  # the form again, with the message
    assert REFUSED in response.content.decode()
    practice.refresh_from_db()
    assert not practice.audio


def test_a_real_wav_is_accepted_and_stored_as_wav_whatever_its_name(admin_client, practice):
    response = upload_in_admin(admin_client, practice, "calm.mp3", wav_bytes())

    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.audio.name.startswith("practices/audio/calm")
    assert practice.audio.name.endswith(".wav")
    assert practice.audio.read() == wav_bytes()


@pytest.mark.parametrize(
    ("content", "extension"),
    [(MP3_WITH_ID3, ".mp3"), (MP3_FRAME, ".mp3"), (OGG_OPUS, ".opus"), (M4A, ".m4a")],
)
def test_common_recording_formats_are_accepted_with_their_own_extension(
    practice, content, extension
):
    practice.audio = SimpleUploadedFile("talk.php.bin", content)
    practice.full_clean()
    practice.save()
    assert practice.audio.name.endswith(extension)
    assert ".php" not in practice.audio.name


def test_an_oversized_recording_is_refused_with_its_size_and_the_limit(
    admin_client, practice, settings
):
    settings.AIRA_MAX_RECORDING_MB = 1
    too_big = wav_bytes(seconds=70)  # 16 kB a second of 8 kHz 16-bit audio: about 1.1 MB

    response = upload_in_admin(admin_client, practice, "long.wav", too_big)

    assert response.status_code == 200
    assert "This recording is 1.1 MB; the limit is 1 MB." in response.content.decode()
    practice.refresh_from_db()
    assert not practice.audio


def test_a_recording_saved_without_the_form_is_still_checked(practice):
    practice.audio = SimpleUploadedFile("calm.mp3", HTML)
    with pytest.raises(ValidationError), transaction.atomic():
        practice.save()
    assert not Practice.objects.get(pk=practice.pk).audio


def test_a_stored_recording_that_is_not_audio_is_flagged_when_the_practice_is_saved_again(
    practice,
):
    # As if uploaded before recordings were checked: stored as it came.
    practice.audio.storage.save("practices/audio/old.mp3", SimpleUploadedFile("x", HTML))
    Practice.objects.filter(pk=practice.pk).update(audio="practices/audio/old.mp3")
    practice.refresh_from_db()

    with pytest.raises(ValidationError) as error:
        practice.full_clean()
    assert REFUSED in str(error.value.message_dict["audio"])


@pytest.fixture
def practice_with_recording(practice):
    practice.audio = SimpleUploadedFile("calm.wav", wav_bytes())
    practice.save()
    return practice


def test_the_player_offers_the_recording_outside_the_changing_steps(
    client, begin, practice_with_recording
):
    _, response = begin(practice_with_recording, skip_rating="1")
    html = client.get(response.url).content.decode()

    assert "Play the recording" in html
    assert (
        f'<audio class="recording__audio" controls preload="none" src="/media/{practice_with_recording.audio.name}"'
        in html
    )
    assert "The recording says the same as the written steps" in html
    # After the step section, so a step change (which swaps #player) leaves it playing.
    assert html.index('id="player"') < html.index("data-recording")
    # The fragment an htmx step change receives does not carry a second player.
    fragment = client.get(response.url, headers={"HX-Request": "true"}).content.decode()
    assert "Play the recording" not in fragment
    # The browser's read-aloud voice is not offered on top of a recording.
    assert "data-voice-setting" not in html


def test_the_intro_says_there_is_a_recording(client, practice_with_recording):
    html = client.get(practice_with_recording.get_absolute_url()).content.decode()
    assert "There is also a recording of the practice" in html


def test_without_a_recording_nothing_about_one_is_shown(client, begin, practice):
    _, response = begin(practice, skip_rating="1")
    html = client.get(response.url).content.decode()
    intro = client.get(practice.get_absolute_url()).content.decode()

    assert "recording" not in html.lower()
    assert "<audio" not in html
    assert "recording" not in intro.lower()
    assert "data-voice-setting" in html


def test_the_offline_player_says_recordings_need_a_connection(
    client, practice_with_recording, make_practice
):
    html = client.get(f"/practices/{practice_with_recording.slug}/offline/").content.decode()
    assert "data-recording-offline" in html and "plays only with a connection" in html
    assert "<audio" not in html  # recordings are not kept on the device

    make_practice("no-recording")
    html = client.get("/practices/no-recording/offline/").content.decode()
    assert "plays only with a connection" not in html
