import functools
import json
import secrets
import time

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import reswap, retarget, trigger_client_event

from aira.htmx import wants_partial
from practices import pacing
from together.forms import GENTLE, PresenceForm, StartForm
from together.models import LIFETIME, SharedSession, new_token, poll
from together.services import start_session

# The starter's key, sent back only to the pages of the session it started (the cookie's
# path): nothing in the database says who started what.
STARTER_COOKIE = "aira_together_starter"
# htmx stops polling when an answer has this status.
STOP_POLLING = 286


def private(view):
    """The link is the only way in: keep its pages out of search engines and of every
    cache, the browser's back/forward cache included."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return wrapped


def session_path(session):
    return reverse("together:session", args=[session.token])


def starter_key(request):
    return request.COOKIES.get(STARTER_COOKIE, "")


def render_start(request, form, status=200):
    return render(
        request,
        "together/start.html",
        {"form": form, "lifetime_hours": int(LIFETIME.total_seconds() // 3600)},
        status=status,
    )


@private
@require_http_methods(["GET", "POST"])
def start(request):
    if request.method == "GET":
        initial = {"starter_key": secrets.token_urlsafe(32), "pattern": GENTLE}
        return render_start(request, StartForm(initial=initial))
    form = StartForm(request.POST)
    if not form.is_valid():
        return render_start(request, form, status=400)
    key = form.cleaned_data["starter_key"]
    session, _created = start_session(pattern=form.chosen, starter_key=key)
    if session is None:
        # A page kept from before (the key is good for one session only): the same
        # choice with a new key, one tap from a new session.
        fresh = StartForm({**request.POST.dict(), "starter_key": secrets.token_urlsafe(32)})
        fresh.is_valid()
        fresh.add_error(None, _("That session has ended. Start a new one when you're ready."))
        return render_start(request, fresh, status=400)
    response = redirect(session_path(session))
    response.set_cookie(
        STARTER_COOKIE,
        key,
        max_age=int(LIFETIME.total_seconds()),
        path=session_path(session),
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )
    return response


def ended(request, status):
    return render(request, "together/ended.html", status=status)


def live_session_or_none(token):
    """(session, status): the live session, or None and the status to answer: 410 for a
    session that has ended, 404 for a link that names none (or one already purged)."""
    session = SharedSession.objects.filter(token=token).first()
    if session is None:
        return None, 404
    if not session.is_live():
        return None, 410
    return session, 200


@private
@require_GET
def session_page(request, token):
    session, status = live_session_or_none(token)
    if session is None:
        return ended(request, status)
    # A tab without JavaScript comes back here after "Update the count" with its token.
    participant = request.GET.get("you", "")
    form = PresenceForm({"participant": participant})
    if not form.is_valid():
        participant = new_token()
    return render(
        request,
        "together/session.html",
        {
            "session": session,
            "share_url": request.build_absolute_uri(session_path(session)),
            "is_starter": session.is_starter(starter_key(request)),
            "participant": participant,
            "present": session.present_count(),
            "plan_json": json.dumps(plan(session), separators=(",", ":")),
            "description": pacing.describe(session, pacing.BreathingPace.AS_WRITTEN),
            "has_holds": bool(session.hold_in_seconds or session.hold_out_seconds),
            "poll_seconds": settings.TOGETHER_POLL_SECONDS,
        },
    )


def plan(session):
    """What the browser's pacer needs: the phases, and the moments (server clock, in
    milliseconds since the epoch) the session started and ends."""
    seconds = pacing.pattern(session, pacing.BreathingPace.AS_WRITTEN)
    return {
        "phases": [
            {"state": state, "name": str(label), "seconds": n}
            for (state, label), n in zip(pacing.phases(session), seconds, strict=True)
        ],
        "startedAt": int(session.started_at.timestamp() * 1000),
        "endsAt": int(session.ends_at.timestamp() * 1000),
    }


@private
@require_POST
def presence(request, token):
    """The poll: this tab is here; how many are breathing now? (together.models.poll)"""
    form = PresenceForm(request.POST)
    if not form.is_valid():
        return HttpResponse(status=400)
    participant = form.cleaned_data["participant"]
    answer = poll(token, participant)
    if answer is None or not answer[0]:
        if not wants_partial(request):
            return redirect("together:session", token=token)
        # The session ended: show it in place of the pacer and stop polling.
        response = render(request, "together/ended.html#ended", status=STOP_POLLING)
        trigger_client_event(response, "together:ended")
        return reswap(retarget(response, "#together"), "outerHTML")
    present = answer[1]
    if not wants_partial(request):
        return redirect(f"{reverse('together:session', args=[token])}?you={participant}")
    if form.cleaned_data["shown"] == present:
        # Nothing changed: nothing to swap, so nothing is announced again.
        response = HttpResponse(status=204)
    else:
        response = render(
            request,
            "together/session.html#presence",
            {
                "present": present,
                "changed": True,
            },
        )
    patch_vary_headers(response, ["HX-Request"])
    return response


@private
@require_POST
def end(request, token):
    """Only the starter can end it; anyone else gets the same 404 as a wrong link."""
    session = SharedSession.objects.live().filter(token=token).first()
    if session is None or not session.is_starter(starter_key(request)):
        raise Http404
    session.end()
    response = redirect("together:session", token=token)
    response.delete_cookie(STARTER_COOKIE, path=session_path(session), samesite="Lax")
    return response


@require_GET
def clock(request):
    """The server's clock, for each device to measure its own offset to it: the pacer's
    phase comes from the session's start on this clock, so everyone's agrees."""
    response = JsonResponse({"now": time.time() * 1000})
    add_never_cache_headers(response)
    return response
