"""The medical red flags under a practice step, online and in the offline player."""

import pytest

from practices.models import Step

pytestmark = pytest.mark.django_db


def test_a_flagged_step_shows_the_emergency_signs_opened(client, practice, begin):
    Step.objects.filter(practice=practice, position=2).update(shows_red_flags=True)
    session_id, _ = begin(practice, skip_rating="on")
    base = f"/practices/calm-breath/s/{session_id}"

    second = client.get(f"{base}/step/2/", HTTP_ACCEPT_LANGUAGE="en-IE").content.decode()
    assert '<details class="red-flags callout callout--urgent" id="red-flags" open>' in second
    assert 'href="tel:112"' in second
    assert 'class="red-flags' not in client.get(f"{base}/step/1/").content.decode()


def test_the_offline_player_knows_which_steps_show_the_emergency_signs(client, practice):
    Step.objects.filter(practice=practice, position=2).update(shows_red_flags=True)

    data = client.get("/practices/offline-data.json").json()
    steps = next(p for p in data["practices"] if p["slug"] == "calm-breath")["steps"]
    assert [step["shows_red_flags"] for step in steps] == [False, True, False]
    html = client.get("/practices/play-offline/", HTTP_ACCEPT_LANGUAGE="en-AU").content.decode()
    template = html[html.index('<template id="red-flags-template">') :]
    assert template.index('class="red-flags') < template.index("</template>")
    assert 'href="tel:000"' in template


def test_editors_can_turn_the_emergency_signs_on_for_a_step(admin_client, practice):
    html = admin_client.get(f"/admin/practices/practice/{practice.pk}/change/").content.decode()
    assert 'name="steps-0-shows_red_flags"' in html
