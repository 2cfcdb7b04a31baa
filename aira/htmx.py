"""How a view answers htmx: the one fragment it swaps, or the whole page otherwise."""

from django.shortcuts import render
from django.utils.cache import patch_vary_headers


def wants_partial(request):
    # A history restore (the back button after htmx's history cache was emptied) asks
    # for the whole page, though it comes from htmx.
    return bool(request.htmx) and not request.htmx.history_restore_request


def render_page_or_partial(request, template, partial, context=None, *, status=200):
    """`template` whole, or only its `{% partialdef partial %}` for htmx. The same URL
    answers both, so the response says it varies on the header that chooses."""
    name = f"{template}#{partial}" if wants_partial(request) else template
    response = render(request, name, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response
