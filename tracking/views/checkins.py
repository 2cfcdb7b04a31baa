from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import trigger_client_event

from aira import outbox
from aira.device import refuse_other_owners
from aira.htmx import render_page_or_partial
from aira.quotas import allow_new_record, over_quota_json, quota_message
from tracking.forms import CheckInForm, CheckInSyncForm, QuickCheckInForm
from tracking.models import CheckIn
from tracking.views.progress import checkin_panel_context, progress_context


def get_own_checkin(request, uuid):
    """Another user's check-in is a 404: never a 403 that confirms it exists."""
    return get_object_or_404(CheckIn, uuid=uuid, user=request.user)


def is_new_checkin(form):
    return not CheckIn.objects.filter(uuid=form.cleaned_data["uuid"]).exists()


@login_required
@never_cache
@require_POST
def checkin_create(request):
    """The quick check-in. With HTMX the panel is swapped in place; without, PRG."""
    page = "tracking/progress.html"
    form = QuickCheckInForm(request.POST)
    status = 200
    if form.is_valid() and not allow_new_record(
        request, "checkin_writes", is_new=is_new_checkin(form)
    ):
        # Shown with the answers still filled in, so pressing Save later keeps them.
        form.add_error(None, quota_message())
        status = 429
    if not form.is_valid():
        if request.htmx:  # htmx swaps only a 2xx answer into the panel
            return render_page_or_partial(
                request, page, "checkin_panel", checkin_panel_context(request, form=form)
            )
        return render(request, page, progress_context(request, form=form), status=status)
    try:
        checkin, _created = CheckIn.objects.record(
            user=request.user, uuid=form.cleaned_data["uuid"], **form.values()
        )
    except CheckIn.DoesNotExist as exc:
        raise Http404(_("No such check-in.")) from exc
    if request.htmx:
        response = render_page_or_partial(
            request, page, "checkin_panel", checkin_panel_context(request, saved=checkin)
        )
        # The trend chart listens for this and refreshes itself.
        return trigger_client_event(response, "checkin-saved", {"uuid": str(checkin.uuid)})
    messages.success(request, _("Check-in saved. Thank you for checking in with yourself."))
    return redirect("tracking:progress")


@login_required
@never_cache
@require_GET
def checkin_detail(request, uuid):
    checkin = get_own_checkin(request, uuid)
    return render(request, "tracking/checkin_detail.html", {"checkin": checkin})


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def checkin_edit(request, uuid):
    checkin = get_own_checkin(request, uuid)
    form = CheckInForm(request.POST if request.method == "POST" else None, instance=checkin)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Check-in updated.")
        return redirect(checkin)
    return render(request, "tracking/checkin_edit.html", {"checkin": checkin, "form": form})


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def checkin_delete(request, uuid):
    checkin = get_own_checkin(request, uuid)
    if request.method == "POST":
        checkin.delete()
        messages.success(request, "Check-in deleted.")
        return redirect("tracking:history")
    return render(request, "tracking/checkin_delete.html", {"checkin": checkin})


@never_cache
@require_POST
@refuse_other_owners(visitors=False)
def checkin_sync(request):
    """Save a check-in made offline. Answers JSON (never a login redirect) so the device's
    outbox can tell "saved" from "signed out" from "invalid"; keyed on the check-in's
    uuid, so a repeat send changes nothing."""
    if not request.user.is_authenticated:
        return outbox.reply(
            "signed-out",
            401,
            errors={"__all__": [_("You're signed out. Log in to save this check-in.")]},
        )
    form = CheckInSyncForm(request.POST)
    if not form.is_valid():
        return outbox.invalid(form.errors)
    if not allow_new_record(request, "checkin_writes", is_new=is_new_checkin(form)):
        return over_quota_json()
    try:
        checkin, created = CheckIn.objects.record(
            user=request.user, uuid=form.cleaned_data["uuid"], **form.values()
        )
    except CheckIn.DoesNotExist:
        return outbox.belongs_to_someone_else("uuid")
    return outbox.saved(checkin, created=created)
