"""The accounts tests need a person with rows in every app: the tracking tests' small
factories (a practice, a session, a check-in, a bookmark) serve them as they are."""

from tests.tracking.conftest import (  # noqa: F401 - fixtures, found by name
    checkin,
    make_bookmark,
    make_checkin,
    make_practice,
    make_session,
    practice,
    session,
)
