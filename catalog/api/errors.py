"""API errors: a service's ValidationError is a 400 keyed by field, a stale version a 409; never a 500 for input."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler

from catalog.services import ProductVersionConflict


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = _("If-Match does not match the current ETag: the product changed since you read it.")
    default_code = "precondition_failed"

    def __init__(self, *, etag: str):
        super().__init__()
        self.etag = etag  # sent back, so the client can read the product again and compare


class TooManyRows(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_many_rows"


def api_exception_handler(exc: Exception, context: dict) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        # The services' errors, keyed by model field ("gtin", "variants[1].sku"), as the admin shows them.
        exc = ApiValidationError(detail=as_serializer_error(exc))
    if isinstance(exc, ProductVersionConflict):
        return Response({
            "detail": str(exc), "code": "version_conflict", "product": exc.code, "your_version": exc.expected,
            "current_version": exc.found, "updated_by": exc.updated_by or None, "updated_at": exc.updated_at,
        }, status=status.HTTP_409_CONFLICT)
    response = exception_handler(exc, context)
    if isinstance(exc, PreconditionFailed) and response is not None:
        response["ETag"] = exc.etag
    return response
