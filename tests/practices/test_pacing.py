"""The breathing pace: the scaling rule, Stay Safe easing in, the double sigh's top-up."""

import json
import re
from html import unescape

import pytest
from django.core.exceptions import ValidationError

from practices import builtin, pacing
from practices.models import BreathingPace, Practice, Step

GENTLER, AS_WRITTEN, SLOWER = BreathingPace.GENTLER, BreathingPace.AS_WRITTEN, BreathingPace.SLOWER


def breathing(inhale=4, top_up=0, hold_in=0, exhale=6, hold_out=0, cycles=5, eases_in=False):
    return Step(
        kind="breathing",
        title="Breathe",
        text="Follow along.",
        inhale_seconds=inhale,
        top_up_seconds=top_up,
        hold_in_seconds=hold_in,
        exhale_seconds=exhale,
        hold_out_seconds=hold_out,
        cycles=cycles,
        eases_in=eases_in,
    )


def built_in_steps(slug):
    data = next(d for d in builtin.read_practice_files() if d["slug"] == slug)
    return builtin.build_steps(Practice(slug=slug), data["steps"])


def test_as_written_is_exactly_what_the_editor_wrote():
    assert pacing.schedule(breathing(4, 1, 2, 6, 3), AS_WRITTEN) == [[4, 1, 2, 6, 3]]


def test_gentler_shortens_breaths_and_halves_holds():
    box = breathing(4, 0, 4, 4, 4)
    assert pacing.pattern(box, GENTLER) == [3, 2, 3, 2]
    assert pacing.pattern(breathing(4, 0, 0, 8, 0), GENTLER) == [3, 6]


def test_slower_lengthens_breaths_but_not_holds():
    assert pacing.pattern(breathing(4, 0, 4, 4, 4), SLOWER) == [5, 4, 5, 4]
    assert pacing.pattern(breathing(4, 0, 0, 6, 0), SLOWER) == [5, 8]


@pytest.mark.parametrize("pace", [GENTLER, SLOWER])
def test_a_changed_phase_is_never_scaled_below_two_seconds(pace):
    every_phase_short = breathing(inhale=2, hold_in=2, exhale=2, hold_out=2)
    assert min(pacing.pattern(every_phase_short, pace)) == 2


@pytest.mark.parametrize("pace", BreathingPace.values)
def test_a_phase_written_shorter_than_two_seconds_keeps_its_length(pace):
    sigh = breathing(inhale=3, top_up=1, exhale=6)
    inhale, top_up, _exhale = pacing.pattern(sigh, pace)
    assert top_up == 1
    assert top_up < inhale  # the second in-breath stays the shorter one


@pytest.mark.parametrize("pace", BreathingPace.values)
def test_a_hold_of_zero_stays_zero_at_every_pace(pace):
    step = breathing(4, 0, 0, 6, 0)
    assert [state for state, _ in pacing.phases(step)] == ["in", "out"]
    assert all(len(r) == 2 and min(r) >= 2 for r in pacing.schedule(step, pace))
    assert pacing.scale(0, 0.5) == 0 and pacing.scale(0, 1.25) == 0


@pytest.mark.django_db
def test_stay_safe_breathing_eases_in_from_gentler_to_the_chosen_pace():
    step = next(s for s in built_in_steps("stay-safe") if s.kind == "breathing")
    assert step.eases_in
    rounds = pacing.schedule(step, AS_WRITTEN)
    assert len(rounds) == step.cycles
    assert rounds[0] == pacing.pattern(step, GENTLER)
    assert rounds[-1] == [step.inhale_seconds, step.exhale_seconds]
    # Slowing round by round: never a faster breath than the round before.
    totals = [sum(r) for r in rounds]
    assert totals == sorted(totals) and totals[0] < totals[-1]
    # Someone who chose slower still starts gentle and ends at their own pace.
    slower = pacing.schedule(step, SLOWER)
    assert slower[0] == pacing.pattern(step, GENTLER)
    assert slower[-1] == pacing.pattern(step, SLOWER)
    assert pacing.schedule(step, GENTLER) == [pacing.pattern(step, GENTLER)] * step.cycles


@pytest.mark.django_db
def test_stay_safe_says_in_words_that_it_starts_gentler():
    step = next(s for s in built_in_steps("stay-safe") if s.kind == "breathing")
    assert pacing.describe(step, AS_WRITTEN) == (
        "Breathe in for 3, breathe out for 5 seconds at first, slowing round by round to "
        "breathe in for 4, breathe out for 6 seconds. 5 rounds, at your own pace."
    )


def test_only_stay_safe_eases_in_among_the_built_in_practices():
    easing = {
        data["slug"]
        for data in builtin.read_practice_files()
        for raw in data["steps"]
        if raw.get("eases_in")
    }
    # Stay Safe, in every language it is written in.
    assert easing == {"stay-safe"} | {
        data["slug"]
        for data in builtin.read_practice_files()
        if data.get("translation_of") == "stay-safe"
    }


@pytest.mark.django_db
def test_the_double_sigh_never_holds_between_its_in_breaths():
    steps = [s for s in built_in_steps("physiological-sigh") if s.kind == "breathing"]
    assert steps
    for step in steps:
        names = [p["name"] for p in pacing.plan(step)["phases"]]
        assert names[:2] == ["Breathe in", "Breathe in a little more"]
        assert "Hold" not in names
        for pace in BreathingPace.values:
            assert "hold" not in pacing.describe(step, pace).lower()


@pytest.mark.django_db
def test_the_double_sigh_step_page_shows_the_top_up_and_no_hold(client):
    builtin.load()
    practice = Practice.objects.get(slug="physiological-sigh")
    position = practice.steps.get(kind="breathing", position=4).position
    client.post(f"/practices/{practice.slug}/begin/", {"session_id": "9" * 32, "skip_rating": "on"})
    html = client.get(
        f"/practices/{practice.slug}/s/99999999-9999-9999-9999-999999999999/step/{position}/"
    ).content.decode()
    status = re.search(r"data-pacer-status>([^<]+)<", html).group(1)
    assert "breathe in a little more for 1" in status and "hold" not in status.lower()
    plan = json.loads(unescape(re.search(r'data-pacer-plan="([^"]+)"', html).group(1)))
    assert [p["state"] for p in plan["phases"]] == ["in", "top-up", "out"]


def test_the_plan_carries_every_pace_for_the_browser():
    plan = pacing.plan(breathing(4, 0, 4, 4, 4, cycles=6))
    assert plan["cycles"] == 6
    assert [p["name"] for p in plan["phases"]] == ["Breathe in", "Hold", "Breathe out", "Rest"]
    assert plan["paces"] == {
        "gentler": [[3, 2, 3, 2]],
        "as-written": [[4, 4, 4, 4]],
        "slower": [[5, 4, 5, 4]],
    }


@pytest.mark.django_db
def test_a_top_up_longer_than_five_seconds_is_refused():
    step = breathing(top_up=6)
    step.practice = Practice(slug="x")
    with pytest.raises(ValidationError, match="top-up"):
        step.full_clean(exclude=["practice"])
