"""The crisis lines: where each number comes from, and the person's country first."""

import re
import zoneinfo
from datetime import date
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.test import RequestFactory

from aira import crisis

pytestmark = pytest.mark.django_db

REQUIRED = {
    # The first nine, then the ones issue 12 asked for.
    *("gb", "ie", "us", "ca", "au", "nz", "de", "fr", "in"),
    *("es", "nl", "be", "it", "pt", "se", "no", "dk", "fi", "pl", "br", "mx", "ar"),
    *("jp", "kr", "sg", "hk", "ph", "za"),
}


def first_country(html):
    """The anchor of the first country section on the page."""
    return re.search(r'class="crisis-country[^"]*" id="([a-z]{2})"', html).group(1)


def section(html, code):
    """The HTML of one country, from its anchor to the next country's."""
    start = html.index(f'id="{code}"')
    following = re.search(r'class="crisis-country[^"]*" id="', html[start + 1 :])
    return html[start : start + 1 + following.start()] if following else html[start:]


def test_every_line_and_emergency_number_has_a_source_and_a_checked_date():
    for country in crisis.COUNTRIES:
        assert re.match(r"https?://\S+$", country.emergency_source), country.code
        assert isinstance(country.emergency_checked, date), country.code
        assert country.emergency_checked <= date.today(), country.code
        assert country.lines, f"{country.code} has no line"
        for line in country.lines:
            where = f"{country.code}: {line.name}"
            assert re.match(r"https?://\S+$", line.source), where
            assert isinstance(line.checked, date), where
            assert line.checked <= date.today(), where
            assert line.phone or line.text or line.url, f"{where} cannot be reached"
            assert line.kind in crisis.KINDS, where


def test_at_least_25_countries_including_those_issue_12_names():
    codes = [country.code for country in crisis.COUNTRIES]
    assert len(codes) >= 25
    assert len(codes) == len(set(codes))
    assert set(codes) >= REQUIRED


def test_the_page_says_how_old_the_oldest_check_is(client):
    oldest = min(
        [c.emergency_checked for c in crisis.COUNTRIES]
        + [line.checked for c in crisis.COUNTRIES for line in c.lines]
    )
    assert oldest == crisis.LAST_CHECKED
    html = client.get("/crisis/").content.decode()
    assert f"on or after {oldest.day} {oldest:%B %Y}" in html


# A Spanish browser now reads the page in Spanish (issue 20).
@pytest.mark.parametrize(
    ("header", "code", "name", "badge"),
    [
        ("es-ES,es;q=0.9", "es", "España", "Tu país, según la configuración de tu dispositivo"),
        ("en-AU", "au", "Australia", "Your country, from your device's settings"),
    ],
)
def test_likely_country_is_listed_first_from_accept_language(client, header, code, name, badge):
    html = client.get("/crisis/", HTTP_ACCEPT_LANGUAGE=header).content.decode()
    assert first_country(html) == code
    first = section(html, code)
    assert badge in first
    assert f">{name}</h2>" in first
    # Listed once, and every other country still follows.
    assert html.count(f'id="{code}"') == 1
    for other in crisis.COUNTRIES:
        assert html.count(f'id="{other.code}"') == 1


def test_device_time_zone_beats_an_english_browser(client):
    client.cookies["aira_tz"] = "Europe/Madrid"
    html = client.get("/crisis/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert first_country(html) == "es"
    assert 'href="tel:024"' in section(html, "es")


def test_without_a_known_country_nothing_is_marked_and_all_are_listed(client):
    html = client.get("/crisis/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Your country" not in html
    assert "Lines by country" in html
    for country in crisis.COUNTRIES:
        assert f'id="{country.code}"' in html


def test_a_country_named_in_the_link_comes_first(client):
    html = client.get("/crisis/?country=JP", HTTP_ACCEPT_LANGUAGE="en-AU").content.decode()
    assert first_country(html) == "jp"
    assert "The country in your link" in section(html, "jp")
    assert html.count('id="au"') == 1


def test_an_unknown_country_in_the_link_is_ignored(client):
    html = client.get("/crisis/?country=zz", HTTP_ACCEPT_LANGUAGE="en-AU").content.decode()
    assert first_country(html) == "au"


def test_crisis_page_varies_on_what_picks_the_country(client):
    response = client.get("/crisis/")
    assert "Accept-Language" in response["Vary"]
    assert "Cookie" in response["Vary"]


@pytest.mark.parametrize(
    ("header", "code"),
    [("ja", "jp"), ("ko,en;q=0.5", "kr"), ("nb", "no"), ("pl-PL", "pl"), ("ja,en-US;q=0.9", "jp")],
)
def test_a_language_spoken_mainly_in_one_country_names_it(header, code):
    request = RequestFactory().get("/", HTTP_ACCEPT_LANGUAGE=header)
    assert crisis.likely_country(request).code == code


@pytest.mark.parametrize("header", ["en", "es", "pt", "fr", "de", "nl", "zh"])
def test_a_language_spoken_in_several_countries_names_none(header):
    request = RequestFactory().get("/", HTTP_ACCEPT_LANGUAGE=header)
    assert crisis.likely_country(request) is None


def test_every_time_zone_is_real_and_names_a_listed_country():
    zones = zoneinfo.available_timezones()
    for zone, code in crisis.TIME_ZONE_COUNTRY.items():
        assert zone in zones, zone
        assert code in crisis.BY_CODE, zone
    listed = set(crisis.TIME_ZONE_COUNTRY.values())
    assert listed == set(crisis.BY_CODE)


@pytest.mark.parametrize(
    ("zone", "code"),
    [
        ("Atlantic/Canary", "es"),
        ("America/Sao_Paulo", "br"),
        ("America/Manaus", "br"),
        ("America/Mexico_City", "mx"),
        ("America/Buenos_Aires", "ar"),
        ("Asia/Tokyo", "jp"),
        ("Africa/Johannesburg", "za"),
        ("Atlantic/Azores", "pt"),
        ("America/Indiana/Indianapolis", "us"),
    ],
)
def test_main_zones_of_a_country_name_it(zone, code):
    request = RequestFactory().get("/")
    request.COOKIES["aira_tz"] = zone
    assert crisis.likely_country(request).code == code


@pytest.mark.parametrize(
    ("code", "href"),
    [
        ("gb", "sms:85258?&amp;body=SHOUT"),
        ("us", "sms:741741?&amp;body=HOME"),
        ("us", "sms:88788?&amp;body=START"),
        ("ca", "sms:686868?&amp;body=CONNECT"),
        ("ie", "sms:50808?&amp;body=TALK"),
        ("us", "sms:988"),
    ],
)
def test_text_links_prefill_the_services_keyword(client, code, href):
    html = client.get("/crisis/").content.decode()
    assert f'href="{href}"' in section(html, code)


def test_a_line_without_a_keyword_opens_an_empty_message():
    line = crisis.Line(name="x", text="1737", source="https://x.example/", checked=date.today())
    assert line.sms_href == "sms:1737"


def test_call_links_dial_digits_only(client):
    html = client.get("/crisis/").content.decode()
    tels = re.findall(r'href="tel:([^"]*)"', html)
    assert len(tels) > 40
    for number in tels:
        # A leading "*" only for a mobile short code such as Chile's *4141.
        assert re.fullmatch(r"\+?\d+|\*\d+", number), number


@pytest.mark.parametrize("code", ["gb", "ie", "us", "ca", "au"])
def test_domestic_abuse_lines_are_their_own_labelled_group(client, code):
    labels = [str(label) for label, _lines in crisis.BY_CODE[code].groups]
    assert str(crisis.KIND_LABELS[crisis.ABUSE]) in labels
    html = section(client.get("/crisis/").content.decode(), code)
    assert "If someone at home hurts, threatens or controls you" in html


def test_beyond_blue_is_support_listed_after_the_crisis_lines(client):
    au = crisis.BY_CODE["au"]
    beyond_blue = next(line for line in au.lines if line.name == "Beyond Blue")
    assert beyond_blue.kind == crisis.SUPPORT
    assert [kind for kind in crisis.KINDS if any(li.kind == kind for li in au.lines)] == [
        crisis.CRISIS,
        crisis.SUPPORT,
        crisis.ABUSE,
    ]
    html = section(client.get("/crisis/").content.decode(), "au")
    assert html.index("Crisis lines") < html.index("Lifeline") < html.index("Support lines")
    assert html.index("Support lines") < html.index("Beyond Blue")


def test_everyone_else_gets_a_plain_link_to_a_helpline_directory(client):
    html = client.get("/crisis/").content.decode()
    assert 'href="https://findahelpline.com/"' in html
    # A link only: nothing on the page loads from another site.
    assert "findahelpline.com" not in re.sub(r'href="[^"]*"', "", html)


OLD_FOOTER_PHRASE = "thinking about ending your life"
GRADED = "If you are in danger, or you might act on thoughts of ending your life"


def project_template_files():
    """Every file in the project's template folders (not installed packages')."""
    dirs = [Path(d) for engine in settings.TEMPLATES for d in engine.get("DIRS", [])]
    dirs += [Path(config.path) / "templates" for config in apps.get_app_configs()]
    for directory in dirs:
        if directory.is_dir() and Path(settings.BASE_DIR) in directory.parents:
            yield from (p for p in directory.rglob("*") if p.is_file())


def test_no_template_keeps_the_old_footer_wording():
    files = list(project_template_files())
    assert any(p.name == "footer.html" for p in files)
    for path in files:
        text = path.read_text(errors="ignore")
        assert OLD_FOOTER_PHRASE not in text.lower(), path


def test_every_page_footer_uses_the_graded_wording(client):
    html = client.get("/privacy/").content.decode()
    assert GRADED + ", call your local emergency number now" in html
    assert OLD_FOOTER_PHRASE not in html
