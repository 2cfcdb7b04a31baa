"""A friendly name for the device behind a user agent string ("Chrome on Android").

For the signed-in devices page, where a person has to recognise their own phone, not
audit a header. A few well-known browsers and systems are enough: anything else falls
back to what could be read, then to "Unknown device". Order matters in both lists,
because browsers borrow each other's tokens (every Chromium says "Safari", Edge and
Opera say "Chrome", and every browser on an iPhone is Safari's engine).
"""

import re

from django.utils.translation import gettext

BROWSERS = [
    (re.compile(r"\bEdg(e|A|iOS)?/"), "Edge"),
    (re.compile(r"\b(OPR|OPiOS|Opera)\b"), "Opera"),
    (re.compile(r"\bSamsungBrowser/"), "Samsung Internet"),
    (re.compile(r"\b(Firefox|FxiOS)/"), "Firefox"),
    (re.compile(r"\b(CriOS|Chrome|Chromium|HeadlessChrome)/"), "Chrome"),
    (re.compile(r"\bVersion/[\d.]+.*\bSafari/|\b(iPhone|iPad)\b.*\bAppleWebKit/"), "Safari"),
]

SYSTEMS = [
    (re.compile(r"\biPhone\b"), "iPhone"),
    (re.compile(r"\biPad\b"), "iPad"),
    (re.compile(r"\bAndroid\b"), "Android"),
    (re.compile(r"\bCrOS\b"), "ChromeOS"),
    (re.compile(r"\bWindows\b"), "Windows"),
    (re.compile(r"\b(Macintosh|Mac OS X)\b"), "Mac"),
    (re.compile(r"\bLinux\b"), "Linux"),
]


def _first_match(patterns, text):
    return next((name for pattern, name in patterns if pattern.search(text)), None)


def device_name(user_agent):
    user_agent = user_agent or ""
    browser = _first_match(BROWSERS, user_agent)
    system = _first_match(SYSTEMS, user_agent)
    if browser and system:
        return gettext("%(browser)s on %(system)s") % {"browser": browser, "system": system}
    return browser or system or gettext("Unknown device")
