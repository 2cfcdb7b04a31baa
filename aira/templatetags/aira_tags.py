from django import template
from django.template.loader import render_to_string

from aira.fragments import once_per_process

register = template.Library()


@register.simple_tag
def memo_include(template_name, **values):
    """`{% include %}` for a template that depends on nothing but `values`, rendered once
    per process for each set of values: the site header, the same on every page but for
    the current section, was a tenth of a page's rendering (`make bench`).

    The template sees only `values`: no request, user or CSRF token, so nothing personal
    can be remembered in it.
    """
    key = ("memo_include", template_name, tuple(sorted(values.items())))
    return once_per_process(key, lambda: render_to_string(template_name, values))


@register.filter
def mid_sentence(title):
    """A title written in sentence case ("The double sigh"), as it reads inside a
    sentence: "Do the double sigh again". Only the first letter changes, and not when the
    first word looks like a name or an abbreviation ("SOS", "McKenzie", "Jacobson's"),
    or the whole title is capitalised like a name ("Calm Breath"): those keep their
    capitals wherever they stand."""
    title = str(title)
    words = title.split()
    first_word = words[0] if words else ""
    looks_like_a_name = (
        (len(first_word) > 1 and not first_word[1:].islower())
        or first_word.endswith(("'s", "\u2019s"))
        or (len(words) > 1 and all(word[:1].isupper() for word in words[1:]))
    )
    if not title[:1].isupper() or first_word == "I" or looks_like_a_name:
        return title
    return title[0].lower() + title[1:]
