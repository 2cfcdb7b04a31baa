import html
from datetime import UTC, date, datetime, timedelta

from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _


def escape_text(value):
    """escape_text(value), without the lazy-string wrapper around escape() that
    costs more than the escaping itself when a form writes hundreds of values."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def html_attrs(attrs):
    """A widget's attributes as django/forms/widgets/attrs.html writes them: in order, a
    True one by its name alone, a False one left out, every part escaped."""
    return "".join(
        f" {escape_text(name)}"
        if value is True
        else f' {escape_text(name)}="{escape_text(_as_text(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


def _as_text(value):
    # The templates' `|stringformat:'s'`, which keeps a safe string safe.
    return value if isinstance(value, str) else str(value)


def write_input(context):
    widget = context["widget"]
    value = widget["value"]
    value = "" if value is None else f' value="{escape_text(_as_text(value))}"'
    return (
        f'<input type="{escape_text(widget["type"])}" '
        f'name="{escape_text(widget["name"])}"{value}{html_attrs(widget["attrs"])}>'
    )


def write_select(context):
    widget = context["widget"]
    parts = [f'<select name="{escape_text(widget["name"])}"{html_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{escape_text(group_name)}">')
        parts.extend(
            f'\n  <option value="{escape_text(_as_text(option["value"]))}"'
            f"{html_attrs(option['attrs'])}>{escape_text(option['label'])}</option>\n"
            for option in options
        )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def write_textarea(context):
    widget = context["widget"]
    value = escape_text(widget["value"]) if widget["value"] else ""
    return (
        f'<textarea name="{escape_text(widget["name"])}"{html_attrs(widget["attrs"])}>'
        f"\n{value}</textarea>"
    )


# Django's own widget templates, written in Python: the same markup, without the nested
# templates Django renders for each widget and option (attrs.html; one select_option.html
# per option). The history's filters and the progress page's check-in were a good part of
# their pages' time (make bench); tests/aira/test_form_rendering.py compares every one
# with Django's templates.
INPUT_KINDS = "input text email url tel search number password hidden date datetime time color"
WIDGET_WRITERS = {
    **{f"django/forms/widgets/{kind}.html": write_input for kind in INPUT_KINDS.split()},
    "django/forms/widgets/checkbox.html": write_input,
    "django/forms/widgets/select.html": write_select,
    "django/forms/widgets/textarea.html": write_textarea,
}


def write_field_group(context):
    """templates/forms/field.html, written in Python: a label (or a fieldset's legend),
    the errors, the widget and the help text, for every `as_field_group`."""
    field = context["field"]
    errors = str(field.errors) if field.errors else ""
    help_text = (
        f'<div class="helptext" id="{escape_text(field.auto_id)}_helptext">{field.help_text}</div>'
        if field.help_text
        else ""
    )
    label = escape_text(field.label) if field.label else ""
    if field.widget_type == "checkbox":
        return (
            f'<div class="field field--check">{field}'
            f'<label for="{escape_text(field.id_for_label)}">{label}</label></div>'
            f"{errors}{help_text}"
        )
    if field.use_fieldset:
        return (
            f'<div class="field"><fieldset><legend>{label}</legend>'
            f"{errors}{field}{help_text}</fieldset></div>"
        )
    if label:
        label = f'<label for="{escape_text(field.id_for_label)}">{label}</label>'
    return f'<div class="field">{label}{errors}{field}{help_text}</div>'


# The field group is the same markup as the template, in Python: rendering it as a template
# for every field cost more than the widget itself (the panic log's form has eight).
# tests/aira/test_form_rendering.py compares the two for every kind of field.
FIELD_WRITERS = {"forms/field.html": write_field_group}


class AiraFormRenderer(TemplatesSetting):
    """Renders every form with Aira's field layout (templates/forms/field.html, written
    in Python by write_field_group), and the common widgets without templates
    (WIDGET_WRITERS)."""

    field_template_name = "forms/field.html"

    def render(self, template_name, context, request=None):
        writer = FIELD_WRITERS.get(template_name) or WIDGET_WRITERS.get(template_name)
        if writer is None:
            return super().render(template_name, context, request)
        return mark_safe(writer(context))  # noqa: S308 (every part escaped)


# Records (check-ins, practice sessions) and the periods people ask about fall within
# these years. Far-off values are refused up front: the day after 9999-12-31, or a
# year-1 time with a +14:00 offset in UTC, cannot even be computed.
EARLIEST_DAY = date(2000, 1, 1)
LATEST_DAY = date(2100, 12, 31)
# A device clock a little ahead is fine; a record from the future is not.
CLOCK_SLACK = timedelta(minutes=10)


def validate_day_in_range(value):
    if value is not None and not EARLIEST_DAY <= value <= LATEST_DAY:
        raise forms.ValidationError(_("Choose a date between 2000 and 2100."), code="out_of_range")


FUTURE_MESSAGE = _("The time is in the future.")


def validate_device_moment(value, *, future_message=FUTURE_MESSAGE):
    """A moment a device says something happened (an offline check-in or session)."""
    if value is None:
        return value
    try:
        moment = value.astimezone(UTC)
    except OverflowError:
        raise forms.ValidationError(_("The time is not a real date and time.")) from None
    if moment < datetime.combine(EARLIEST_DAY, datetime.min.time(), tzinfo=UTC):
        raise forms.ValidationError(_("The time is before 2000: is the device's clock right?"))
    if moment > timezone.now() + CLOCK_SLACK:
        raise forms.ValidationError(future_message)
    return value
