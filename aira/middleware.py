from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest
from django.middleware.gzip import GZipMiddleware
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.translation import gettext as _


class RequestBodyLimitMiddleware:
    """Refuse a request body larger than Aira ever needs (413) before anything reads it.

    First in MIDDLEWARE: later steps read the body (the CSRF check reads a POST's form,
    and Django streams a multipart upload to a temporary file as it parses it), so a
    200 MB upload to any page would otherwise be written to disk before being refused.
    Only the admin's upload pages (a practice's recording, an article's image) may send
    more. A body sent without a Content-Length (chunked) is never read at all: Django
    reads no more than the Content-Length says.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django treats a malformed length as no body, and reads nothing
        limit = settings.AIRA_MAX_REQUEST_BODY
        if request.path_info.startswith(settings.AIRA_UPLOAD_PATHS):
            limit = settings.AIRA_MAX_UPLOAD_BODY
        if length > limit:
            return HttpResponse(
                _("This is more than Aira accepts at once (%(size)s MB), so nothing was saved.")
                % {"size": round(limit / 1_000_000)},
                status=413,
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """Turn off browser features Aira never uses (camera, microphone, location...)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class CrossOriginResourcePolicyMiddleware:
    """`Cross-Origin-Resource-Policy: same-origin` on every response (Django has no setting
    for it): no other site may load our pages, images, scripts or uploads into its own.
    Listed before whitenoise, so static files get it too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's LocaleMiddleware (cookie, then Accept-Language, then LANGUAGE_CODE), except
    that a signed-in person's saved language (User.language, set by the footer's selector)
    wins: the account's choice follows them to every device they sign in on.

    The language cookie chooses the language as much as Accept-Language does, so every
    response varies on Cookie too (Django's adds only Accept-Language)."""

    def process_request(self, request):
        user = getattr(request, "user", None)
        saved = getattr(user, "language", "") if user is not None and user.is_authenticated else ""
        if saved and saved in dict(settings.LANGUAGES):
            translation.activate(saved)
            request.LANGUAGE_CODE = translation.get_language()
            return
        super().process_request(request)

    def process_response(self, request, response):
        response = super().process_response(request, response)
        patch_vary_headers(response, ("Cookie",))
        return response


class TimezoneMiddleware:
    """Use the person's own time zone (sent by aira.js in a cookie) for days and times.

    Progress counts days; a session at 23:30 belongs to the day the person lived it,
    not to UTC's. An unknown or missing zone falls back to settings.TIME_ZONE.
    """

    COOKIE = "aira_tz"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        name = request.COOKIES.get(self.COOKIE, "")
        try:
            zone = ZoneInfo(name) if 0 < len(name) <= 64 else None
        except (ZoneInfoNotFoundError, ValueError):
            zone = None
        if zone is None:
            timezone.deactivate()
        else:
            timezone.activate(zone)
        return self.get_response(request)


class NoStoreAccountPagesMiddleware:
    """Account pages (email addresses, signed-in devices, two-factor set-up, links from
    confirmation and reset emails) must not be kept by a browser's or a proxy's cache:
    mark them `no-store` unless the view already chose its caching. Visitors' pages are
    included: a confirmation link shows the address being confirmed, and the person who
    opens it may have just been signed out of someone else's account by it."""

    PREFIX = "/accounts/"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(self.PREFIX) and "Cache-Control" not in response.headers:
            add_never_cache_headers(response)
        return response


class RejectNulBytesMiddleware:
    """No real request carries a NUL character in a query string or a form field, and
    PostgreSQL refuses one in a text parameter: anywhere such a value reached a query
    (the admin's list filters, for one) it would be a server error. Answer 400 instead.

    The check runs just before the view, after CsrfViewMiddleware's (it must stay below
    it in MIDDLEWARE): a POST from another site is refused by the CSRF check without its
    form being read here first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        data = [request.GET] + ([request.POST] if request.method == "POST" else [])
        for query in data:
            for key, values in query.lists():
                if "\x00" in key or any("\x00" in value for value in values):
                    return HttpResponseBadRequest(
                        "This request contains a NUL character, which is never valid here.",
                        content_type="text/plain; charset=utf-8",
                    )
        return None


class PageGZipMiddleware(GZipMiddleware):
    """Django's GZipMiddleware for what is written as text (pages, fragments, JSON,
    scripts), never for media: recordings and pictures are compressed already, and a
    byte range of a recording must stay a range of its own bytes (a 206 compressed
    whole would break seeking in Safari). Pages were half of their first load
    (make bench). Django pads every compressed response by a random length against
    BREACH, and the CSRF token in a page is masked afresh for every response."""

    TEXT_TYPES = ("text/", "application/json", "application/javascript", "image/svg+xml")

    def process_response(self, request, response):
        if response.status_code == 206 or not response.get("Content-Type", "").startswith(
            self.TEXT_TYPES
        ):
            return response
        return super().process_response(request, response)
