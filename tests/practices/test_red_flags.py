"""The medical red flags under a practice step, online and in the offline player."""

import re

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

    html = client.get(
        "/practices/calm-breath/offline/", HTTP_ACCEPT_LANGUAGE="en-AU"
    ).content.decode()
    kept = re.findall(r'<template data-stage="step/\d"[^>]*>(.*?)</template>', html, re.S)
    assert ['class="red-flags' in step for step in kept] == [False, True, False]
    assert 'href="tel:000"' in kept[1]


def test_editors_can_turn_the_emergency_signs_on_for_a_step(admin_client, practice):
    html = admin_client.get(f"/admin/practices/practice/{practice.pk}/change/").content.decode()
    assert 'name="steps-0-shows_red_flags"' in html
