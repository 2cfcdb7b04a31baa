"""Links for long lists, made with one reverse() per kind of link."""

from django.urls import reverse

# Fits the <uuid:...>, <slug:...> and <str:...> converters, and appears in no path.
PLACEHOLDER = "00000000-0000-0000-0000-000000000000"


class LinkPattern:
    """`reverse(viewname, args=[value])` for many values, at the cost of one reverse() and
    a string replacement each: the url tag or get_absolute_url() for every row of a list
    (the history, the recent check-ins, what helps) was a good part of its page's work
    (make bench). For values that need no quoting in a URL: uuids and slugs."""

    def __init__(self, viewname):
        self.pattern = reverse(viewname, args=[PLACEHOLDER])

    def __call__(self, value):
        return self.pattern.replace(PLACEHOLDER, str(value), 1)
