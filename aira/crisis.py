"""Crisis resources shown on /crisis/.

Kept as plain data in code rather than the database: it must render even when the
database is unavailable, and changes go through review. Check numbers at least
yearly; the date below is shown on the page.
"""

from dataclasses import dataclass, field

from django.utils.translation.trans_real import parse_accept_lang_header

LAST_CHECKED = "November 2026"


@dataclass(frozen=True)
class Line:
    name: str
    how: str  # what to do, in words: "Call 116 123"
    tel: str = ""  # digits for a tel: link
    sms: str = ""  # digits for an sms: link
    note: str = ""


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    emergency: str
    lines: list[Line] = field(default_factory=list)

    @property
    def emergency_dial(self) -> str:
        """The first number of "112 or 999", for the tel: link."""
        return self.emergency.split()[0]


COUNTRIES = [
    Country(
        "gb",
        "United Kingdom",
        "999",
        [
            Line("Samaritans", "Call 116 123", tel="116123", note="Free, any time, day or night."),
            Line("Shout", "Text SHOUT to 85258", sms="85258", note="Free text support, 24/7."),
            Line(
                "NHS 111",
                "Call 111",
                tel="111",
                note="In England, choose the mental health option.",
            ),
        ],
    ),
    Country(
        "ie",
        "Ireland",
        "112 or 999",
        [
            Line("Samaritans", "Call 116 123", tel="116123", note="Free, 24/7."),
            Line(
                "Text About It", "Text HELLO to 50808", sms="50808", note="Free text support, 24/7."
            ),
        ],
    ),
    Country(
        "us",
        "United States",
        "911",
        [
            Line(
                "988 Suicide & Crisis Lifeline",
                "Call or text 988",
                tel="988",
                sms="988",
                note="24/7.",
            ),
            Line("Crisis Text Line", "Text HOME to 741741", sms="741741", note="24/7."),
        ],
    ),
    Country(
        "ca",
        "Canada",
        "911",
        [
            Line(
                "9-8-8 Suicide Crisis Helpline",
                "Call or text 988",
                tel="988",
                sms="988",
                note="24/7.",
            ),
            Line(
                "Kids Help Phone",
                "Call 1-800-668-6868",
                tel="18006686868",
                note="For young people, 24/7.",
            ),
        ],
    ),
    Country(
        "au",
        "Australia",
        "000",
        [
            Line("Lifeline", "Call 13 11 14", tel="131114", note="24/7."),
            Line("Beyond Blue", "Call 1300 22 4636", tel="1300224636", note="24/7."),
        ],
    ),
    Country(
        "nz",
        "New Zealand",
        "111",
        [
            Line("Need to talk?", "Call or text 1737", tel="1737", sms="1737", note="Free, 24/7."),
            Line("Lifeline Aotearoa", "Call 0800 543 354", tel="0800543354", note="24/7."),
        ],
    ),
    Country(
        "de",
        "Germany",
        "112",
        [
            Line("TelefonSeelsorge", "Call 0800 111 0 111", tel="08001110111", note="Free, 24/7."),
        ],
    ),
    Country(
        "fr",
        "France",
        "112 or 15",
        [
            Line(
                "3114",
                "Call 3114",
                tel="3114",
                note="National suicide prevention line, free, 24/7.",
            ),
        ],
    ),
    Country(
        "in",
        "India",
        "112",
        [
            Line("Tele-MANAS", "Call 14416", tel="14416", note="Free, 24/7, many languages."),
        ],
    ),
]


BY_CODE = {country.code: country for country in COUNTRIES}

# Where the device's clock says it is: aira.js sends the IANA zone in the aira_tz cookie.
# A zone names a place far more surely than a browser language does (an English browser
# in Madrid still needs 112), so it is asked first.
TIME_ZONE_COUNTRY = {
    "Europe/London": "gb",
    "Europe/Belfast": "gb",
    "Europe/Dublin": "ie",
    "Europe/Berlin": "de",
    "Europe/Paris": "fr",
    "Asia/Kolkata": "in",
    "Asia/Calcutta": "in",
    "Pacific/Auckland": "nz",
    "Australia/Sydney": "au",
    "Australia/Melbourne": "au",
    "Australia/Brisbane": "au",
    "Australia/Perth": "au",
    "Australia/Adelaide": "au",
    "Australia/Hobart": "au",
    "Australia/Darwin": "au",
    "America/Toronto": "ca",
    "America/Vancouver": "ca",
    "America/Edmonton": "ca",
    "America/Winnipeg": "ca",
    "America/Halifax": "ca",
    "America/St_Johns": "ca",
    "America/Regina": "ca",
    "America/New_York": "us",
    "America/Chicago": "us",
    "America/Denver": "us",
    "America/Phoenix": "us",
    "America/Los_Angeles": "us",
    "America/Anchorage": "us",
    "Pacific/Honolulu": "us",
}


def likely_country(request) -> Country | None:
    """The country whose lines a person most likely needs: from the device's time zone,
    else the first region named in Accept-Language ("en-AU" is Australia). None when
    neither names a listed country: pages then say "your local emergency number"."""
    code = TIME_ZONE_COUNTRY.get(request.COOKIES.get("aira_tz", ""))
    if code is None:
        header = request.headers.get("Accept-Language", "")[:200]
        for language, _quality in parse_accept_lang_header(header):
            _, _, region = language.lower().partition("-")
            if region in BY_CODE:
                code = region
                break
    return BY_CODE.get(code)


def countries_for(request) -> list[Country]:
    """Every listed country, the likely one first and the rest in their usual order."""
    first = likely_country(request)
    return [first, *(c for c in COUNTRIES if c != first)] if first else list(COUNTRIES)
