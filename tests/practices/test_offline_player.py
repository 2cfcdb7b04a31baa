"""The offline player is the online player's own markup: each practice's offline page
holds every stage rendered by the same templates, for the service worker to keep."""

import json
import re
from html import unescape

import pytest

from practices.models import BreathingPace, PracticeSession, Step
from practices.views import OFFLINE_SESSION_ID
from tracking.models import Mood, Tag

pytestmark = pytest.mark.django_db

PLACEHOLDER = str(OFFLINE_SESSION_ID)


@pytest.fixture
def every_kind(make_practice):
    """One step of each kind, in the order a person meets them."""
    practice = make_practice("every-kind", steps=0)
    Step.objects.bulk_create(
        [
            Step(practice=practice, position=1, kind="guidance", title="Settle", text="Sit."),
            Step(
                practice=practice,
                position=2,
                kind="breathing",
                title="Breathe",
                text="Follow the circle.",
                inhale_seconds=4,
                hold_in_seconds=0,
                exhale_seconds=6,
                hold_out_seconds=0,
                cycles=2,
                shows_red_flags=True,
            ),
            Step(
                practice=practice,
                position=3,
                kind="timed",
                title="Rest",
                text="Be still.",
                duration_seconds=30,
            ),
            Step(
                practice=practice,
                position=4,
                kind="prompt",
                title="Notice",
                text="Name three things.",
                input_label="Things you see",
                input_count=3,
            ),
            Step(
                practice=practice,
                position=5,
                kind="exposure",
                title="Run on the spot",
                text="Run on the spot.",
                duration_seconds=60,
            ),
        ]
    )
    return practice


def offline_page(client, practice):
    return client.get(f"/practices/{practice.slug}/offline/").content.decode()


def kept_stages(html):
    """{(stage, pace or None): markup} for every stage the offline page keeps."""
    stages = {}
    for attrs, markup in re.findall(r"<template (data-stage=[^>]*)>(.*?)</template>", html, re.S):
        stage = re.search(r'data-stage="([^"]+)"', attrs).group(1)
        pace = re.search(r'data-pace="([^"]+)"', attrs)
        summary = re.search(r'data-summary="(\d+)"', attrs)
        key = (stage, pace.group(1) if pace else summary.group(1) if summary else None)
        stages[key] = markup
    return stages


def player_region(html):
    """The online page's #player section (the last section in <main> when there is no
    recording)."""
    end = html.rindex("</section>", 0, html.index("</main>")) + len("</section>")
    return html[html.index('<section id="player"') : end]


def normalised(markup, session_id=PLACEHOLDER):
    markup = markup.replace(str(session_id), PLACEHOLDER)
    markup = re.sub(
        r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken"', markup
    )
    # Where the pace form returns to without JavaScript: the page it is on.
    markup = re.sub(r'name="next" value="[^"]*"', 'name="next"', markup)
    return re.sub(r"\s+", " ", markup).strip()


def online(client, begin, practice, path, pace=None):
    if pace:
        client.cookies["aira_pace"] = pace
    session_id, _ = begin(practice)
    html = client.get(f"/practices/{practice.slug}/s/{session_id}/{path}").content.decode()
    return normalised(player_region(html), session_id)


def test_every_step_kind_is_the_same_markup_online_and_offline(client, begin, every_kind):
    stages = kept_stages(offline_page(client, every_kind))

    assert normalised(stages[("before", None)]) == online(client, begin, every_kind, "before/")
    assert normalised(stages[("after", None)]) == online(client, begin, every_kind, "after/")
    kinds = ["guidance", "breathing", "timed", "prompt", "exposure"]
    # A new kind joins this test (a reflection is plain text, as guidance is).
    assert set(Step.Kind.values) - set(kinds) == {"reflection"}
    for number, kind in enumerate(kinds, start=1):
        for pace in BreathingPace.values if kind == "breathing" else [None]:
            kept = normalised(stages[(f"step/{number}", pace)])
            assert kept == online(client, begin, every_kind, f"step/{number}/", pace), kind
            assert 'data-stage="step"' in kept


def test_the_summary_is_the_online_summary_for_every_pair_of_ratings(client, begin, every_kind):
    html = offline_page(client, every_kind)
    stages = kept_stages(html)
    table = json.loads(unescape(re.search(r'data-summaries="([^"]+)"', html).group(1)))
    ratings = [None, *range(11)]
    assert len(table) == len(ratings) ** 2

    for before, after in [(7, 2), (4, 6), (5, 5), (None, 8), (3, None), (None, None), (9, 7)]:
        key = "/".join("" if r is None else str(r) for r in (before, after))
        kept = stages[("done", str(table[key]))]
        # What offline-player.js does: the numbers into their places.
        kept = re.sub(
            r'(data-rating-before=")\d*', rf"\g<1>{'' if before is None else before}", kept
        )
        kept = re.sub(r'(<strong data-rating="before">)\d+', rf"\g<1>{before}", kept)
        kept = re.sub(r'(<strong data-rating="after">)\d+', rf"\g<1>{after}", kept)

        session_id, _ = begin(every_kind)
        PracticeSession.objects.filter(uuid=session_id).update(
            rating_before=before, rating_after=after, finished=True
        )
        done = client.get(f"/practices/every-kind/s/{session_id}/done/").content.decode()
        # Only where the session is kept differs: on this device until it syncs.
        online_summary = normalised(player_region(done), session_id)
        online_summary = re.sub(
            r'<div class="callout"> <p><strong>Want to keep track.*?</div>', "", online_summary
        )
        # Nor is the offer of a plan, which needs a connection to be made.
        online_summary = re.sub(
            r' <aside class="callout plan-offer.*?</aside>( <script src="[^"]*plan\.js" defer></script>)?',
            "",
            online_summary,
        )
        kept = re.sub(r'<p class="sync-note".*?</p>', "", normalised(kept))
        assert kept == online_summary, (before, after)


def test_the_summary_says_from_before_to_after(client, every_kind):
    html = offline_page(client, every_kind)
    stages = kept_stages(html)
    table = json.loads(unescape(re.search(r'data-summaries="([^"]+)"', html).group(1)))
    kept = stages[("done", str(table["7/2"]))]
    assert 'You went from <strong data-rating="before">' in kept
    assert "Saved on this device, will sync when you" in kept


def test_the_red_flags_are_kept_with_the_step_that_shows_them(client, every_kind):
    html = client.get("/practices/every-kind/offline/", HTTP_ACCEPT_LANGUAGE="en-AU").content
    stages = kept_stages(html.decode())
    flagged = stages[("step/2", "as-written")]
    assert '<details class="red-flags callout callout--urgent" id="red-flags" open>' in flagged
    assert 'href="tel:000"' in flagged
    assert "red-flags" not in stages[("step/1", None)]


def test_the_check_in_offered_offline_asks_the_servers_questions(client, every_kind):
    html = offline_page(client, every_kind)
    checkin = html[html.index("<template data-offline-checkin>") :]
    checkin = checkin[: checkin.index("</template>")]
    for value, label in Mood.choices:
        assert f'value="{value}"' in checkin and f">{label}</label>" in checkin
    for value, label in Tag.choices:
        assert f'name="tags" value="{value}"' in checkin and f">{label}</label>" in checkin
    assert "How anxious do you feel?" in checkin and "Private note (optional)" in checkin


def test_the_offline_page_holds_nothing_personal(client, user, every_kind):
    client.force_login(user)
    html = offline_page(client, every_kind)
    assert user.email not in html
    assert 'data-signed-in="true"' in html  # as any page; the service worker keeps a visitor's


def test_an_unpublished_practice_has_no_offline_page(client, make_practice):
    make_practice("draft", is_published=False)
    assert client.get("/practices/draft/offline/").status_code == 404


def test_the_service_worker_keeps_every_practices_offline_page(client, every_kind):
    worker = client.get("/sw.js").content.decode()
    assert '"/practices/every-kind/offline/"' in worker
    assert "offline-data.json" not in worker and "play-offline" not in worker
