import secrets

import pytest

from tests import factories


@pytest.fixture
def box_practice(db):
    """A published practice with a box-breathing step (holds) and a repeat of it."""
    box = {
        "kind": "breathing",
        "inhale_seconds": 4,
        "hold_in_seconds": 4,
        "exhale_seconds": 4,
        "hold_out_seconds": 4,
        "cycles": 6,
    }
    return factories.make_practice(
        "box-breathing", title="Box breathing", steps=[box, {}, {**box, "cycles": 2}]
    )


@pytest.fixture
def start(client):
    """Start a shared session through the real form; returns (response, starter key)."""

    def _start(pattern="gentle", c=None, key=None):
        key = key or secrets.token_urlsafe(32)
        response = (c or client).post("/together/", {"pattern": pattern, "starter_key": key})
        return response, key

    return _start
