"""Account pages (server-rendered): thin views over the accounts services."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from kakehashi.accounts.forms import TokenForm
from kakehashi.accounts.models import SecurityEvent
from kakehashi.accounts.services import audit
from kakehashi.accounts.services import tokens as token_service
from kakehashi.core.services import permissions

PER_PAGE = 50


@login_required
def tokens(request):
    """The user's API tokens: create one (its key is shown once), see and revoke them."""
    service = token_service
    new_key = None
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _token, new_key = service.create(
            request.user, form.cleaned_data["name"], form.cleaned_data["days"], request=request
        )
        form = TokenForm()
    context = {"form": form, "new_key": new_key, "tokens": service.for_user(request.user)}
    response = render(request, "accounts/tokens.html", context)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def revoke_token(request, pk):
    service = token_service
    token = get_object_or_404(service.for_user(request.user), pk=pk)
    service.revoke(token, request=request, by=request.user)
    return redirect("accounts:tokens")


def _administrator(request) -> None:
    if not permissions.can_administer(request.user):
        raise PermissionDenied


@login_required
@require_safe
def audit_log(request):
    _administrator(request)
    page = Paginator(audit.search(request.GET), PER_PAGE).get_page(request.GET.get("page"))
    rows = [audit.as_row(entry) for entry in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    context = {"page_obj": page, "rows": rows, "params": request.GET, "query": query.urlencode()}
    return render(request, "accounts/audit.html", context)


@login_required
@require_safe
def audit_export(request):
    _administrator(request)
    response = StreamingHttpResponse(
        audit.csv_lines(audit.search(request.GET)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="kakehashi-audit.csv"'
    return response


@login_required
@require_safe
def security_log(request):
    _administrator(request)
    events = SecurityEvent.objects.select_related("user")
    kind = request.GET.get("kind", "")
    if kind in SecurityEvent.Kind.values:
        events = events.filter(kind=kind)
    page = Paginator(events, PER_PAGE).get_page(request.GET.get("page"))
    context = {"page_obj": page, "kinds": SecurityEvent.Kind.choices, "kind": kind}
    return render(request, "accounts/security.html", context)
