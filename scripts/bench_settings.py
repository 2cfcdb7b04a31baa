"""Settings of the server `make bench` measures: production's, plus a second floor.

Only scripts/_server.py uses this module (with scripts/ on PYTHONPATH); production and
the tests never import it, so the floor page below exists only under the bench.
"""

from aira.settings import *  # noqa: F403 (production's settings, unchanged but for the lines below)

# The production URLs, plus the 20-row floor page (scripts/bench_urls.py).
ROOT_URLCONF = "bench_urls"
