"""The production URLs plus `make bench`'s second floor: the framework's own cost for a
real page. Served only under scripts/bench_settings.py, never in production."""

from django.http import HttpResponse
from django.template import engines
from django.urls import path

from aira.urls import urlpatterns as production_urlpatterns
from practices.models import Step

FLOOR_ROWS = 20
# A small template, compiled once as the cached template loader would keep it.
FLOOR_TEMPLATE = engines["django"].from_string(
    """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Floor</title></head>
<body>
<h1>{{ rows|length }} steps</h1>
<ol>
{% for row in rows %}  <li><a href="#{{ row.pk }}">{{ row.title }}</a> ({{ row.get_kind_display }})</li>
{% endfor %}</ol>
</body>
</html>
"""
)


def floor_list(request):
    """Every middleware, one query for 20 rows, a template with a loop: no more."""
    rows = Step.objects.only("title", "kind").order_by("pk")[:FLOOR_ROWS]
    return HttpResponse(FLOOR_TEMPLATE.render({"rows": rows}, request))


urlpatterns = [
    path("bench/floor-list/", floor_list, name="bench_floor_list"),
    *production_urlpatterns,
]
