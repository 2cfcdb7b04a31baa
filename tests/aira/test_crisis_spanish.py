"""The crisis page for Spanish readers: Spanish-speaking countries first, no English "or"
between emergency numbers, and the Latin American lines added for them."""

import re

import pytest
from django.test import RequestFactory
from django.utils import translation

from aira import crisis

pytestmark = pytest.mark.django_db

# Spain and Mexico, then the others by their Spanish names.
SPANISH_ORDER = ["es", "mx", "ar", "cl", "co", "ec", "pe", "uy"]


def country_codes(html):
    """Every country section's anchor, in page order."""
    return re.findall(r'class="crisis-country[^"]*" id="([a-z]{2})"', html)


def crisis_page(client, header, language):
    # Accept-Language picks the language once LocaleMiddleware is on; the override keeps
    # the language fixed whether or not it is, so the test checks the ordering alone.
    with translation.override(language):
        return client.get("/crisis/", HTTP_ACCEPT_LANGUAGE=header).content.decode()


def codes_for(header, language, zone=None):
    request = RequestFactory().get("/", HTTP_ACCEPT_LANGUAGE=header)
    if zone:
        request.COOKIES["aira_tz"] = zone
    with translation.override(language):
        return [country.code for country in crisis.countries_for(request)]


def test_spanish_page_without_a_known_country_lists_spanish_speaking_countries_first(client):
    html = crisis_page(client, "es", "es")
    codes = country_codes(html)
    assert codes[: len(SPANISH_ORDER)] == SPANISH_ORDER
    # Nothing is claimed about where the reader is.
    assert "Your country" not in html
    # The rest keep their usual order, each country once.
    rest = [c.code for c in crisis.COUNTRIES if c.code not in SPANISH_ORDER]
    assert codes[len(SPANISH_ORDER) :] == rest
    assert sorted(codes) == sorted(crisis.BY_CODE)


def test_spanish_page_puts_the_likely_country_first_then_the_spanish_speaking_ones(client):
    html = crisis_page(client, "es-CO,es;q=0.9", "es")
    codes = country_codes(html)
    assert codes[0] == "co"
    assert "Tu país, según la configuración de tu dispositivo" in html  # the likely country's label
    assert codes[1 : len(SPANISH_ORDER)] == [c for c in SPANISH_ORDER if c != "co"]
    assert codes.count("co") == 1
    assert 'href="tel:106"' in html


def test_a_likely_country_outside_the_spanish_speaking_world_still_comes_first():
    # A Spanish reader whose phone is set to New York: 911 there, then Spain, Mexico...
    codes = codes_for("es", "es", zone="America/New_York")
    assert codes[0] == "us"
    assert codes[1 : len(SPANISH_ORDER) + 1] == SPANISH_ORDER
    assert codes.count("us") == 1


@pytest.mark.parametrize("language", ["en", "en-gb", "fr"])
def test_other_languages_keep_the_usual_order(language):
    assert codes_for("en", language) == [c.code for c in crisis.COUNTRIES]
    codes = codes_for("en-AU", language)
    assert codes == ["au", *(c.code for c in crisis.COUNTRIES if c.code != "au")]


def test_english_page_is_unchanged(client):
    html = crisis_page(client, "en", "en")
    assert country_codes(html) == [c.code for c in crisis.COUNTRIES]


@pytest.mark.parametrize("header", ["es", "es,en;q=0.5", "es-419"])
def test_spanish_alone_names_no_country(header):
    # Spanish is a first language in eight listed countries with different numbers:
    # assuming Spain would give a reader in Lima 112 instead of 106.
    request = RequestFactory().get("/", HTTP_ACCEPT_LANGUAGE=header)
    assert crisis.likely_country(request) is None


@pytest.mark.parametrize(
    ("header", "code"),
    [
        ("es-CO", "co"),
        ("es-MX,es;q=0.9", "mx"),
        ("es-ES", "es"),
        ("es-AR", "ar"),
        ("es-CL", "cl"),
        ("es-PE", "pe"),
        ("es-UY", "uy"),
        ("es-EC", "ec"),
    ],
)
def test_a_spanish_region_names_its_country(header, code):
    request = RequestFactory().get("/", HTTP_ACCEPT_LANGUAGE=header)
    assert crisis.likely_country(request).code == code


@pytest.mark.parametrize(
    ("zone", "code"),
    [
        ("America/Bogota", "co"),
        ("America/Santiago", "cl"),
        ("Pacific/Easter", "cl"),
        ("America/Lima", "pe"),
        ("America/Montevideo", "uy"),
        ("America/Guayaquil", "ec"),
    ],
)
def test_latin_american_zones_name_their_country(zone, code):
    request = RequestFactory().get("/")
    request.COOKIES["aira_tz"] = zone
    assert crisis.likely_country(request).code == code


@pytest.mark.parametrize(
    ("code", "emergency", "tel"),
    [
        ("cl", "131", "*4141"),
        ("co", "123", "106"),
        ("ec", "911", "171"),
        ("pe", "106", "113"),
        ("uy", "911", "08000767"),
    ],
)
def test_new_countries_offer_their_emergency_number_and_a_line(client, code, emergency, tel):
    html = client.get("/crisis/").content.decode()
    start = html.index(f'id="{code}"')
    end = html.find('class="crisis-country', start)
    country = html[start : end if end != -1 else None]
    assert f'<a class="button button--primary" href="tel:{emergency}">{emergency}</a>' in country
    assert f'href="tel:{tel}"' in country


def test_chile_keeps_the_star_of_its_short_code():
    line = crisis.BY_CODE["cl"].lines[0]
    assert line.phone == "*4141"
    assert line.tel == "*4141"
    # Some phones refuse a tel: link with "*": the note says what to type instead.
    assert "*4141" in str(line.note)


def test_two_emergency_numbers_are_joined_by_a_translatable_word():
    argentina = crisis.BY_CODE["ar"]
    assert argentina.emergency_numbers == ("911", "107")
    assert argentina.emergency_dial == "911"
    with translation.override("en"):
        assert argentina.emergency == "911 or 107"
    assert crisis.BY_CODE["mx"].emergency == "911"
    # No country carries English words in its numbers any more.
    for country in crisis.COUNTRIES:
        assert all(re.fullmatch(r"\d+", number) for number in country.emergency_numbers)


def test_spanish_speaking_list_names_only_listed_countries():
    assert set(crisis.SPANISH_SPEAKING) <= set(crisis.BY_CODE)
    assert len(set(crisis.SPANISH_SPEAKING)) == len(crisis.SPANISH_SPEAKING)
