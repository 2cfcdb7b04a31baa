from django import template
from django.conf import settings
from django.template.loader import render_to_string

register = template.Library()

# {(template name, sorted keyword values): HTML}. Bounded by what the site's templates
# pass: a handful of templates times a handful of values each.
_rendered = {}


@register.simple_tag
def memo_include(template_name, **values):
    """`{% include %}` for a template that depends on nothing but `values`, rendered once
    per process for each set of values: the site header, the same on every page but for
    the current section, was a tenth of a page's rendering (`make bench`).

    The template sees only `values`: no request, user or CSRF token, so nothing personal
    can be remembered in it. With DEBUG on it is rendered every time, as templates
    change under a running development server.
    """
    key = (template_name, tuple(sorted(values.items())))
    html = _rendered.get(key)
    if html is None:
        html = render_to_string(template_name, values)
        if not settings.DEBUG:
            _rendered[key] = html
    return html
