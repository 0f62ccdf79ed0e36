"""Request id and acting context, security headers, upload limits, denial logging."""

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _

from kakehashi.accounts.services import context, security_log


class RequestContextMiddleware:
    """Give each request an id (X-Request-ID), and open the acting context the audit log
    reads: actor, office, source and request id of every change made while it runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = context.new_request_id(request.headers.get("X-Request-ID"))
        request.request_id = request_id
        acting = context.ActingContext(
            request_id=request_id, source=context.source_of(request.path), request=request
        )
        with context.acting(acting):
            response = self.get_response(request)
            if response.status_code in (401, 403):
                self._record_denial(request, response)
        response["X-Request-ID"] = request_id
        return response

    @staticmethod
    def _record_denial(request, response) -> None:
        if getattr(response, "_kakehashi_denial_recorded", False):
            return
        security_log.record(
            security_log.Kind.PERMISSION_DENIED, request=request, status=response.status_code
        )


class SecurityHeadersMiddleware:
    """Content-Security-Policy (no inline script) and a restrictive Permissions-Policy."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = "; ".join(
            f"{directive} {' '.join(sources)}"
            for directive, sources in settings.KAKEHASHI_CONTENT_SECURITY_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.policy)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"
        )
        return response


class UploadLimitMiddleware:
    """Refuse any request body larger than KAKEHASHI_MAX_UPLOAD_BYTES (file uploads too)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.KAKEHASHI_MAX_UPLOAD_BYTES:
            message = _("The request is too large (at most %(limit)d bytes).") % {
                "limit": settings.KAKEHASHI_MAX_UPLOAD_BYTES
            }
            return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
