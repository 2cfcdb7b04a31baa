from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from aira.htmx import render_page_or_partial
from practices.models import PracticeSession
from tracking.forms import HistoryFilterForm
from tracking.history import history_page, history_rows
from tracking.panic import panic_summary

PER_PAGE = 20


@login_required
@never_cache
@require_GET
def history(request):
    form = HistoryFilterForm(request.GET, user=request.user)
    rows = history_rows(request.user, **form.filters())
    page = history_page(rows, request.GET.get("page"), PER_PAGE)
    return render(
        request,
        "tracking/history.html",
        {"form": form, "page": page, "panic": panic_summary(request.user)},
    )


def get_own_session(request, uuid):
    """Another user's session is a 404: never a 403 that confirms it exists."""
    return get_object_or_404(
        PracticeSession.objects.for_user(request.user).select_related("practice"), uuid=uuid
    )


@login_required
@never_cache
@require_GET
def session_detail(request, uuid):
    session = get_own_session(request, uuid)
    return render(request, "tracking/session_detail.html", {"session": session})


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def session_delete(request, uuid):
    """Asks first, then deletes one practice session. From the history list, htmx asks
    and answers inside the session's row; without JavaScript, a page asks."""
    session = get_own_session(request, uuid)
    if request.method == "POST":
        session.delete()
        if request.htmx:
            return render(request, "tracking/session_delete.html#deleted", {"session": session})
        messages.success(request, _("Practice session deleted."))
        return redirect("tracking:history")
    return render_page_or_partial(
        request, "tracking/session_delete.html", "confirm", {"session": session}
    )
