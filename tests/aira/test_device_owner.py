"""Pages say whose offline records they may send, with a tag that gives nothing away."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser

from aira.device import owner_tag
from aira.models import User

pytestmark = pytest.mark.django_db


def test_each_account_has_its_own_opaque_tag_and_a_visitor_the_empty_one(user, other_user):
    tag = owner_tag(user)
    assert re.fullmatch(r"[0-9a-f]{32}", tag)
    assert tag == owner_tag(User.objects.get(pk=user.pk))  # the same on every page
    assert tag != owner_tag(other_user)
    assert user.email not in tag and "owner" not in tag
    assert owner_tag(AnonymousUser()) == ""


def test_an_account_that_reuses_a_deleted_accounts_id_gets_another_tag(make_user):
    first = make_user("first@example.com")
    pk, tag = first.pk, owner_tag(first)
    first.delete()
    second = make_user("second@example.com", pk=pk)
    second.date_joined += timedelta(seconds=1)  # created later, as it would be
    assert second.pk == pk and owner_tag(second) != tag


def test_pages_carry_the_signed_in_accounts_tag(client, owner_client, user):
    assert f'data-owner="{owner_tag(user)}"' in owner_client.get("/").content.decode()


def test_a_visitors_pages_carry_the_visitor_tag(client):
    assert 'data-owner=""' in client.get("/sos/").content.decode()
