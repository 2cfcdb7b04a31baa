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
def device_name(user_agent):
    """ "Chrome on Android" for a user agent string (aira/user_agents.py)."""
    from aira.user_agents import device_name as name

    return name(user_agent)
