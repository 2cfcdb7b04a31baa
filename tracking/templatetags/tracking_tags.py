from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from tracking.forms import CheckInForm
from tracking.models import MOOD_LABELS, SENSATION_LABELS, TAG_LABELS, split_tags
from tracking.stats import format_change, iso_moment, moment_label

register = template.Library()


@register.inclusion_tag("tracking/_checkin_fields.html")
def checkin_questions():
    """The check-in's questions, blank, for a page that sends the answers itself: the
    offline player keeps them and queues the check-in (static/js/offline-player.js)."""
    return {"form": CheckInForm()}


@register.filter
def mood_words(value):
    """3 -> 'Okay'."""
    return str(MOOD_LABELS.get(value, ""))


@register.filter
def tag_words(value):
    """'sleep,work' -> 'Sleep, Work'."""
    return ", ".join(str(TAG_LABELS.get(tag, tag)) for tag in split_tags(value))


@register.filter
def sensation_words(value):
    """'racing_heart,dizziness' -> 'Racing heart, Dizziness'."""
    return ", ".join(str(SENSATION_LABELS.get(item, item)) for item in split_tags(value))


@register.filter
def short_moment(value):
    """A time without the year, 'Mon 3 Nov, 14:05' (tracking.stats.moment_label): the
    panic log's list and what it shows back."""
    return moment_label(value, year=False)


# A <time datetime> value in the current time zone (tracking.stats.iso_moment).
register.filter("iso_moment", iso_moment)


@register.filter
def signed(value):
    """-2.5 -> '-2.5' with a real minus sign (U+2212), 3 -> '+3'."""
    return format_change(value)


@register.simple_tag
def calendar_head():
    """The calendar's seven column heads, Monday first: each day's short name, with its
    full name in an <abbr> for screen readers. Built here as calendar_cells is: fourteen
    translate tags cost more than the month's cells."""
    names = [
        (gettext("Monday"), gettext("Mon")),
        (gettext("Tuesday"), gettext("Tue")),
        (gettext("Wednesday"), gettext("Wed")),
        (gettext("Thursday"), gettext("Thu")),
        (gettext("Friday"), gettext("Fri")),
        (gettext("Saturday"), gettext("Sat")),
        (gettext("Sunday"), gettext("Sun")),
    ]
    return mark_safe(  # noqa: S308 (escaped text)
        "".join(
            f'<th scope="col"><abbr title="{escape(full)}">{escape(short)}</abbr></th>'
            for full, short in names
        )
    )


@register.simple_tag
def calendar_cells(week):
    """The seven <td> cells of a calendar week (tracking.stats.CalendarDay). Built here
    rather than by a template loop, whose conditions and variables for the month's 42
    cells were a seventh of the progress page's work (`make bench`); and with plain
    string building, since every part is a number or one of a few fixed class names."""
    # Not inside the f-string: makemessages does not look in there.
    practised_words = gettext("practised")
    practised = (
        '<span class="calendar__mark" aria-hidden="true">✓</span>'
        f'<span class="visually-hidden"> {escape(practised_words)}</span>'
    )
    cells = []
    for cell in week:
        today = ' aria-current="date"' if cell.is_today else ""
        content = (
            f'<span class="calendar__number">{cell.day.day:d}</span>'
            f"{practised if cell.practised else ''}"
            if cell.in_month
            else ""
        )
        cells.append(f'<td class="{cell.css_class}"{today}>{content}</td>')
    return mark_safe("".join(cells))  # noqa: S308 (numbers, fixed names, escaped text)


@register.simple_tag
def what_helps_items(effects):
    """The <li> items of "What helps you", one per practice rated (tracking.stats
    .PracticeEffect): its title linked, its change in words, and a note while it has too
    few rated sessions. Built here rather than by a template loop, which for a person
    with twenty practices rated was a twelfth of the progress page's work (make bench);
    every title and phrase escaped."""
    too_few = gettext("Too few sessions to say yet.")
    note = f'<p class="muted helps-item__note">{escape(too_few)}</p>'
    return mark_safe(  # noqa: S308 (escaped text)
        "".join(
            f'<li class="helps-item"><h3><a href="{escape(effect.url)}">{escape(effect.title)}'
            f"</a></h3><p>{escape(effect.rated_phrase)}</p>{note if effect.too_few else ''}</li>"
            for effect in effects
        )
    )
