from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from tracking.models import Mood, Tag, split_tags
from tracking.stats import format_change

register = template.Library()

MOOD_WORDS = dict(Mood.choices)
TAG_WORDS = dict(Tag.choices)


@register.filter
def mood_words(value):
    """3 -> 'Okay'."""
    return MOOD_WORDS.get(value, "")


@register.filter
def tag_words(value):
    """'sleep,work' -> 'Sleep, Work'."""
    return ", ".join(TAG_WORDS.get(tag, tag) for tag in split_tags(value))


@register.filter
def signed(value):
    """-2.5 -> '-2.5' with a real minus sign (U+2212), 3 -> '+3'."""
    return format_change(value)


@register.filter
def choice_input(option):
    """The <input> of one radio or checkbox choice, exactly as `option.tag` renders it.

    Django renders each choice through three widget templates; the check-in form has 22
    choices, which was a third of the progress page's time in `make bench`. The same
    attributes (id, name, value, required, checked) are written here in one call.
    """
    data = option.data
    attrs = {"type": data["type"], "name": data["name"], "value": data["value"]}
    attrs.update(data["attrs"])
    attrs["checked"] = data["selected"]
    return mark_safe(  # noqa: S308 (every value is escaped)
        "<input"
        + "".join(
            f" {name}" if value is True else f' {name}="{escape(value)}"'
            for name, value in attrs.items()
            if value is not False and value is not None
        )
        + ">"
    )
