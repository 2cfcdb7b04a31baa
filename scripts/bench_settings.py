"""Settings of the server `make bench` measures: production's, plus a second floor.

Only scripts/_server.py uses this module (with scripts/ on PYTHONPATH); production and
the tests never import it, so the floor page below exists only under the bench.
"""

from aira.settings import *  # noqa: F403 (production's settings, unchanged but for the lines below)

# The production URLs, plus the 20-row floor page (scripts/bench_urls.py).
ROOT_URLCONF = "bench_urls"

# Pages are measured as they are built from the database on every request: while the
# hand-made fragment cache (aira/fragments.py) still exists, it is switched off here so
# the figures are the ones the code will have without it. (No-op once it is gone.)
if "fragments" in CACHES:  # noqa: F405
    CACHES["fragments"] = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}  # noqa: F405
