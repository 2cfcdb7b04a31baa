"""Account security: what the timing, the emails and the cookies give away or promise."""

from unittest import mock

import pytest
from django.contrib.auth.hashers import get_hasher
from django.core import mail
from django.test import Client

from tests.aira.test_accounts import sign_up

pytestmark = pytest.mark.django_db


def hashes_during(action):
    """How many times a password was hashed while `action` ran."""
    hasher = type(get_hasher())
    with mock.patch.object(hasher, "encode", autospec=True, side_effect=hasher.encode) as spy:
        action()
    return spy.call_count


def test_a_taken_email_costs_the_same_password_hashing_as_a_new_one(user):
    new = hashes_during(lambda: sign_up(Client(), "fresh@example.com"))
    taken = hashes_during(lambda: sign_up(Client(), user.email))
    assert new == taken == 1
    # ...and the taken address still gets no second account.
    assert type(user).objects.filter(email=user.email).count() == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted(["fresh@example.com", user.email])
