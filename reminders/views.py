import zoneinfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from reminders import calendar, services
from reminders.forms import TIME_ZONES, ReminderForm
from reminders.models import Reminder


def _browser_time_zone():
    """The zone the browser told us (aira.js's cookie, made active by the middleware),
    as the first guess for a new reminder."""
    name = timezone.get_current_timezone_name()
    return name if name in TIME_ZONES else "UTC"


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def reminder_settings(request):
    reminder = Reminder.for_user(request.user)
    if reminder.pk is None:
        reminder.time_zone = _browser_time_zone()
    form = ReminderForm(request.POST if request.method == "POST" else None, instance=reminder)
    if request.method == "POST" and form.is_valid():
        reminder = form.save()
        if reminder.enabled:
            messages.success(
                request,
                _("Your reminders are on. You can change or stop them here at any time."),
            )
        else:
            messages.success(request, _("Your reminders are off. No emails will be sent."))
        return redirect("reminders:settings")
    return render(
        request,
        "reminders/settings.html",
        {
            "form": form,
            "reminder": reminder,
            "today": timezone.localdate(timezone=zoneinfo.ZoneInfo(reminder.time_zone)),
        },
    )


@login_required
@never_cache
@require_GET
def calendar_file(request):
    reminder = Reminder.for_user(request.user)
    if reminder.pk is None or not reminder.weekday_list:
        messages.info(request, _("Choose your days and time and save them first."))
        return redirect("reminders:settings")
    content = calendar.as_ics(reminder, practice=reminder.suggested_practice)
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="aira-reminder.ics"'
    return response


def _link_page(request, token, action):
    """A link from a reminder email: GET shows what it will do, with one button (mail
    apps and scanners open links by themselves, and must not stop anything); POST does
    it, once. A mail app's one-click unsubscribe (RFC 8058) POSTs
    `List-Unsubscribe=One-Click` and gets a short plain answer."""
    one_click = request.POST.get("List-Unsubscribe") == "One-Click"
    if request.method == "POST":
        reminder = services.use_link(token, action)
        if one_click:
            if reminder is None:
                return HttpResponse(
                    _("This link has already been used or is out of date."),
                    status=404,
                    content_type="text/plain; charset=utf-8",
                )
            done = (
                _("Your Aira reminders are paused for a week.")
                if action == "pause"
                else _("Your Aira reminders are off.")
            )
            return HttpResponse(done, content_type="text/plain; charset=utf-8")
        if reminder is None:
            return _link_answer(request, token, action, status=404)
        return redirect(request.path)
    return _link_answer(request, token, action)


def _link_answer(request, token, action, status=200):
    usable, reminder = services.link_state(token, action)
    return render(
        request,
        "reminders/link.html",
        {"action": action, "usable": usable, "reminder": reminder},
        status=status,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def pause(request, token):
    return _link_page(request, token, "pause")


# RFC 8058: a mail app POSTs to the List-Unsubscribe address with no cookie and no CSRF
# token. The signed, single-use token in the address is the permission instead.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def stop(request, token):
    return _link_page(request, token, "stop")
