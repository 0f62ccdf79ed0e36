"""API errors: DRF's bodies (validation errors keyed by field), plus conflicts as 409."""

from django.db import DataError, IntegrityError
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.response import Response
from rest_framework.views import exception_handler


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = _lazy("The record changed since you read it (If-Match is stale).")
    default_code = "precondition_failed"


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _lazy("The record changed since you read it (stale version).")
    default_code = "conflict"


def handler(exc, context):
    if isinstance(exc, ProtectedError | RestrictedError):
        names = sorted({str(obj._meta.verbose_name) for obj in exc.args[1]})[:5]
        detail = _("Other records refer to this one (%(names)s); change them first.") % {
            "names": ", ".join(names)
        }
        return Response({"detail": detail}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, IntegrityError):
        return Response(
            {"detail": _("The change conflicts with existing records.")},
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, OverflowError | DataError):
        # A number beyond what the database stores (an id of 10**30 in a filter).
        return Response(
            {"detail": _("A value in the request is out of range.")},
            status=status.HTTP_400_BAD_REQUEST,
        )
    return exception_handler(exc, context)
