from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from accounts import export, services
from accounts.forms import DeleteAccountForm


@login_required
@never_cache
@require_GET
def your_data(request):
    return render(request, "accounts/your_data.html")


def _attachment(content, *, content_type, extension):
    response = HttpResponse(content, content_type=content_type)
    # Named for the day in the person's own time zone (the active one).
    filename = f"aira-data-{timezone.localdate():%Y-%m-%d}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@never_cache
@require_GET
def export_json(request):
    return _attachment(
        export.as_json(request.user),
        content_type="application/json; charset=utf-8",
        extension="json",
    )


@login_required
@never_cache
@require_GET
def export_zip(request):
    return _attachment(export.as_zip(request.user), content_type="application/zip", extension="zip")


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def delete_account(request):
    form = DeleteAccountForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.delete_account(user=request.user)
        logout(request)
        messages.success(
            request,
            _(
                "Your account and data have been deleted. Thank you for the time you spent with "
                "Aira. The practices and articles are still here whenever you need them."
            ),
        )
        return redirect("home")
    return render(request, "accounts/delete_account.html", {"form": form})
