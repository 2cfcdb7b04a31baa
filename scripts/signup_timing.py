"""`make signup-timing`: does the time a sign-up takes tell whether an email has an account?

Starts the production configuration on loopback (scripts/_server.py: debug off, the real
password hasher, gunicorn) and signs up N new addresses and N addresses that already
have an account, interleaved (new, taken, new, taken...) so a busy moment of the machine
falls on both. Each address that was new a moment ago is the next taken one. Only the
POST is timed. Every sign-up comes from its own address (AIRA_TRUSTED_PROXY_COUNT=1 and
an X-Forwarded-For per request), so allauth's 20-a-minute limit is never reached.

Prints both medians and exits 1 unless they are within 20% of each other. Not a unit
test: timings belong on a quiet machine, run by hand.
"""

import argparse
import statistics
import sys
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _server  # scripts/ is not a package: imported from the path above

TOLERANCE = 0.20
PASSWORD = "a calm and steady passphrase for timing"  # noqa: S105 (throwaway accounts)


def sign_up(site, email, n):
    """One sign-up through the real form; returns the seconds the POST took."""
    client = {"X-Forwarded-For": f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"}
    page = _server.request(site, "/accounts/signup/", headers=client)
    cookies = page.set_cookies()
    body = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": _server.csrf_form_token(page.body),
            "email": email,
            "password1": PASSWORD,
            "password2": PASSWORD,
        }
    )
    started = time.perf_counter()
    response = _server.request(
        site,
        "/accounts/signup/",
        method="POST",
        body=body,
        headers={"Content-Type": "application/x-www-form-urlencoded", **client},
        cookies=cookies,
    )
    elapsed = time.perf_counter() - started
    if response.status != 302:
        raise RuntimeError(f"Sign-up of {email} answered {response.status}")
    return elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=30, help="sign-ups of each kind (default 30)")
    parser.add_argument("--warm-up", type=int, default=3)
    args = parser.parse_args()

    with _server.running_site(
        sessions=1, checkins=1, days=1, extra_env={"AIRA_TRUSTED_PROXY_COUNT": "1"}
    ) as site:
        taken = site.email  # the bench user: an account that exists
        timings = {"new": [], "taken": []}
        for n in range(args.warm_up + args.n):
            fresh = f"timing{n}@example.com"
            new_time = sign_up(site, fresh, 2 * n)
            taken_time = sign_up(site, taken, 2 * n + 1)
            taken = fresh  # it has an account now
            if n >= args.warm_up:
                timings["new"].append(new_time)
                timings["taken"].append(taken_time)

    new = statistics.median(timings["new"]) * 1000
    taken = statistics.median(timings["taken"]) * 1000
    difference = abs(new - taken) / max(new, taken)
    print(f"Sign-ups of each kind: {args.n} (after {args.warm_up} of each to warm up)")
    print(f"  new address:   median {new:6.1f} ms")
    print(f"  taken address: median {taken:6.1f} ms")
    print(f"  difference:    {difference:.1%} (allowed: {TOLERANCE:.0%})")
    if difference > TOLERANCE:
        print("FAIL: the time tells whether an address has an account.")
        return 1
    print("OK: the two take the same time, within the tolerance.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
