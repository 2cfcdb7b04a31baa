"""`make lighthouse`: Lighthouse scores for Aira's key pages, in production configuration.

Starts the same server as `make bench` (scripts/_server.py), runs the pinned Lighthouse
(package.json) with Debian's Chromium and Lighthouse's mobile settings on each key page,
signed-in pages with the benchmark user's cookies, and prints the four category scores.
Lighthouse 12 has no PWA category any more, so installability is checked the way
Chromium itself decides it: Page.getInstallabilityErrors in a persistent profile.

Saves the table to bench-results/ and exits 1 if a page misses a target.
"""

import argparse
import datetime
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _server  # scripts/ is not a package: imported from the path above
import bench

ROOT = _server.ROOT
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
ATTEMPTS = 3
NOT_INDEXED = "is-crawlable"
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu"
CATEGORIES = [
    ("performance", "Performance", 95),
    ("accessibility", "Accessibility", 100),
    ("best-practices", "Best Practices", 100),
    ("seo", "SEO", 100),
]


def run_lighthouse(site, page, out_dir):
    out = out_dir / (page.name.lower().replace(" ", "-") + ".json")
    command = [
        str(LIGHTHOUSE),
        site.url + page.path,
        f"--chrome-flags={CHROME_FLAGS}",
        "--form-factor=mobile",
        "--only-categories=" + ",".join(key for key, _, _ in CATEGORIES),
        "--output=json",
        f"--output-path={out}",
        "--quiet",
    ]
    if page.signed_in:
        # Sent with the page's own requests. Requests the service worker makes once it
        # controls the page (Lighthouse loads the page again, e.g. for its back/forward
        # cache check) go without them, so the server logs a 404 for the player's
        # session URL then; the audited load is the signed-in page, as its passing
        # http-status-code audit shows.
        cookie = {"Cookie": site.cookie_header()}
        command.append("--extra-headers=" + json.dumps(cookie))
    env = {**os.environ, "CHROME_PATH": bench.CHROMIUM}
    # Lighthouse sometimes loses the trace of a load (NO_NAVSTART, NO_FCP) on a busy
    # machine and asks to be run again: up to three tries.
    for attempt in range(1, ATTEMPTS + 1):
        out.unlink(missing_ok=True)
        finished = subprocess.run(command, cwd=ROOT, env=env, check=False, timeout=180)  # noqa: S603
        result = json.loads(out.read_text()) if out.exists() else {}
        if finished.returncode == 0 and result and not result.get("runtimeError"):
            break
        if attempt == ATTEMPTS:
            error = result.get("runtimeError") or f"exit status {finished.returncode}"
            raise RuntimeError(f"{page.name}: Lighthouse failed {ATTEMPTS} times: {error}")
        print(
            f"  trying again ({result.get('runtimeError', {}).get('code', 'error')})",
            file=sys.stderr,
        )
    final_url = result.get("finalDisplayedUrl") or result.get("finalUrl")
    if final_url != site.url + page.path:
        raise RuntimeError(f"{page.name}: Lighthouse ended at {final_url}")
    return result


def scores(result):
    return {
        key: round(result["categories"][key]["score"] * 100)
        for key, _, _ in CATEGORIES
        if result["categories"][key]["score"] is not None
    }


def failing_audits(result, categories=None):
    """Ids of the weighted audits scored below 1, in the given categories (default: all)."""
    found = []
    for key, _, _ in CATEGORIES:
        if categories and key not in categories:
            continue
        for ref in result["categories"][key]["auditRefs"]:
            audit = result["audits"][ref["id"]]
            if ref.get("weight", 0) > 0 and audit["score"] is not None and audit["score"] < 1:
                found.append(ref["id"])
    return found


def misses(page, page_scores, result):
    """The categories below target. A page kept out of search engines on purpose loses
    SEO points for exactly one audit, `is-crawlable`; that one is expected, not a miss."""
    missed = []
    for key, label, target in CATEGORIES:
        if page_scores.get(key, 0) >= target:
            continue
        if key == "seo" and not page.indexable and failing_audits(result, ["seo"]) == [NOT_INDEXED]:
            continue
        missed.append(label)
    return missed


def installability(site):
    """Chromium's own installability verdict for the home page ([] means installable)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as profile:
        # Chromium refuses to install from an incognito profile, which new contexts are.
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=bench.CHROMIUM, args=bench.CHROMIUM_ARGS
        )
        try:
            page = context.new_page()
            page.goto(site.url + "/")
            page.evaluate("async () => { await navigator.serviceWorker.ready; }")
            cdp = context.new_cdp_session(page)
            errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
            manifest = cdp.send("Page.getAppManifest")
        finally:
            context.close()
    return [e["errorId"] for e in errors] + [m["message"] for m in manifest.get("errors", [])]


def report(rows, install_errors, now):
    lines = [
        f"# Aira Lighthouse scores, {now:%Y-%m-%d %H:%M}",
        "",
        f"Commit {bench.git_revision()}; Lighthouse {rows[0][2]['lighthouseVersion']}, mobile "
        "settings (simulated slow 4G, 4x CPU slowdown), Debian's Chromium, production "
        "configuration on loopback. Targets: Performance at least 95, the others 100. "
        f"Pages kept out of search engines on purpose (search results and the player carry "
        f"`noindex`, robots.txt disallows /progress/) lose SEO points for `{NOT_INDEXED}` "
        "alone; that is expected, and any other SEO audit below full marks is a miss.",
        "",
        "| page | signed in | "
        + " | ".join(label for _, label, _ in CATEGORIES)
        + " | audits below full marks |",
        "| --- | --- | " + " | ".join("---:" for _ in CATEGORIES) + " | --- |",
    ]
    for page, page_scores, result in rows:
        missed = misses(page, page_scores, result)
        cells = []
        for key, label, _ in CATEGORIES:
            score = page_scores.get(key)
            cell = "n/a" if score is None else str(score)
            if label in missed:
                cell += " ✗"
            elif key == "seo" and not page.indexable and NOT_INDEXED in failing_audits(result):
                cell += " (not indexed, by design)"
            cells.append(cell)
        audits = ", ".join(failing_audits(result)) or "none"
        lines.append(
            f"| {page.name} | {'yes' if page.signed_in else 'no'} | "
            + " | ".join(cells)
            + f" | {audits} |"
        )
    verdict = (
        "installable (no errors from Page.getInstallabilityErrors)"
        if not install_errors
        else "NOT installable: " + ", ".join(install_errors)
    )
    lines += [
        "",
        f"PWA installability (Lighthouse 12 dropped its PWA category; Chromium's own check "
        f"on the home page in a persistent profile): {verdict}.",
        "",
    ]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-save", action="store_true", help="Print only; save no file.")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit("Lighthouse is not installed: run `npm ci` first (make lighthouse does).")
    log = bench.log

    now = datetime.datetime.now()
    rows = []
    with (
        _server.running_site(log=log) as site,
        tempfile.TemporaryDirectory(prefix="aira-lighthouse-") as out_dir,
    ):
        step = _server.begin_practice(site, bench.PRACTICE, site.cookies)
        pages = [page for page in bench.key_pages(step) if not page.fragment]
        for page in pages:
            log(f"Lighthouse: {page.name}")
            result = run_lighthouse(site, page, Path(out_dir))
            rows.append((page, scores(result), result))
            log("  " + ", ".join(f"{k} {v}" for k, v in rows[-1][1].items()))
        log("Installability")
        install_errors = installability(site)
    text = report(rows, install_errors, now)
    print(text)
    if not args.no_save:
        bench.save_report(text, now, prefix="lighthouse-")
    missed = [page.name for page, page_scores, result in rows if misses(page, page_scores, result)]
    if install_errors:
        missed.append("installability")
    if missed:
        log("Below target: " + ", ".join(missed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
