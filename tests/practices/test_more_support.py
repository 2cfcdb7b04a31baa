"""When a practice leaves things harder (the after-rating rose, or is 7 or more), the
summary leads with another short practice, someone to reach out to, and the crisis
lines, in that order. Otherwise the summary is as it was."""

import itertools
import json
import re
from html import unescape

import pytest

from practices.models import Practice, PracticeSession

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "before,after,expected",
    [
        (4, 5, True),  # higher after, though still low
        (2, 3, True),
        (9, 7, True),  # lower, but 7 or more
        (None, 7, True),  # no before-rating: 7 or more still counts
        (7, 7, True),
        (6, 6, False),  # the same, below 7
        (8, 6, False),  # better and below 7
        (None, 6, False),
        (6, None, False),  # no after-rating: we don't know
        (None, None, False),
    ],
)
def test_needs_more_support_when_it_rose_or_is_still_strong(practice, before, after, expected):
    session = PracticeSession(practice=practice, rating_before=before, rating_after=after)
    assert session.needs_more_support is expected


@pytest.fixture
def short_ones(make_practice):
    return {
        slug: make_practice(slug, category="panic")
        for slug in ("stay-safe", "extended-exhale", "box-breathing")
    }


def test_the_short_practice_offered_is_stay_safe_unless_it_was_just_done(short_ones, practice):
    assert Practice.objects.short_alternative_to(practice).slug == "stay-safe"
    assert Practice.objects.short_alternative_to(short_ones["stay-safe"]).slug == "extended-exhale"
    assert Practice.objects.short_alternative_to().slug == "stay-safe"


def test_an_unpublished_offer_is_skipped_for_the_next(short_ones, practice):
    Practice.objects.filter(slug="stay-safe").update(is_published=False)
    assert Practice.objects.short_alternative_to(practice).slug == "extended-exhale"


def test_without_either_the_shortest_other_practice_is_offered(make_practice):
    for slug, minutes in (("done-one", 2), ("long-one", 12), ("short-one", 4)):
        Practice.objects.filter(pk=make_practice(slug).pk).update(minutes=minutes)
    done = Practice.objects.get(slug="done-one")
    assert Practice.objects.short_alternative_to(done).slug == "short-one"


def finish(client, begin, practice, before, after):
    session_id, _ = begin(practice, **({"rating": before} if before is not None else {}))
    if before is None:
        client.post(f"/practices/{practice.slug}/s/{session_id}/before/", {"skip": "on"})
    client.post(f"/practices/{practice.slug}/s/{session_id}/after/", {"rating": after})
    return client.get(
        f"/practices/{practice.slug}/s/{session_id}/done/", HTTP_ACCEPT_LANGUAGE="en-AU"
    ).content.decode()


@pytest.mark.parametrize("before,after", [(3, 5), (None, 8), (9, 7)])
def test_summary_leads_with_practice_then_someone_then_crisis_lines(
    client, begin, short_ones, practice, before, after
):
    html = finish(client, begin, practice, before, after)
    summary = html.split('id="player-heading"')[1]
    support = summary.split("data-summary-support>")[1].split("</section>")[0]
    offered = support.index('<a href="/practices/stay-safe/" data-support-practice>Stay Safe</a>')
    reach_out = support.index("Message or call someone you trust")
    crisis = support.index('<a href="/crisis/#au">crisis lines you can call or text now</a>')
    assert offered < reach_out < crisis
    # It leads: before the ratings and the usual "What next?".
    assert summary.index("data-summary-support") < summary.index('class="summary__change"')
    assert summary.index("data-summary-support") < summary.index("What next?")


def test_after_stay_safe_another_short_practice_is_offered(client, begin, short_ones):
    html = finish(client, begin, short_ones["stay-safe"], 4, 6)
    support = html.split("data-summary-support>")[1].split("</section>")[0]
    assert 'href="/practices/extended-exhale/" data-support-practice>Extended Exhale</a>' in support
    assert "/practices/stay-safe/" not in support


@pytest.mark.parametrize("before,after", [(7, 4), (5, 5), (None, 3), (6, None)])
def test_summary_stays_as_it_was_when_it_eased_or_held_below_7(
    client, begin, short_ones, practice, before, after
):
    session_id, _ = begin(practice, **({"rating": before} if before is not None else {}))
    if before is None:
        client.post(f"/practices/{practice.slug}/s/{session_id}/before/", {"skip": "on"})
    client.post(
        f"/practices/{practice.slug}/s/{session_id}/after/",
        {"rating": after} if after is not None else {"skip": "on"},
    )
    html = client.get(f"/practices/{practice.slug}/s/{session_id}/done/").content.decode()
    assert "data-summary-support" not in html
    assert "Message or call someone you trust" not in html
    assert "If you&#x27;re still struggling" in html or "If you're still struggling" in html


def test_the_offline_player_carries_the_same_block_by_the_same_rule(short_ones, client):
    html = client.get(
        "/practices/stay-safe/offline/", HTTP_ACCEPT_LANGUAGE="en-GB"
    ).content.decode()
    table = json.loads(unescape(re.search(r'data-summaries="([^"]+)"', html).group(1)))
    summaries = dict(re.findall(r'data-summary="(\d+)">(.*?)</template>', html, re.S))
    for before, after in itertools.product([None, *range(11)], repeat=2):
        key = "/".join("" if r is None else str(r) for r in (before, after))
        summary = summaries[str(table[key])]
        session = PracticeSession(rating_before=before, rating_after=after)
        assert ("data-summary-support" in summary) is session.needs_more_support, key
    kept = summaries[str(table["4/6"])]
    assert "Message or call someone you trust" in kept
    assert 'href="/crisis/#gb"' in kept
    # Stay Safe was just done: the next short practice is offered.
    assert 'href="/practices/extended-exhale/" data-support-practice' in kept
