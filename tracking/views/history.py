from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from practices.models import PracticeSession
from tracking import caching
from tracking.forms import HistoryFilterForm
from tracking.history import history_page, history_rows
from tracking.models import TrackingPreferences

PER_PAGE = 20


@login_required
@never_cache
@require_GET
def history(request):
    def build_context():
        form = HistoryFilterForm(request.GET, user=request.user)
        rows = history_rows(request.user, **form.filters())
        page = history_page(rows, request.GET.get("page"), PER_PAGE)
        return {"form": form, "page": page}

    preferences = TrackingPreferences.for_user(request.user)
    html = caching.history_list(request, preferences=preferences, build_context=build_context)
    return render(request, "tracking/history.html", {"history": html})


@login_required
@never_cache
@require_GET
def session_detail(request, uuid):
    session = get_object_or_404(
        PracticeSession.objects.for_user(request.user).select_related("practice"), uuid=uuid
    )
    return render(request, "tracking/session_detail.html", {"session": session})
