from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from aira import outbox
from aira.device import refuse_other_owners
from aira.quotas import allow_new_record, over_quota_json, quota_message
from tracking.forms import NewPanicAttackForm, PanicAttackForm
from tracking.models import PanicAttack
from tracking.panic import list_entries

PER_PAGE = 20


def get_own_attack(request, uuid):
    """Another user's record is a 404: never a 403 that confirms it exists."""
    return get_object_or_404(PanicAttack, uuid=uuid, user=request.user)


def is_new_attack(form):
    return not PanicAttack.objects.filter(uuid=form.cleaned_data["uuid"]).exists()


def save_new_attack(request, form):
    """(attack, created) for a valid NewPanicAttackForm; raises PanicAttack.DoesNotExist
    when its uuid is someone else's."""
    return PanicAttack.objects.record(
        user=request.user,
        uuid=form.cleaned_data["uuid"],
        values=form.values(),
        helped_practices=form.cleaned_data["helped_practices"],
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def panic_log(request):
    """The panic log: a form to log an attack, and the attacks logged, newest first."""
    status = 200
    if request.method == "POST":
        form = NewPanicAttackForm(request.POST)
        if form.is_valid() and not allow_new_record(
            request, "panic_writes", is_new=is_new_attack(form)
        ):
            # Shown with the answers still filled in, so pressing Save later keeps them.
            form.add_error(None, quota_message())
            status = 429
        if form.is_valid():
            try:
                save_new_attack(request, form)
            except PanicAttack.DoesNotExist as exc:
                raise Http404(_("No such panic attack.")) from exc
            messages.success(request, _("Saved to your panic log. Thank you for writing it down."))
            return redirect("tracking:panic_log")
    else:
        form = NewPanicAttackForm()
    # The id breaks ties, so pages never repeat or skip an entry logged for the same minute.
    attacks = Paginator(
        PanicAttack.objects.for_user(request.user).order_by("-started_at", "-id"), PER_PAGE
    )
    page = attacks.get_page(request.GET.get("page"))
    page.object_list = list_entries(list(page.object_list))
    return render(request, "tracking/panic_log.html", {"form": form, "page": page}, status=status)


@login_required
@never_cache
@require_GET
def panic_detail(request, uuid):
    attack = get_own_attack(request, uuid)
    return render(request, "tracking/panic_detail.html", {"attack": attack})


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def panic_edit(request, uuid):
    attack = get_own_attack(request, uuid)
    form = PanicAttackForm(request.POST if request.method == "POST" else None, instance=attack)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Panic log entry updated."))
        return redirect(attack)
    return render(request, "tracking/panic_edit.html", {"attack": attack, "form": form})


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def panic_delete(request, uuid):
    attack = get_own_attack(request, uuid)
    if request.method == "POST":
        attack.delete()
        messages.success(request, _("Panic log entry deleted."))
        return redirect("tracking:panic_log")
    return render(request, "tracking/panic_delete.html", {"attack": attack})


@never_cache
@require_GET
def panic_offline(request):
    """The panic log's questions, blank, for the service worker to keep: where a person
    who opens the panic log without a connection is sent. Nothing personal is in it (the
    worker fetches it without cookies); static/js/panic.js gives it a uuid and the time
    when it opens, and queues what is saved in the device's outbox. Not cached by
    browsers or proxies like the other pages under /progress/: only the worker keeps it."""
    form = NewPanicAttackForm(initial={"uuid": ""})
    return render(request, "tracking/panic_offline.html", {"form": form})


@never_cache
@require_POST
@refuse_other_owners(visitors=False)
def panic_sync(request):
    """Save an attack logged while offline (static/js/panic.js queues it in the device's
    outbox). Answers JSON, never a login redirect, keyed on the record's uuid so a
    repeat send changes nothing (as tracking.views.checkins.checkin_sync)."""
    if not request.user.is_authenticated:
        return outbox.reply(
            "signed-out",
            401,
            errors={"__all__": [_("You're signed out. Log in to save this to your panic log.")]},
        )
    form = NewPanicAttackForm(request.POST)
    if not form.is_valid():
        return outbox.invalid(form.errors)
    if not allow_new_record(request, "panic_writes", is_new=is_new_attack(form)):
        return over_quota_json()
    try:
        attack, created = save_new_attack(request, form)
    except PanicAttack.DoesNotExist:
        return outbox.belongs_to_someone_else("uuid")
    return outbox.saved(attack, created=created)
