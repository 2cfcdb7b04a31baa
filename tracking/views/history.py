from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from practices.models import PracticeSession
from tracking.forms import HistoryFilterForm
from tracking.history import history_rows

PER_PAGE = 20


@login_required
@never_cache
@require_GET
def history(request):
    form = HistoryFilterForm(request.GET, user=request.user)
    rows = history_rows(request.user, **form.filters())
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "tracking/history.html", {"form": form, "page": page})


@login_required
@never_cache
@require_GET
def session_detail(request, uuid):
    session = get_object_or_404(
        PracticeSession.objects.for_user(request.user).select_related("practice"), uuid=uuid
    )
    return render(request, "tracking/session_detail.html", {"session": session})
