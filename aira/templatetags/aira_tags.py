from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from aira.user_agents import device_name as name_of_device

register = template.Library()


@register.filter
def device_name(user_agent):
    """ "Chrome on Android" for a user agent string (aira/user_agents.py)."""
    return name_of_device(user_agent)


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


@register.filter
def choice_input(option):
    """The <input> of one radio button or checkbox (a BoundWidget, from looping over a
    choice field), exactly as {{ option.tag }} writes it, name, value and every attribute
    (id, checked, required, aria-invalid), but without the three nested templates Django
    renders per option: the progress page's check-in has two dozen options, and they
    were a third of its time (make bench)."""
    data = option.data
    value = "" if data["value"] is None else f' value="{escape(data["value"])}"'
    # Attributes in their order, as django/forms/widgets/attrs.html writes them.
    attrs = "".join(
        f" {escape(name)}" if setting is True else f' {escape(name)}="{escape(setting)}"'
        for name, setting in data["attrs"].items()
        if setting is not False
    )
    return mark_safe(  # noqa: S308 (every part escaped)
        f'<input type="{escape(data["type"])}" name="{escape(data["name"])}"{value}{attrs}>'
    )
