from django import template

from tracking.forms import CheckInForm
from tracking.models import Mood, Tag, split_tags
from tracking.stats import format_change

register = template.Library()

MOOD_WORDS = dict(Mood.choices)
TAG_WORDS = dict(Tag.choices)


@register.inclusion_tag("tracking/_checkin_fields.html")
def checkin_questions():
    """The check-in's questions, blank, for a page that sends the answers itself: the
    offline player keeps them and queues the check-in (static/js/offline-player.js)."""
    return {"form": CheckInForm()}


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
