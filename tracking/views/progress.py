from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from django.views.decorators.vary import vary_on_headers

from aira.links import LinkPattern
from practices.models import Practice
from tracking import stats
from tracking.forms import PreferencesForm, QuickCheckInForm, SummaryForm
from tracking.models import CheckIn, TrackingPreferences
from tracking.panic import attacks_between, panic_summary

RECENT_CHECKINS = 5


def recent_checkins_context(user):
    """The check-ins listed under the quick form, newest first (one query), and the
    gentle note at the top of the page when the latest ones have been hard."""
    recent = list(CheckIn.objects.for_user(user)[:RECENT_CHECKINS])
    link = LinkPattern("tracking:checkin_detail")
    answers = _("anxiety %(anxiety)s, mood %(mood)s")
    for checkin in recent:
        # What the list shows of each, worked out here rather than by a url tag and four
        # filters per row in the template (make bench).
        checkin.link = link(checkin.uuid)
        checkin.when_iso = stats.iso_moment(checkin.created_at)
        checkin.when = stats.moment_label(checkin.created_at, year=False)
        checkin.answers = answers % {
            "anxiety": checkin.anxiety,
            "mood": str(checkin.mood_label).lower(),
        }
        checkin.tag_text = ", ".join(checkin.tag_labels)
    show_note = CheckIn.hard_run(recent)
    return {
        "recent": recent,
        "show_note": show_note,
        # Only looked up when the note is shown.
        "support_practice": Practice.objects.short_alternative_to() if show_note else None,
    }


def progress_context(request, *, form=None, range_days=None):
    """The whole progress page: statistics, the check-in form and recent check-ins."""
    preferences = TrackingPreferences.for_user(request.user)
    range_days = range_days or stats.parse_range(request.GET.get("range"))
    return {
        **stats.overview(request.user, preferences=preferences, range_days=range_days),
        "range": range_days,
        "ranges": stats.TREND_RANGES,
        **recent_checkins_context(request.user),
        "form": form or QuickCheckInForm(),
        "panic": panic_summary(request.user),
    }


def checkin_panel_context(request, **context):
    """The quick check-in panel alone (its htmx swap): the form and the recent check-ins,
    with the gentle note swapped in at the top of the page (out of band) since a
    check-in may start or end a run of hard ones."""
    return {
        "form": QuickCheckInForm(),
        **context,
        **recent_checkins_context(request.user),
        "support_note_oob": True,
    }


@never_cache
@vary_on_headers("HX-Request", "HX-Target")
@require_GET
def progress(request):
    if not request.user.is_authenticated:
        # Someone who taps Progress without an account hears what it is first, rather
        # than meeting a bare log-in form.
        return render(request, "tracking/progress_visitor.html")
    range_days = stats.parse_range(request.GET.get("range"))
    htmx = request.htmx
    if htmx and htmx.target == "trend" and not htmx.history_restore_request:
        # The range links and the check-in-saved listener refresh only the chart.
        preferences = TrackingPreferences.for_user(request.user)
        context = {
            "preferences": preferences,
            "range": range_days,
            "ranges": stats.TREND_RANGES,
            # The range links ask for an announcement; a background refresh stays quiet.
            "announce": htmx.trigger != "trend",
            "trend": stats.trend(request.user, range_days=range_days, today=stats.local_today())
            if preferences.show_trend
            else None,
        }
        return render(request, "tracking/_statistics.html#trend", context)
    return render(
        request, "tracking/progress.html", progress_context(request, range_days=range_days)
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def preferences(request):
    instance = TrackingPreferences.for_user(request.user)
    form = PreferencesForm(request.POST if request.method == "POST" else None, instance=instance)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your preferences are saved."))
        return redirect("tracking:progress")
    return render(request, "tracking/preferences.html", {"form": form})


@login_required
@never_cache
@require_GET
def summary(request):
    """A printable summary of a period, to share with a clinician if the user wants to."""
    today = stats.local_today()
    if {"start", "end"} & set(request.GET):
        form = SummaryForm(request.GET)
        period = (form.cleaned_data["start"], form.cleaned_data["end"]) if form.is_valid() else None
    else:
        start = today - timedelta(days=29)
        form = SummaryForm(initial={"start": start, "end": today})
        period = (start, today)
    context = {"form": form, "period": period}
    if period:
        start, end = period
        include_notes = form.is_bound and form.cleaned_data.get("include_notes", False)
        include_panic = form.is_bound and form.cleaned_data.get("include_panic", False)
        user = request.user
        context.update(
            start=start,
            end=end,
            include_notes=include_notes,
            checkins=stats.checkin_summary(user, start=start, end=end),
            chart=stats.Chart(
                start=start, end=end, days=stats.anxiety_by_day(user, start=start, end=end)
            ),
            practices=stats.practices_used(user, start=start, end=end),
            notes=stats.notes_between(user, start=start, end=end) if include_notes else None,
            include_panic=include_panic,
            attacks=attacks_between(user, start=start, end=end) if include_panic else None,
        )
    return render(request, "tracking/summary.html", context)
