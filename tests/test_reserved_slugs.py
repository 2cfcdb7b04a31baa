"""A practice or article may not take a slug that one of Aira's own pages already uses
at the same place in the address: the page would hide it."""

import pytest
from django.core.exceptions import ValidationError

from library.models import RESERVED_SLUGS as LIBRARY_RESERVED
from library.models import Article
from practices.models import RESERVED_SLUGS as PRACTICES_RESERVED
from practices.models import Practice


@pytest.mark.parametrize(
    ("model", "reserved"),
    [(Practice, PRACTICES_RESERVED), (Article, LIBRARY_RESERVED)],
    ids=["practice", "article"],
)
def test_a_reserved_slug_is_refused_with_a_message(model, reserved):
    field = model._meta.get_field("slug")
    for slug in sorted(reserved):
        with pytest.raises(ValidationError) as refused:
            field.run_validators(slug)
        assert refused.value.messages == [
            f"“{slug}” is already the address of one of Aira's pages: choose another."
        ]
    field.run_validators("calm-breath")  # any other slug is fine
