"""Facing the feelings: the exercises (after a safety screen) and a person's ladder."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from practices import exposure
from practices.forms import SafetyScreenForm
from practices.models import Condition, Practice


@never_cache
@require_GET
def facing(request):
    """The exercises this person may do. Before the safety screen is answered, only what
    the exercises are and the way to the screen: no exercise is offered unscreened."""
    conditions = exposure.screened_conditions(request)
    context = {"screened": conditions is not None}
    if conditions is not None:
        practices = list(Practice.objects.published().for_readers_of().exposure())
        suitable, skipped = exposure.split_by_screen(practices, conditions)
        context.update(
            suitable=suitable,
            skipped=skipped,
            ticked=[c for c in Condition if c.value in conditions],
        )
    return render(request, "practices/facing.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def safety_screen(request):
    """The questions before the first exercise. The answers stay on the account (or, for a
    visitor, in this browser's session), only to leave out what could harm."""
    current = exposure.screened_conditions(request)
    form = SafetyScreenForm(
        request.POST if request.method == "POST" else None,
        initial={"conditions": current or []},
    )
    if request.method == "POST" and form.is_valid():
        exposure.save_screen(request=request, conditions=form.cleaned_data["conditions"])
        next_url = request.POST.get("next", "")
        # Only a path on this site (the exercise that sent the person here).
        if not next_url.startswith("/") or not url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            next_url = reverse("practices:facing")
        return HttpResponseRedirect(next_url)
    return render(
        request,
        "practices/safety_screen.html",
        {
            "form": form,
            "answered": current is not None,
            "next": request.POST.get("next") or request.GET.get("next", ""),
        },
        status=400 if form.errors else 200,
    )


@never_cache
@login_required
@require_GET
def ladder(request):
    ladder = exposure.ladder_for(request.user)
    return render(
        request,
        "practices/ladder.html",
        {
            "ladder": ladder,
            "steady_below": exposure.STEADY_BELOW,
            "steady_times": exposure.STEADY_TIMES,
        },
    )
