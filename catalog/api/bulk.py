"""Bulk upserts of stock levels and prices: the whole request applies in one transaction, or nothing does and the
answer lists every bad row (catalog.upserts)."""

from dataclasses import asdict

from django.conf import settings
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from catalog.api.errors import TooManyRows
from catalog.api.schema import ERROR, ROW_ERRORS
from catalog.upserts import (
    MAX_QUANTITY,
    PriceRow,
    RowProblem,
    RowsRefused,
    StockRow,
    prices_upsert,
    stock_levels_upsert,
)


class StockRowSerializer(serializers.Serializer):
    sku = serializers.CharField(max_length=50)
    location = serializers.CharField(max_length=64, help_text="A location code.")
    quantity = serializers.IntegerField(min_value=0, max_value=MAX_QUANTITY)


class PriceRowSerializer(serializers.Serializer):
    """Fields left out keep their current value (a new price needs ``amount``); null clears a sale field."""

    sku = serializers.CharField(max_length=50)
    price_list = serializers.CharField(max_length=64, help_text="A price list code.")
    # Digits and decimals are checked by Price itself (with the currency's decimals); unbounded here, the value
    # reaches it, and its messages, as sent ("10.001", not "10.0010").
    amount = serializers.DecimalField(max_digits=None, decimal_places=None, required=False,
                                      help_text="In the price list's currency, with at most its decimals.")
    sale_amount = serializers.DecimalField(max_digits=None, decimal_places=None, allow_null=True, required=False)
    sale_start = serializers.DateTimeField(allow_null=True, required=False)
    sale_end = serializers.DateTimeField(allow_null=True, required=False)


class StockRowsSerializer(serializers.Serializer):
    rows = StockRowSerializer(many=True)


class PriceRowsSerializer(serializers.Serializer):
    rows = PriceRowSerializer(many=True)


class UpsertOutcomeSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField(help_text="Rows equal to what was stored: not written.")


class BulkUpsertView(APIView):
    row_serializer: type[serializers.Serializer]
    error_responses = {"POST": {"400": ROW_ERRORS, "413": ERROR}}

    def upsert(self, rows: list, refused: list[RowProblem]):
        raise NotImplementedError

    def row(self, index: int, data: dict):
        raise NotImplementedError

    def post(self, request: Request) -> Response:
        body = request.data
        if not isinstance(body, dict) or not isinstance(body.get("rows"), list):
            raise ValidationError({"rows": [_("Send {\"rows\": [...]}, a list of rows.")]})
        rows = body["rows"]
        if len(rows) > settings.PIM_API_BULK_MAX_ROWS:
            raise TooManyRows(_("%(count)s rows: at most %(max)s per request; split them into several requests.")
                              % {"count": len(rows), "max": settings.PIM_API_BULK_MAX_ROWS})
        parsed, refused = [], []
        for index, data in enumerate(rows):
            serializer = self.row_serializer(data=data)
            if serializer.is_valid():
                parsed.append(self.row(index, serializer.validated_data))
                continue
            for field, messages in serializer.errors.items():
                value = data.get(field) if isinstance(data, dict) else data
                refused.append(RowProblem(index, field, value, " ".join(str(message) for message in messages)))
        try:
            outcome = self.upsert(parsed, refused)
        except RowsRefused as refusal:
            return Response({"errors": [asdict(problem) for problem in refusal.problems]},
                            status=status.HTTP_400_BAD_REQUEST)
        return Response(UpsertOutcomeSerializer(outcome).data)


@extend_schema(
    request=StockRowsSerializer, responses={200: UpsertOutcomeSerializer},
    summary="Set stock levels by (SKU, location)",
    description=f"Up to PIM_API_BULK_MAX_ROWS rows ({settings.PIM_API_BULK_MAX_ROWS} by default) per request, in "
                "one transaction: every row applies, or none does and the answer lists each bad row.",
    examples=[OpenApiExample("Two stores", request_only=True, value={"rows": [
        {"sku": "LINSHIRT-BLU-M", "location": "store_warsaw", "quantity": 12},
        {"sku": "LINSHIRT-BLU-L", "location": "store_warsaw", "quantity": 0}]})],
)
class StockLevelsBulkView(BulkUpsertView):
    row_serializer = StockRowSerializer
    required_permissions = ["catalog.add_stocklevel", "catalog.change_stocklevel"]

    def row(self, index: int, data: dict) -> StockRow:
        return StockRow(index=index, **data)

    def upsert(self, rows: list[StockRow], refused: list[RowProblem]):
        return stock_levels_upsert(rows=rows, refused=refused)


@extend_schema(
    request=PriceRowsSerializer, responses={200: UpsertOutcomeSerializer},
    summary="Set prices and promotions by (SKU, price list)",
    description="All rows or none, as for stock. A field left out of a row keeps its stored value; null clears "
                "a sale field. Amounts follow the price list's currency decimals; a sale amount must be below the "
                "amount, a sale window needs a sale amount and must end after it starts.",
    examples=[OpenApiExample("A promotion", request_only=True, value={"rows": [
        {"sku": "LINSHIRT-BLU-M", "price_list": "retail_pl", "amount": "199.00", "sale_amount": "159.00",
         "sale_start": "2025-06-01T00:00:00+02:00", "sale_end": "2025-06-30T23:59:00+02:00"}]})],
)
class PricesBulkView(BulkUpsertView):
    row_serializer = PriceRowSerializer
    required_permissions = ["catalog.add_price", "catalog.change_price"]

    def row(self, index: int, data: dict) -> PriceRow:
        values = dict(data)
        return PriceRow(index=index, sku=values.pop("sku"), price_list=values.pop("price_list"), values=values)

    def upsert(self, rows: list[PriceRow], refused: list[RowProblem]):
        return prices_upsert(rows=rows, refused=refused)
