import pytest

from aira.models import User

pytestmark = pytest.mark.django_db


def test_email_is_the_identifier_and_domain_is_normalised():
    user = User.objects.create_user("Someone@EXAMPLE.com", "a calm and steady passphrase")
    assert user.get_username() == "Someone@example.com"
    assert not hasattr(user, "username") or user.username is None
    assert user.check_password("a calm and steady passphrase")


def test_email_is_unique():
    User.objects.create_user("one@example.com", "x")
    with pytest.raises(Exception):  # noqa: B017 - IntegrityError differs per backend wrapper
        User.objects.create_user("one@example.com", "y")


def test_superuser_is_staff():
    admin = User.objects.create_superuser("admin@example.com", "a calm and steady passphrase")
    assert admin.is_staff and admin.is_superuser
