from django import template
from django.utils.safestring import mark_safe

from aira.forms import escape_text, write_input
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
def choice_options(field, css_class):
    """Every option of a radio or checkbox field (a BoundField), each an input and its
    label in <div class="`css_class`">: the input exactly as {{ option.tag }} writes it
    (name, value, id, checked, required, aria-invalid), the label tied to it. Written
    here rather than by a template loop with Django's nested templates per option, and
    from the widget's choices rather than its subwidgets (a dict of a dozen attributes
    built per option): the panic log's form has over fifty options, and they were a
    third of its time (make bench). The inputs come from the form renderer's own writer."""
    css_class = escape_text(css_class)
    return mark_safe(  # noqa: S308 (every part escaped)
        "\n".join(
            f'<div class="{css_class}">{write_input({"widget": option})}'
            f'<label for="{escape_text(option["attrs"].get("id", ""))}">'
            f"{escape_text(option['label'])}</label></div>"
            for option in options_of(field)
        )
    )


def options_of(field):
    """What Django's ChoiceWidget.optgroups gives each option of a flat choice field, as
    BoundField.subwidgets asks for it: type, name, value, label and attributes (the
    field's own, an id numbered by position, checked when chosen)."""
    widget = field.field.widget
    if not widget.option_inherits_attrs:
        raise TypeError("choice_options is for radio buttons and checkboxes.")
    id_ = widget.attrs.get("id") or field.auto_id
    shared = widget.build_attrs(widget.attrs, field.build_widget_attrs({"id": id_} if id_ else {}))
    chosen = set(widget.format_value(field.value()))
    one_only = not widget.allow_multiple_selected
    for index, (value, label) in enumerate(widget.choices):
        if isinstance(label, (list, tuple)):
            raise TypeError("choice_options does not write grouped choices.")
        attrs = dict(shared)
        if id_:
            attrs["id"] = widget.id_for_label(id_, index)
        if str("" if value is None else value) in chosen:
            attrs.update(widget.checked_attribute)
            if one_only:  # as Django does: a radio group checks its first match only
                chosen = set()
        yield {
            "type": widget.input_type,
            "name": field.html_name,
            "value": "" if value is None else value,
            "label": label,
            "attrs": attrs,
        }
