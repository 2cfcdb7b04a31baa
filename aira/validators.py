from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _


@deconstructible
class ReservedSlugValidator:
    """Refuses a slug that one of Aira's own pages already uses at the same place in the
    address (a practice called "sessions" would be hidden by /practices/sessions/)."""

    message = _("“%(value)s” is already the address of one of Aira's pages: choose another.")
    code = "reserved"

    def __init__(self, reserved):
        # Sorted, so a migration that names it reads the same each time.
        self.reserved = tuple(sorted(reserved))

    def __call__(self, value):
        if value in self.reserved:
            raise ValidationError(self.message, code=self.code, params={"value": value})

    def __eq__(self, other):
        return isinstance(other, ReservedSlugValidator) and self.reserved == other.reserved
