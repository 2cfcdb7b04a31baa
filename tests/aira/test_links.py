import uuid

import pytest
from django.urls import reverse

from aira.links import LinkPattern


@pytest.mark.parametrize(
    ("viewname", "value"),
    [
        ("tracking:checkin_detail", uuid.UUID("12345678-1234-5678-1234-567812345678")),
        ("tracking:session_delete", uuid.uuid4()),
        ("practices:detail", "box-breathing"),
        ("library:article", "when-to-seek-professional-help"),
    ],
)
def test_a_link_pattern_gives_what_reverse_gives(viewname, value):
    assert LinkPattern(viewname)(value) == reverse(viewname, args=[value])


def test_a_link_pattern_follows_the_script_prefix(settings):
    from django.urls import set_script_prefix

    set_script_prefix("/aira/")
    try:
        assert LinkPattern("practices:detail")("calm") == "/aira/practices/calm/"
    finally:
        set_script_prefix("/")
