"""The friendly device names on the signed-in devices page (aira/user_agents.py)."""

import pytest

from aira.user_agents import device_name

# Real user agent strings, one for each browser and system a person might sign in from.
IPHONE_SAFARI = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"
)
IPHONE_CHROME = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1"
)
IPHONE_FIREFOX = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) FxiOS/133.0 Mobile/15E148 Safari/605.1.15"
)
IPAD_SAFARI = (
    "Mozilla/5.0 (iPad; CPU OS 17_7 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.7 Mobile/15E148 Safari/604.1"
)
IPHONE_APP_WEBVIEW = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Mobile/15E148"
)
ANDROID_CHROME = (
    "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36"
)
ANDROID_SAMSUNG = (
    "Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S918B) AppleWebKit/537.36 (KHTML, like "
    "Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36"
)
ANDROID_FIREFOX = "Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0"
WINDOWS_EDGE = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.70"
)
WINDOWS_OPERA = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36 OPR/116.0.0.0"
)
WINDOWS_FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
MAC_SAFARI = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like "
    "Gecko) Version/18.1 Safari/605.1.15"
)
MAC_CHROME = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like "
    "Gecko) Chrome/131.0.0.0 Safari/537.36"
)
CHROMEBOOK = (
    "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
LINUX_HEADLESS = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "HeadlessChrome/156.0.0.0 Safari/537.36"
)


@pytest.mark.parametrize(
    ("user_agent", "name"),
    [
        (IPHONE_SAFARI, "Safari on iPhone"),
        (IPHONE_CHROME, "Chrome on iPhone"),
        (IPHONE_FIREFOX, "Firefox on iPhone"),
        (IPAD_SAFARI, "Safari on iPad"),
        (IPHONE_APP_WEBVIEW, "Safari on iPhone"),
        (ANDROID_CHROME, "Chrome on Android"),
        (ANDROID_SAMSUNG, "Samsung Internet on Android"),
        (ANDROID_FIREFOX, "Firefox on Android"),
        (WINDOWS_EDGE, "Edge on Windows"),
        (WINDOWS_OPERA, "Opera on Windows"),
        (WINDOWS_FIREFOX, "Firefox on Windows"),
        (MAC_SAFARI, "Safari on Mac"),
        (MAC_CHROME, "Chrome on Mac"),
        (CHROMEBOOK, "Chrome on ChromeOS"),
        (LINUX_HEADLESS, "Chrome on Linux"),
    ],
)
def test_common_browsers_are_named_with_their_system(user_agent, name):
    assert device_name(user_agent) == name


def test_what_can_be_read_is_kept_when_the_rest_is_unknown():
    assert device_name("curl/8.5.0") == "Unknown device"
    assert device_name("SomeBot/1.0 (Windows NT 10.0)") == "Windows"
    assert device_name("Firefox/133.0") == "Firefox"


@pytest.mark.parametrize("user_agent", ["", None])
def test_no_user_agent_is_an_unknown_device(user_agent):
    assert device_name(user_agent) == "Unknown device"
