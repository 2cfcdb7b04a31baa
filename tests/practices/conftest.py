import uuid

import pytest


@pytest.fixture
def practice(make_practice):
    return make_practice("calm-breath", steps=3)


@pytest.fixture
def begin(client):
    """Begin a practice the way the Begin form does, returning the session id."""

    def _begin(practice, c=None, **data):
        session_id = data.pop("session_id", uuid.uuid4())
        response = (c or client).post(
            f"/practices/{practice.slug}/begin/", {"session_id": session_id, **data}
        )
        return session_id, response

    return _begin
