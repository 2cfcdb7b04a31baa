"""Crisis resources shown on /crisis/, and the country whose emergency number a page offers.

Kept as plain data in code rather than the database: it must render even when the
database is unavailable, and every change goes through review.

How the lines are kept (the README's "Crisis lines" says the same):
- Each line and each emergency number carries `source`, the page that confirms the
  number, its hours and its cost (the service's own page where one could be found,
  otherwise a health authority or a national news report quoting it), and `checked`,
  the day someone read that page. tests/aira/test_crisis_lines.py fails for any line
  without both.
- Only what a source says goes in: a country whose line could not be confirmed lists
  its emergency number alone. Never add a number from memory.
- Check every line at least once a year, and change `checked` only after reading the
  source again. The page says "checked on or after" the oldest date, so one stale line
  shows as a stale page.
- A `# weaker source:` comment marks a line whose source is not the service's own page
  (or, for an emergency number, a government or health authority's) because none could
  be found: the yearly check starts there.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import quote

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.utils.translation.trans_real import parse_accept_lang_header

# What a line is for. The page shows crisis lines first, so someone in crisis does not
# have to read past general support to reach them.
CRISIS = "crisis"
SUPPORT = "support"
ABUSE = "abuse"
KINDS = (CRISIS, SUPPORT, ABUSE)
KIND_LABELS = {
    CRISIS: _("Crisis lines"),
    SUPPORT: _("Support lines"),
    ABUSE: _("If someone at home hurts, threatens or controls you"),
}

# The dates the lines below were last read against their sources.
DEC_2026 = date(2026, 12, 2)
DEC_3_2026 = date(2026, 12, 3)

# An international directory for everyone whose country is not listed: a plain link,
# nothing is fetched from it. Checked 2 Dec 2026: findahelpline.com is ThroughLine's
# verified directory (about 1,300 services in 130 countries), per
# https://lifeline-international.com/from-idea-to-impact-how-throughline-is-bridging-the-gap-in-global-crisis-support/
HELPLINE_DIRECTORY_URL = "https://findahelpline.com/"


def sms_href(number: str, body: str = "") -> str:
    """An sms: link to `number` (digits, a leading + kept) with `body` already typed in.

    `sms:85258?&body=SHOUT`: RFC 5724 puts the body after "?", which Android reads; iOS
    (8 and later) looks for "&body=" and ignores the empty first parameter before it, so
    this one form opens a ready message on both. The body is percent-encoded throughout
    (a space is %20, never "+", which Messages would show as it is). The person still
    has to press send: nothing is sent for them.
    """
    if not body:
        return f"sms:{number}"
    return f"sms:{number}?&body={quote(body, safe='')}"


@dataclass(frozen=True)
class Line:
    name: str
    source: str  # the page that confirms number, hours and cost
    checked: date  # the day that page was read
    kind: str = CRISIS
    phone: str = ""  # as people write it: "116 123", "*4141"
    text: str = ""  # the number to text, as written: "85258"
    keyword: str = ""  # the word the service asks you to text first: "SHOUT"
    url: str = ""  # a site to open, for a service with no single number (ShelterSafe)
    note: str = ""  # hours, cost, who it is for

    @property
    def tel(self) -> str:
        """Digits for the tel: link. A "*" is kept: Chile's *4141 is a short code that
        does not work without it, and RFC 3966 allows it in a local number."""
        return re.sub(r"[^\d+*]", "", self.phone)

    @property
    def sms(self) -> str:
        """Digits for the sms: link."""
        return re.sub(r"[^\d+]", "", self.text)

    @property
    def sms_href(self) -> str:
        """The sms: link, with the keyword already typed in when the service uses one."""
        if not self.sms:
            return ""
        return sms_href(self.sms, self.keyword)

    @property
    def how(self) -> str:
        """What to do, in words ("Call or text 988"), for places that show a line briefly."""
        if self.phone and self.text and self.tel == self.sms:
            return _("Call or text %(number)s") % {"number": self.phone}
        if self.phone:
            return _("Call %(number)s") % {"number": self.phone}
        if self.keyword:
            return _("Text %(keyword)s to %(number)s") % {
                "keyword": self.keyword,
                "number": self.text,
            }
        if self.text:
            return _("Text %(number)s") % {"number": self.text}
        return self.url


@dataclass(frozen=True)
class Country:
    code: str  # ISO 3166 alpha-2, lower case; also the page anchor (/crisis/#es)
    name: str
    # The numbers alone, most useful first: ("112", "999"). Joined into words by
    # `emergency` in the reader's language, so no English "or" lands in a Spanish page.
    emergency_numbers: tuple[str, ...]
    emergency_source: str
    emergency_checked: date
    lines: list[Line] = field(default_factory=list)
    emergency_note: str = ""

    @property
    def emergency(self) -> str:
        """The numbers as people say them, in the active language: "112 or 999"."""
        *others, last = self.emergency_numbers
        if not others:
            return last
        return _("%(numbers)s or %(last)s") % {"numbers": ", ".join(others), "last": last}

    @property
    def emergency_dial(self) -> str:
        """The first number, for the tel: link."""
        return self.emergency_numbers[0]

    @property
    def groups(self) -> list[tuple[str, list[Line]]]:
        """The lines grouped by kind, crisis lines first, empty groups left out."""
        return [
            (KIND_LABELS[kind], lines)
            for kind in KINDS
            if (lines := [line for line in self.lines if line.kind == kind])
        ]


# 112 works in every EU country and is free (the European Commission's own 112 Day page:
# "a common, free, Europe-wide number" to reach medical, police or fire services); used as
# the emergency source for the EU countries below.
EU_112 = "https://digital-strategy.ec.europa.eu/en/news/112-day-saving-lives-quickly-and-easily-reaching-emergency-services-anywhere-eu"

# In English alphabetical order: the likely country is moved to the top of the page, the
# rest are easier to find in an order people know (Spanish readers get the
# Spanish-speaking countries first: see SPANISH_SPEAKING).
COUNTRIES = [
    Country(
        code="ar",
        name=_("Argentina"),
        emergency_numbers=("911", "107"),
        emergency_note=_("107 is the medical emergency number in Buenos Aires city."),
        # 107: https://www.laurdimbre.com.ar/crean-sistema-de-atencion-telefonica-de-emergencias-unificado/
        emergency_source="http://emergencias911.mseg.gba.gov.ar/preguntas",
        emergency_checked=DEC_2026,
        lines=[
            Line(
                name="Línea de Salud Mental (Ministerio de Salud)",
                phone="0800 999 0091",
                note=_("National mental health line. Free, anonymous, 24/7."),
                source="https://www.ospia.org.ar/?p=1635",
                checked=DEC_2026,
            ),
            Line(
                name="Centro de Asistencia al Suicida",
                phone="135",
                note=_(
                    "135 works from Buenos Aires city and Greater Buenos Aires; "
                    "from elsewhere call (011) 5275-1135."
                ),
                source="https://lapostacomodorense.com.ar/2025/09/03/septiembre-mes-de-la-prevencion-del-suicidio-la-importancia-de-escuchar-acompanar-y-abrazar/",
                checked=DEC_2026,
            ),
        ],
    ),
    Country(
        code="au",
        name=_("Australia"),
        emergency_numbers=("000",),
        emergency_source="https://nt.gov.au/emergency/emergencies/calling-000",
        emergency_checked=DEC_2026,
        lines=[
            Line(
                name="Lifeline",
                phone="13 11 14",
                text="0477 13 11 14",
                note=_("Call or text, 24/7."),
                source="https://lifeinmind.org.au/news/lifelines-crisis-text-service-now-available-24-7",
                checked=DEC_2026,
            ),
            Line(
                name="Beyond Blue",
                kind=SUPPORT,
                phone="1300 22 4636",
                note=_("Counsellors, 24/7."),
                # weaker source: local news; beyondblue.org.au pages found by search do not
                # give the number.
                source="https://fortitudevalleynews.com.au/beyond-blue-mental-health-support-never-takes-a-holiday",
                checked=DEC_2026,
            ),
            Line(
                name="1800RESPECT",
                kind=ABUSE,
                phone="1800 737 732",
                note=_("Counselling about domestic, family and sexual violence, 24/7."),
                # The number spelled out: https://www.sbs.com.au/language/filipino/en/podcast-episode/think-carefully-before-you-call-triple-zero/3uc68pdt2
                source="https://plan4womenssafety.dss.gov.au/initiatives/1800respect",
                checked=DEC_2026,
            ),
        ],
    ),
    Country(
        code="be",
        name=_("Belgium"),
        emergency_numbers=("112",),
        emergency_source=EU_112,
        emergency_checked=DEC_2026,
        lines=[
            Line(
                name="Zelfmoordlijn 1813",
                phone="1813",
                note=_("In Dutch. Free and anonymous; the phone line is open 24/7."),
                # weaker source: a 2021 news article; zelfmoord1813.be's own page with
                # number and hours could not be found by search.
                source="https://www.hbvl.be/cnt/dmf20211130_93272468",
                checked=DEC_2026,
            ),
            Line(
                name="Centre de Prévention du Suicide",
                phone="0800 32 123",
                note=_("In French. Free and anonymous, 24/7."),
                source="http://www.preventionsuicide.be/fr/activitescps/ligne0800.html",
                checked=DEC_2026,
            ),
        ],
    ),
    Country(
        code="br",
        name=_("Brazil"),
        emergency_numbers=("192",),
        emergency_note=_("192 is SAMU, the medical emergency service."),
        emergency_source="https://prefeitura.sp.gov.br/web/saude/w/samu-192-como-usar-corretamente-e-evitar-sobrecarga-do-servi%C3%A7o",
        emergency_checked=DEC_2026,
        lines=[
            Line(
                name="CVV (Centro de Valorização da Vida)",
                phone="188",
                note=_("Free from any phone, 24/7."),
                # weaker source: a blog repost of a 2018 Ministério da Saúde notice (188
                # free, 24 hours a day); cvv.org.br's own page could not be found by search.
                source="https://deljipa.blogspot.com/2018/04/ligacoes-gratuitas-para-o-cvv-sao.html",
                checked=DEC_2026,
            ),
        ],
    ),
    Country(
        code="ca",
        name=_("Canada"),
        emergency_numbers=("911",),
        emergency_source="https://endvaw.ca/covid-19-public/",
        emergency_checked=DEC_2026,
        lines=[
            Line(
                name="9-8-8 Suicide Crisis Helpline",
                phone="988",
                text="988",
                note=_("24/7, in English and French."),
                source="https://www.newswire.ca/news-releases/government-of-canada-launches-three-digit-suicide-crisis-helpline-896472116.html",
                checked=DEC_2026,
            ),
            Line(
                name="Kids Help Phone",
                phone="1-800-668-6868",
                text="686868",
                keyword="CONNECT",
                note=_("For young people. Free, 24/7."),
                # The phone number: https://www.cbc.ca/news/health/mental-health-crisis-text-kids-help-phone-1.4894118
                source="https://kidshelpphone.ca/text-about-it/",
                checked=DEC_2026,
            ),
            Line(
                name="ShelterSafe",
                kind=ABUSE,
                url="https://sheltersafe.ca/",
                note=_(
                    "A map of women's shelters across Canada with their 24-hour crisis "
                    "lines. You do not have to stay at a shelter to call one."
                ),
                source="https://sheltersafe.ca/about-shelters/",
                checked=DEC_2026,
            ),
        ],
    ),
    Country(
        code="cl",
        name=_("Chile"),
        emergency_numbers=("131",),
        emergency_note=_("131 is SAMU, the medical emergency service."),
        # weaker source: regional news quoting SAMU Maule; a Ministerio de Salud page for
        # 131 could not be found by search.
        emergency_source="https://elmauleinforma.cl/?p=67393",
        emergency_checked=DEC_3_2026,
        lines=[
            Line(
                name="*4141 Línea de Prevención del Suicidio",
                phone="*4141",
                note=_(
                    "Free and confidential, 24/7, from any mobile phone (Ministerio de "
                    "Salud). If your phone does not dial it from the button, type *4141."
                ),
                # weaker source: national news on the Minsal line's figures (free,
                # confidential, 24/7); minsal.cl's own page could not be found by search.
                # Any mobile: https://www.radiopolar.com/salud-mental-prevencion-suicidio-foco-especialistas-refuerzan-linea-4141-region
                # iPhones do not dial a tel: link that contains "*", hence the note.
                source="https://www.eldinamo.cl/sociedad/2025/10/29/tres-anos-de-escucha-y-apoyo-linea-de-prevencion-del-suicidio-ha-recibido-mas-de-227-000-llamadas/",
                checked=DEC_3_2026,
            ),
        ],
    ),
    Country(
        code="co",
        name=_("Colombia"),
        emergency_numbers=("123",),
        # weaker source: a radio station quoting Función Pública ("la línea única de
        # emergencias Nacional ... gratuitamente"); Bogotá's health department also sends
        # mental health emergencies to 123:
        # https://www.radiosantafe.com/2025/09/11/bogota-refuerza-su-apoyo-en-el-dia-mundial-para-la-prevencion-del-suicidio/
        emergency_source="https://wradio.com.co/2023/08/25/numero-para-llamar-a-emergencias-es-el-mismo-en-toda-colombia/?outputType=amp",
        emergency_checked=DEC_3_2026,
        lines=[
            Line(
                name="Línea 106 «El poder de ser escuchado»",
                phone="106",
                note=_("For people in Bogotá. Free, 24/7 (Secretaría de Salud de Bogotá)."),
                source="https://www.saludcapital.gov.co:443/Paginas2/Noticia_Portal_Detalle.aspx?IP=2498",
                checked=DEC_3_2026,
            ),
        ],
    ),
    Country(
        code="dk",
        name=_("Denmark"),
        emergency_numbers=("112",),
        emergency_source=EU_112,
        emergency_checked=DEC_2026,
        lines=[
            Line(
                name="Livslinien",
                phone="70 201 201",
                note=_(
                    "Anonymous. Not open around the clock, and it can be hard to get "
                    "through: if you are in danger, call 112."
                ),
                # weaker source: a 2015 news article; livslinien.dk's page with the number
                # and opening hours could not be found by search (only its history page).
                source="https://cphpost.dk/2015-10-26/news/suicide-prevention-lifeline-gets-funding-to-stay-open-at-night/",
                checked=DEC_2026,
            ),
        ],
    ),
    Country(
        code="ec",
        name=_("Ecuador"),
        emergency_numbers=("911",),
        emergency_source="https://www.ecu911.gob.ec/5447-2/",
        emergency_checked=DEC_3_2026,
        lines=[
            Line(
                name="Línea 171 (Ministerio de Salud Pública)",
                phone="171",
                note=_("Choose option 6 for psychological first aid. Free, 24/7."),
                # weaker source: national news on the Pacto Nacional por la Salud Mental;
                # the Ministerio de Salud Pública's own page could not be found by search.
                source="https://www.expreso.ec/buenavida/el-pacto-nacional-por-la-salud-mental-5-servicios-gratuitos-en-ecuador-274020.html",
                checked=DEC_3_2026,
            ),
        ],
    ),
    Country(
        code="fi",
        name=_("Finland"),
        emergency_numbers=("112",),
        emergency_source="http://mieli.fi/helpline",
        emergency_checked=DEC_2026,
        lines=[
            Line(
                name="MIELI Kriisipuhelin",
                phone="09 2525 0111",
                note=_(
                    "In Finnish, 24/7, at the cost of a normal call. Other languages "
                    "at set hours: see mieli.fi."
                ),
                source="https://mentalhealth.fi/where-to-go-in-an-emergency",
                checked=DEC_2026,
            ),
        ],
    ),
    Country(
        code="fr",
        name=_("France"),
        emergency_numbers=("112", "15"),
        emergency_note=_("15 is SAMU, the medical emergency service."),
        emergency_source="https://axaprevention.fr/fr/article/prevention-suicide-journee-mondiale",
        emergency_checked=DEC_2026,
        lines=[
            Line(
                name="3114",
                phone="3114",
                note=_("National suicide prevention line. Free, 24/7."),
                source="https://www.mayotte.ars.sante.fr/3114-le-numero-national-de-prevention-du-suicide",
                checked=DEC_2026,
            ),
        ],
    ),
    Country(
        code="de",
        name=_("Germany"),
        emergency_numbers=("112",),
        emergency_source=EU_112,
        emergency_checked=DEC_2026,
        lines=[
            Line(
                name="TelefonSeelsorge",
                phone="0800 111 0 111",
                note=_("Or 0800 111 0 222. Free and anonymous, 24/7."),
                # weaker source: a church broadcaster's glossary; telefonseelsorge.de's own
                # page could not be found by search.
                source="https://www.domradio.de/glossar/telefonseelsorge-0",
                checked=DEC_2026,
            ),
        ],
    ),
    Country(
        code="hk",
        name=_("Hong Kong"),
        emergency_numbers=("999",),
        emergency_source="https://csrp.hku.hk/getting-help/",
        emergency_checked=DEC_2026,
        lines=[
            Line(
                name="The Samaritans",
                phone="2896 0000",
                note=_("24/7, in English, Cantonese, Mandarin and other languages."),
                source="https://csrp.hku.hk/getting-help/",
                checked=DEC_2026,
            ),
            Line(
                name="The Samaritan Befrienders Hong Kong",
                phone="2389 2222",
                note=_("24/7, in Cantonese and English."),
                source="https://csrp.hku.hk/getting-help/",
                checked=DEC_2026,
            ),
            Line(
                name="Suicide Prevention Services",
                phone="2382 0000",
                note=_("24/7, in Cantonese."),
                source="https://csrp.hku.hk/getting-help/",
                checked=DEC_2026,
            ),
        ],
    ),
    Country(
        code="in",
        name=_("India"),
        emergency_numbers=("112",),
        emergency_source="https://www.lokmattimes.com/technology/over-29-lakh-phone-calls-handled-by-tele-manas-cells-savitri-thakur-2/",
        emergency_checked=DEC_2026,
        lines=[
            Line(
                name="Tele-MANAS",
                phone="14416",
                note=_("Free, 24/7, in 20 languages. Also 1-800-891-4416."),
                source="https://theshillongtimes.com/2025/02/07/tele-manas-mental-health-helpline-handles-over-18-1-lakh-calls-centre/",
                checked=DEC_2026,
            ),
        ],
    ),
    Country(
        code="ie",
        name=_("Ireland"),
        emergency_numbers=("112", "999"),
        emergency_source="https://www2.hse.ie/emergencies/when-to-call-112-or-999/",
        emergency_checked=DEC_2026,
        lines=[
            Line(
                name="Samaritans",
                phone="116 123",
                note=_("Free, day or night."),
                source="https://www.samaritans.org/your-community/samaritans-ireland-scotland-and-wales/samaritans-ireland/journey",
                checked=DEC_2026,
            ),
            Line(
                name="50808",
                text="50808",
                # The launch announced TALK. Neither 50808.ie nor an HSE page
                # (hse.ie, yourmentalhealth.ie) could be found by search, so whether the
                # service now asks for HELLO is unconfirmed; no source found said HELLO.
                # The service reads any first message, so the keyword only saves typing.
                keyword="TALK",
                note=_("Free text support, 24/7."),
                # weaker source: 2020 launch news; 50808.ie's own page not found.
                source="https://todayfm.com/news/247-mental-health-text-support-service-officially-launched-1031466",
                checked=DEC_2026,
            ),
            Line(
                name="Women's Aid",
                kind=ABUSE,
                phone="1800 341 900",
                note=_("Free, 24/7."),
                # weaker source: Women's Aid's own site, but a 2016 press release; its
                # current helpline page could not be found by search.
                source="https://www.womensaid.ie/about/newsevents/news/2016/09/05/media-release-41-calls-a-day-to-womens-aid-in-2016/",
                checked=DEC_2026,
            ),
        ],
    ),
    Country(
        code="it",
        name=_("Italy"),
        emergency_numbers=("112",),
        emergency_source=EU_112,
        emergency_checked=DEC_2026,
        lines=[
            Line(
                name="Telefono Amico Italia",
                phone="02 2327 2327",
                note=_(
                    "Usually open 10:00 to midnight, not through the night. The cost of "
                    "a normal call."
                ),
                # Still the number in 2025: https://alleyoop.ilsole24ore.com/2025/10/10/salute-mentale-300-richieste-di-aiuto-al-giorno-per-telefono-amico-italia/
                source="https://vivimilano.corriere.it/attivita-bambini/attivita-varie/coronavirus-telefono-amico-italia-attiva-un-nuovo-numero/",
                checked=DEC_2026,
            ),
        ],
    ),
    Country(
        code="jp",
        name=_("Japan"),
        emergency_numbers=("119",),
        emergency_note=_("119 is for an ambulance."),
        emergency_source="https://b-cause.co.jp/11contents/04",
        emergency_checked=DEC_2026,
        lines=[
            Line(
                name="よりそいホットライン (Yorisoi Hotline)",
                phone="0120-279-338",
                note=_(
                    "Free, 24/7. After the recorded message, choose the kind of help "
                    "you need; press 2 for other languages (10:00 to 22:00). From "
                    "Iwate, Miyagi or Fukushima call 0120-279-226."
                ),
                # Press 2: https://e-town-iwakuni.net/?p=8947
                source="https://kotobank.jp/word/%E3%82%88%E3%82%8A%E3%81%9D%E3%81%84%E3%81%BB%E3%81%A4%E3%81%A8%E3%82%89%E3%81%84%E3%82%93-3193813",
                checked=DEC_2026,
            ),
        ],
    ),
    Country(
        code="mx",
        name=_("Mexico"),
        emergency_numbers=("911",),
        # weaker source: national news ("el primer punto de contacto a nivel nacional
        # sigue siendo el 911"); a government 911 page could not be found by search.
        emergency_source="https://www.elmanana.com/noticias/nacional/instituciones-de-salud-mental-en-mexico-servicios-gratuitos/6020415",
        emergency_checked=DEC_3_2026,
        lines=[
            Line(
                name="Línea de la Vida",
                phone="800 911 2000",
                note=_("Free, 24/7 (Secretaría de Salud)."),
                # weaker source: national news quoting CONASAMA, the Secretaría de Salud's
                # commission that runs the line (800-911-2000, free, 24 hours, 365 days);
                # its own page could not be found by search.
                source="https://www.eluniversal.com.mx/nacion/promueven-la-linea-de-la-vida-tras-presentar-encuesta-sobre-consumo-de-drogas-asi-puedes-pedir-ayuda/",
                checked=DEC_3_2026,
            ),
        ],
    ),
    Country(
        code="nl",
        name=_("Netherlands"),
        emergency_numbers=("112",),
        emergency_source=EU_112,
        emergency_checked=DEC_2026,
        lines=[
            Line(
                name="113 Zelfmoordpreventie",
                phone="113",
                note=_("Free and anonymous, 24/7. Also 0800-0113."),
                # weaker source: 2025 news (113 now free); 113.nl's own page could not be
                # found by search.
                source="https://www.upday.com/nl/binnenland/nummer-113-nu-gratis-betere-hulp-bij-zelfdodingsgedachten/pj8neqt",
                checked=DEC_2026,
            ),
        ],
    ),
    Country(
        code="nz",
        name=_("New Zealand"),
        emergency_numbers=("111",),
        emergency_source="https://www.police.govt.nz/contact-us/calling-emergency-111",
        emergency_checked=DEC_2026,
        lines=[
            Line(
                name="Need to talk? 1737",
                phone="1737",
                text="1737",
                note=_("Free, 24/7, trained counsellors."),
                source="https://www.pegasus.health.nz/?p=6300",
                checked=DEC_2026,
            ),
        ],
    ),
    Country(
        code="no",
        name=_("Norway"),
        emergency_numbers=("113",),
        emergency_note=_("113 is the medical emergency number."),
        emergency_source="https://www.nrk.no/osloogviken/over-100-barn-under-ni-ar-har-tatt-kontakt-_-hjelpetelefoner-slar-alarm-1.15736352",
        emergency_checked=DEC_2026,
        lines=[
            Line(
                name="Mental Helse Hjelpetelefonen",
                phone="116 123",
                note=_("Free, 24/7."),
                source="https://www.nrk.no/osloogviken/over-100-barn-under-ni-ar-har-tatt-kontakt-_-hjelpetelefoner-slar-alarm-1.15736352",
                checked=DEC_2026,
            ),
            Line(
                name="Kirkens SOS",
                phone="22 40 00 40",
                note=_("24/7."),
                source="https://www.nrk.no/osloogviken/over-100-barn-under-ni-ar-har-tatt-kontakt-_-hjelpetelefoner-slar-alarm-1.15736352",
                checked=DEC_2026,
            ),
        ],
    ),
    Country(
        code="pe",
        name=_("Peru"),
        emergency_numbers=("106",),
        emergency_note=_("106 is SAMU, the medical emergency service."),
        # weaker source: the state news agency quoting Minsa (free, 24 hours); a Minsa page
        # could not be found by search. Still in use in 2026:
        # https://elcomercio.pe/lima/sucesos/samu-atendio-mas-de-9600-llamadas-durante-las-celebraciones-de-fin-de-ano-en-lima-ultimas-noticia/
        emergency_source="https://andina.pe/agencia/noticia-en-casos-emergencia-medica-poblacion-puede-acudir-a-linea-gratuita-106-del-samu-633915.aspx",
        emergency_checked=DEC_3_2026,
        lines=[
            Line(
                name="Línea 113 (Ministerio de Salud)",
                phone="113",
                note=_("Choose option 5 for mental health. Free, 24/7."),
                # weaker source: national news quoting Minsa (option 5, 24 hours, free);
                # minsa.gob.pe's own page could not be found by search.
                source="https://panamericana.pe/locales/463414-dia-depresion-linea-113-brinda-orientacion-apoyo-psicologico-gratuito-24-horas-dia",
                checked=DEC_3_2026,
            ),
        ],
    ),
    Country(
        code="ph",
        name=_("Philippines"),
        emergency_numbers=("911",),
        emergency_source="https://pageone.ph/?p=295372",
        emergency_checked=DEC_2026,
        lines=[
            Line(
                name="NCMH Crisis Hotline",
                phone="1553",
                note=_(
                    "Free, 24/7. From a mobile you can also call 0917 899 8727 or 0919 057 1553."
                ),
                # 24/7 since launch: https://doh.gov.ph/press-release/launch-of-the-ncmh-crisis-hotline/
                source="https://www.sunstar.com.ph/cebu/nearly-700-call-ncmh-during-the-holidays",
                checked=DEC_2026,
            ),
        ],
    ),
    Country(
        code="pl",
        name=_("Poland"),
        emergency_numbers=("112",),
        emergency_source=EU_112,
        emergency_checked=DEC_2026,
        lines=[
            Line(
                name="Centrum Wsparcia",
                phone="800 70 2222",
                note=_("For anyone in a mental health crisis. Free, 24/7."),
                source="https://zdrowie.pap.pl/psyche/na-kryzys-telefon-800-70-2222",
                checked=DEC_2026,
            ),
        ],
    ),
    Country(
        code="pt",
        name=_("Portugal"),
        emergency_numbers=("112",),
        emergency_source=EU_112,
        emergency_checked=DEC_2026,
        lines=[
            Line(
                name="SNS 24",
                phone="808 24 24 24",
                note=_(
                    "Choose option 4 for psychological counselling: psychologists, "
                    "24/7, also in English."
                ),
                source="https://www.sns24.gov.pt/en/servico/aconselhamento-psicologico-no-sns-24/",
                checked=DEC_2026,
            ),
        ],
    ),
    Country(
        code="sg",
        name=_("Singapore"),
        emergency_numbers=("995",),
        emergency_note=_("995 is for an ambulance."),
        emergency_source="https://www.scdf.gov.sg/home/about-us/information-on-ems/scdf-emergency-medical-services",
        emergency_checked=DEC_2026,
        lines=[
            Line(
                name="Samaritans of Singapore (SOS)",
                phone="1767",
                note=_("24/7. Or WhatsApp 9151 1767 (CareText), also 24/7."),
                source="https://www.channelnewsasia.com/singapore/suicide-whatsapp-service-caretext-samaritans-singapore-help-2929241",
                checked=DEC_2026,
            ),
            Line(
                name="National Mindline",
                phone="1771",
                note=_("24/7."),
                # The Ministry of Health's launch notice (1771, round the clock); mindline.sg's
                # own page could not be found by search.
                source="https://www.moh.gov.sg/newsroom/national-mindline-1771-to-provide--round-the-clock-support-for-mental-health",
                checked=DEC_2026,
            ),
        ],
    ),
    Country(
        code="za",
        name=_("South Africa"),
        emergency_numbers=("112", "10177"),
        emergency_note=_(
            "112 works from any mobile, even without airtime; from a landline call "
            "10177 for an ambulance."
        ),
        # weaker source: a news site; no government page for 112 / 10177 could be found
        # by search.
        emergency_source="https://statuscheck.co.za/?p=14569",
        emergency_checked=DEC_2026,
        lines=[
            Line(
                name="SADAG Suicide Crisis Helpline",
                phone="0800 567 567",
                text="31393",
                note=_("Free, 24 hours. Or SMS 31393 and a counsellor will call you back."),
                # SADAG's own helpline list: "24-hour toll-free emergency helplines:
                # Suicide Crisis Helpline 0800 567 567". It lists SMS 31393 with SADAG's
                # Cipla Mental Health Helpline; that an SMS brings a counsellor's call-back:
                # https://www.sabcnews.com/sabcnews/sadag-encourages-the-mentally-fatigued-to-reach-out-amid-world-suicide-prevention-day/
                source="https://www.sadag.org/index.php?option=com_content&view=article&id=3141:world-mental-health-day-7-october-2020&catid=149:press-releases&Itemid=601",
                checked=DEC_2026,
            ),
        ],
    ),
    Country(
        code="kr",
        name=_("South Korea"),
        emergency_numbers=("119",),
        emergency_note=_("119 is for an ambulance; 112 is the police."),
        emergency_source="https://www.chosun.com/national/welfare-medical/2023/10/23/7FAR6H2VNVGDHMRGOEFS2PEPUA/?outputType=amp",
        emergency_checked=DEC_2026,
        lines=[
            Line(
                name="자살예방상담전화 109 (Suicide prevention line)",
                phone="109",
                note=_("24/7 (Ministry of Health and Welfare)."),
                source="https://newspim.com/news/view/20240102000281",
                checked=DEC_2026,
            ),
        ],
    ),
    Country(
        code="es",
        name=_("Spain"),
        emergency_numbers=("112",),
        emergency_source=EU_112,
        emergency_checked=DEC_2026,
        lines=[
            Line(
                name="024 Línea de atención a la conducta suicida",
                phone="024",
                note=_("Free and confidential, 24/7."),
                # weaker source: 2025 regional news on the Ministerio de Sanidad's monthly
                # figures (free, confidential, 24 hours, 365 days); the Ministry's 024 page
                # could not be found by search. Launch: https://www.rtve.es/noticias/20220509/sanidad-presenta-telefono-prevencion-suicidio/2347183.shtml
                source="https://www.farodevigo.es/galicia/2025/10/11/medio-millar-gallegos-mes-024-linea-suicidio-122499662.html",
                checked=DEC_3_2026,
            ),
        ],
    ),
    Country(
        code="se",
        name=_("Sweden"),
        emergency_numbers=("112",),
        emergency_source=EU_112,
        emergency_checked=DEC_2026,
        lines=[
            Line(
                name="Mind Självmordslinjen",
                phone="90101",
                note=_("Day and night."),
                # weaker source: a funder's project page; Mind's own FAQ page found by
                # search gives neither number nor hours.
                source="http://www.kronprinsessparetsstiftelse.se/projekt/sjalvmordsupplysningen.html",
                checked=DEC_2026,
            ),
        ],
    ),
    Country(
        code="gb",
        name=_("United Kingdom"),
        emergency_numbers=("999",),
        # An NHS ambulance service's "When to call 999"; the nhs.uk page could not be
        # found by search.
        emergency_source="https://www.swast.nhs.uk/when-to-call-999",
        emergency_checked=DEC_2026,
        lines=[
            Line(
                name="Samaritans",
                phone="116 123",
                note=_("Free, any time, day or night."),
                source="https://www.samaritans.org/how-we-can-help/contact-samaritan/",
                checked=DEC_2026,
            ),
            Line(
                name="Shout",
                text="85258",
                keyword="SHOUT",
                note=_("Free text support, 24/7."),
                source="https://giveusashout.org/about-us/faq/",
                checked=DEC_2026,
            ),
            Line(
                name="NHS 111",
                phone="111",
                note=_(
                    "In England and Wales, choose option 2 for urgent mental health "
                    "help, 24/7, any age."
                ),
                source="https://www.pendeensurgery.nhs.uk/health-information/urgent-mental-health-support-and-mental-health-and-wellness",
                checked=DEC_2026,
            ),
            Line(
                name="National Domestic Abuse Helpline (Refuge)",
                kind=ABUSE,
                phone="0808 2000 247",
                note=_("Free, 24/7."),
                # weaker source: Refuge's own site, but a 2020 (COVID-era) news item; the
                # helpline's own site (nationaldahelpline.org.uk) could not be found by search.
                source="https://refuge.org.uk/news/refuge-responds-to-reports-of-potential-increase-in-domestic-abuse-during-covid-19",
                checked=DEC_2026,
            ),
        ],
    ),
    Country(
        code="us",
        name=_("United States"),
        emergency_numbers=("911",),
        # weaker source: a state health department's 988 page; 911.gov's own page could
        # not be found by search.
        emergency_source="https://health.wyo.gov/publichealth/prevention/wivpp/suicide-prevention/988-suicide-crisis-lifeline",
        emergency_checked=DEC_2026,
        lines=[
            Line(
                name="988 Suicide & Crisis Lifeline",
                phone="988",
                text="988",
                note=_("Free, 24/7."),
                source="https://health.wyo.gov/publichealth/prevention/wivpp/suicide-prevention/988-suicide-crisis-lifeline",
                checked=DEC_2026,
            ),
            Line(
                name="Crisis Text Line",
                text="741741",
                keyword="HOME",
                note=_("Free, 24/7."),
                # weaker source: a school district's copy of the service's "how it works"
                # text; crisistextline.org's own page could not be found by search.
                source="http://www.sfisd.net/apps/pages/index.jsp?uREC_ID=1473130&type=d&pREC_ID=1625729",
                checked=DEC_2026,
            ),
            Line(
                name="National Domestic Violence Hotline",
                kind=ABUSE,
                phone="1-800-799-7233",
                text="88788",
                keyword="START",
                note=_("24/7, by phone or text."),
                source="https://ovc.ojp.gov/news/grantee-news/national-domestic-violence-hotline-answers-6-million-contacts",
                checked=DEC_2026,
            ),
        ],
    ),
    Country(
        code="uy",
        name=_("Uruguay"),
        emergency_numbers=("911",),
        # weaker source: local news citing Ley 19.889 on the "servicio de Emergencia 911";
        # the Ministerio del Interior's own 911 page could not be found by search.
        emergency_source="https://maldonadonoticias.com/beta/actualidad/28021-la-polic%C3%ADa-transmiti%C3%B3-tranquilidad-a-la-poblaci%C3%B3n-ante-seguidilla-de-amenazas-a-centros-comerciales-y-educativos.html",
        emergency_checked=DEC_3_2026,
        lines=[
            Line(
                name="Línea Vida (ASSE)",
                phone="0800 0767",
                note=_("Free, 24/7. From a mobile you can also dial *0767."),
                # weaker source: national news quoting the Ministerio de Salud Pública;
                # ASSE's own page could not be found by search. The same numbers and hours,
                # 2026: https://www.marcospresa.com/l/suicidio
                source="https://www.subrayado.com.uy/cada-tres-dias-un-adolescente-se-suicida-uruguay-n648093",
                checked=DEC_3_2026,
            ),
        ],
    ),
]

BY_CODE = {country.code: country for country in COUNTRIES}

# Shown as "checked on or after": the oldest date, so one stale line shows.
LAST_CHECKED = min(
    [country.emergency_checked for country in COUNTRIES]
    + [line.checked for country in COUNTRIES for line in country.lines]
)

# Where the device's clock says it is: aira.js sends the IANA zone in the aira_tz cookie.
# A zone names a place far more surely than a browser language does (an English browser
# in Madrid still needs 112), so it is asked first. Every zone the tz database's zone.tab
# gives each listed country, plus the older names some browsers still report
# ("Asia/Calcutta", "America/Buenos_Aires").
_ZONES = {
    "ar": [
        "America/Argentina/Buenos_Aires",
        "America/Argentina/Catamarca",
        "America/Argentina/Cordoba",
        "America/Argentina/Jujuy",
        "America/Argentina/La_Rioja",
        "America/Argentina/Mendoza",
        "America/Argentina/Rio_Gallegos",
        "America/Argentina/Salta",
        "America/Argentina/San_Juan",
        "America/Argentina/San_Luis",
        "America/Argentina/Tucuman",
        "America/Argentina/Ushuaia",
        "America/Buenos_Aires",
        "America/Catamarca",
        "America/Cordoba",
        "America/Jujuy",
        "America/Mendoza",
    ],
    "au": [
        "Australia/Adelaide",
        "Australia/Brisbane",
        "Australia/Broken_Hill",
        "Australia/Darwin",
        "Australia/Eucla",
        "Australia/Hobart",
        "Australia/Lindeman",
        "Australia/Lord_Howe",
        "Australia/Melbourne",
        "Australia/Perth",
        "Australia/Sydney",
    ],
    "be": ["Europe/Brussels"],
    "br": [
        "America/Araguaina",
        "America/Bahia",
        "America/Belem",
        "America/Boa_Vista",
        "America/Campo_Grande",
        "America/Cuiaba",
        "America/Eirunepe",
        "America/Fortaleza",
        "America/Maceio",
        "America/Manaus",
        "America/Noronha",
        "America/Porto_Velho",
        "America/Recife",
        "America/Rio_Branco",
        "America/Santarem",
        "America/Sao_Paulo",
    ],
    "ca": [
        "America/Atikokan",
        "America/Blanc-Sablon",
        "America/Cambridge_Bay",
        "America/Creston",
        "America/Dawson",
        "America/Dawson_Creek",
        "America/Edmonton",
        "America/Fort_Nelson",
        "America/Glace_Bay",
        "America/Goose_Bay",
        "America/Halifax",
        "America/Inuvik",
        "America/Iqaluit",
        "America/Moncton",
        "America/Montreal",
        "America/Rankin_Inlet",
        "America/Regina",
        "America/Resolute",
        "America/St_Johns",
        "America/Swift_Current",
        "America/Toronto",
        "America/Vancouver",
        "America/Whitehorse",
        "America/Winnipeg",
    ],
    "cl": ["America/Punta_Arenas", "America/Santiago", "Chile/Continental", "Pacific/Easter"],
    "co": ["America/Bogota"],
    "de": ["Europe/Berlin", "Europe/Busingen"],
    "dk": ["Europe/Copenhagen"],
    "es": ["Africa/Ceuta", "Atlantic/Canary", "Europe/Madrid"],
    "ec": ["America/Guayaquil", "Pacific/Galapagos"],
    "fi": ["Europe/Helsinki"],
    "fr": ["Europe/Paris"],
    "gb": ["Europe/Belfast", "Europe/London"],
    "hk": ["Asia/Hong_Kong"],
    "ie": ["Europe/Dublin"],
    "in": ["Asia/Calcutta", "Asia/Kolkata"],
    "it": ["Europe/Rome"],
    "jp": ["Asia/Tokyo"],
    "kr": ["Asia/Seoul"],
    "mx": [
        "America/Bahia_Banderas",
        "America/Cancun",
        "America/Chihuahua",
        "America/Ciudad_Juarez",
        "America/Hermosillo",
        "America/Matamoros",
        "America/Mazatlan",
        "America/Merida",
        "America/Mexico_City",
        "America/Monterrey",
        "America/Ojinaga",
        "America/Tijuana",
    ],
    "nl": ["Europe/Amsterdam"],
    "no": ["Europe/Oslo"],
    "nz": ["Pacific/Auckland", "Pacific/Chatham"],
    "pe": ["America/Lima"],
    "ph": ["Asia/Manila"],
    "pl": ["Europe/Warsaw"],
    "pt": ["Atlantic/Azores", "Atlantic/Madeira", "Europe/Lisbon"],
    "se": ["Europe/Stockholm"],
    "sg": ["Asia/Singapore"],
    "us": [
        "America/Adak",
        "America/Anchorage",
        "America/Boise",
        "America/Chicago",
        "America/Denver",
        "America/Detroit",
        "America/Indiana/Indianapolis",
        "America/Indiana/Knox",
        "America/Indiana/Marengo",
        "America/Indiana/Petersburg",
        "America/Indiana/Tell_City",
        "America/Indiana/Vevay",
        "America/Indiana/Vincennes",
        "America/Indiana/Winamac",
        "America/Indianapolis",
        "America/Juneau",
        "America/Kentucky/Louisville",
        "America/Kentucky/Monticello",
        "America/Los_Angeles",
        "America/Louisville",
        "America/Menominee",
        "America/Metlakatla",
        "America/New_York",
        "America/Nome",
        "America/North_Dakota/Beulah",
        "America/North_Dakota/Center",
        "America/North_Dakota/New_Salem",
        "America/Phoenix",
        "America/Sitka",
        "America/Yakutat",
        "Pacific/Honolulu",
    ],
    "uy": ["America/Montevideo"],
    "za": ["Africa/Johannesburg"],
}
TIME_ZONE_COUNTRY = {zone: code for code, zones in _ZONES.items() for zone in zones}

# A browser language without a region ("ja", not "ja-JP") names a country only when the
# language is spoken mainly in one listed country. English, Spanish, Portuguese, French,
# German, Dutch and Chinese are first languages in several listed countries with
# different numbers, so they name none: guessing wrong would put the wrong emergency
# number first, which is worse than offering the whole list.
LANGUAGE_COUNTRY = {
    "da": "dk",
    "fi": "fi",
    "it": "it",
    "ja": "jp",
    "ko": "kr",
    "nb": "no",
    "nn": "no",
    "no": "no",
    "pl": "pl",
    "sv": "se",
}


def likely_country(request) -> Country | None:
    """The country whose lines a person most likely needs: from the device's time zone,
    else the first language in Accept-Language that names a listed country, by its
    region ("en-AU" is Australia) or, for a few languages, by itself ("ja" is Japan).
    None when nothing does: pages then say "your local emergency number"."""
    code = TIME_ZONE_COUNTRY.get(request.COOKIES.get("aira_tz", ""))
    if code is None:
        header = request.headers.get("Accept-Language", "")[:200]
        for language, _quality in parse_accept_lang_header(header):
            base, _sep, region = language.lower().partition("-")
            code = region if region in BY_CODE else None
            if code is None and not region:
                code = LANGUAGE_COUNTRY.get(base)
            if code:
                break
    return BY_CODE.get(code)


# Where a Spanish reader most likely is, when nothing says which country: Spain and Mexico
# (the most readers), then the rest by their Spanish names. A plain "es" browser names no
# country (see LANGUAGE_COUNTRY), so this order is what brings a reader in Lima or
# Montevideo near the top without assuming Spain.
SPANISH_SPEAKING = ("es", "mx", "ar", "cl", "co", "ec", "pe", "uy")


def countries_for(request, first: Country | None = None) -> list[Country]:
    """Every listed country, `first` (by default the likely one) at the top; for a page
    in Spanish the Spanish-speaking countries next; the rest in their usual order."""
    first = first or likely_country(request)
    countries = list(COUNTRIES)
    if (get_language() or "").split("-")[0] == "es":
        countries = [BY_CODE[code] for code in SPANISH_SPEAKING] + [
            country for country in countries if country.code not in SPANISH_SPEAKING
        ]
    if first is None:
        return countries
    return [first, *(country for country in countries if country.code != first.code)]
