"""Products and variants: reads with everything nested (a fixed number of queries per page), writes through
catalog.services, and no silent overwrite (If-Match -> 412, a stale ``version`` -> 409)."""

from django.db import transaction
from django.utils.http import parse_etags
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.renderers import BrowsableAPIRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse

from catalog import services
from catalog.api.bounds import id_parse
from catalog.api.errors import PreconditionFailed
from catalog.api.filters import ProductFilter, VariantFilter
from catalog.api.product_reads import PRODUCT_COLUMNS, product_row, products_read
from catalog.api.product_serializers import (
    ProductCreateSerializer,
    ProductSerializer,
    ProductUpdateSerializer,
    VariantCreateSerializer,
    VariantInputSerializer,
    VariantSerializer,
)
from catalog.api.product_writes import (
    product_create_from_api,
    product_etag,
    product_update_from_api,
    variant_input,
)
from catalog.api.renderers import FastJSONRenderer
from catalog.api.schema import ERROR, VERSION_CONFLICT
from catalog.api.viewsets import LOCALE_PARAMETER, ApiViewSet
from catalog.models import Product, Variant
from catalog.queries import products_with_details, translations_resolved, variants_with_details

SYNC_ORDERINGS = {
    "updated_at": ("updated_at", "id"), "-updated_at": ("-updated_at", "-id"), "id": ("id",), "-id": ("-id",),
}
IF_MATCH = OpenApiParameter(
    "If-Match", OpenApiTypes.STR, OpenApiParameter.HEADER,
    description="The ETag you read: if the product changed since, nothing is written and the answer is 412.",
)
ETAG = OpenApiParameter("ETag", OpenApiTypes.STR, OpenApiParameter.HEADER, response=[200, 201],
                        description="The product's current entity tag, for If-Match (and If-None-Match on reads).")
WRITE_ERRORS = {"409": VERSION_CONFLICT, "412": ERROR}


def _etag_matches(header: str, etag: str, *, weak: bool) -> bool:
    tags = parse_etags(header)
    if "*" in tags:
        return True
    if weak:  # If-None-Match compares weakly; If-Match strongly, so a W/ tag never matches there
        tags = [tag.removeprefix("W/") for tag in tags]
    return etag in tags


@extend_schema_view(
    list=extend_schema(parameters=[LOCALE_PARAMETER]),
    retrieve=extend_schema(parameters=[LOCALE_PARAMETER, ETAG]),
    create=extend_schema(request=ProductCreateSerializer, responses={201: ProductSerializer},
                         parameters=[ETAG]),
    update=extend_schema(request=ProductUpdateSerializer, parameters=[IF_MATCH, ETAG]),
    partial_update=extend_schema(request=ProductUpdateSerializer, parameters=[IF_MATCH, ETAG]),
    destroy=extend_schema(parameters=[IF_MATCH]),
)
class ProductViewSet(ApiViewSet, mixins.ListModelMixin):
    """Products with their translations, variants (prices and stock included) and images.

    For incremental sync, list with ``updated_since`` and ``ordering=updated_at`` (the default) and keep the
    response's ``sync_cutoff``; deletions, archivings and exclusions are at /api/v1/tombstones/.
    """

    queryset = Product.objects.all()
    serializer_class = ProductSerializer
    renderer_classes = [FastJSONRenderer, BrowsableAPIRenderer]
    filterset_class = ProductFilter
    orderings = {**SYNC_ORDERINGS, "code": ("code", "id"), "-code": ("-code", "-id")}
    default_ordering = "updated_at"
    sync_cutoff = True
    error_responses = {"list": {"410": ERROR}, "update": WRITE_ERRORS, "partial_update": WRITE_ERRORS,
                       "destroy": {"412": ERROR}}

    def get_queryset(self):
        if self.action == "retrieve":  # product_reads loads the rest
            return Product.objects.select_related("family", "brand", "primary_category")
        return products_with_details(Product.objects.all(), translations=self.locale_chain is None)

    def _data(self, products: list[Product], *, many: bool) -> object:
        context = self.get_serializer_context()
        if chain := self.locale_chain:  # one query for the page's texts along the chain
            context["resolved_translations"] = translations_resolved(
                product_ids=[product.pk for product in products], locale_code=chain[0], chain=chain)
        return ProductSerializer(products if many else products[0], many=many, context=context).data

    def list(self, request: Request, *args, **kwargs) -> Response:
        # Rows, not instances: products_read builds what ProductSerializer would, several times faster.
        page = self.paginate_queryset(self.filter_queryset(Product.objects.all()).values(*PRODUCT_COLUMNS))
        return self.get_paginated_response(products_read(page, request=request, locale_chain=self.locale_chain))

    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        product = self.get_object()
        etag = product_etag(product)
        if_none_match = request.headers.get("If-None-Match")
        if if_none_match and _etag_matches(if_none_match, etag, weak=True):
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": etag})
        data = products_read([product_row(product)], request=request, locale_chain=self.locale_chain)[0]
        return Response(data, headers={"ETag": etag})

    def create(self, request: Request, *args, **kwargs) -> Response:
        serializer = ProductCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        created = product_create_from_api(data=serializer.validated_data, user=request.user)
        return self._saved(created.pk, status.HTTP_201_CREATED)

    def update(self, request: Request, *args, partial: bool = False, **kwargs) -> Response:
        product_id = self._product_id()
        serializer = ProductUpdateSerializer(data=request.data, partial=partial,
                                             context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        with transaction.atomic():
            product = self._locked(product_id)
            sent_version = data.pop("version", None)
            if_match = self._if_match_check(request, product)
            if sent_version is None and if_match is None:
                raise ValidationError({"version": [_(
                    "Send the version you read, or an If-Match header with the ETag: a write without either could "
                    "overwrite someone else's changes.")]})
            product_update_from_api(product=product, expected_version=sent_version or product.version, data=data,
                                    partial=partial, user=request.user)
        return self._saved(product_id, status.HTTP_200_OK)

    def partial_update(self, request: Request, *args, **kwargs) -> Response:
        return self.update(request, *args, partial=True, **kwargs)

    def destroy(self, request: Request, *args, **kwargs) -> Response:
        product_id = self._product_id()
        with transaction.atomic():
            self._if_match_check(request, self._locked(product_id))
            services.product_delete(product_id=product_id)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def _product_id(self) -> int:
        """The path's product, checked without loading what a read shows: 404 when there is none."""
        product_id = id_parse(self.kwargs["pk"])
        if product_id is None or not Product.objects.filter(pk=product_id).exists():
            raise NotFound()
        return product_id

    @staticmethod
    def _locked(product_id: int) -> Product:
        product = Product.objects.select_for_update(of=("self",)).filter(pk=product_id).first()
        if product is None:  # deleted since the request started
            raise NotFound()
        return product

    @staticmethod
    def _if_match_check(request: Request, product: Product) -> str | None:
        if_match = request.headers.get("If-Match")
        if if_match is not None and not _etag_matches(if_match, product_etag(product), weak=False):
            raise PreconditionFailed(etag=product_etag(product))
        return if_match

    def _saved(self, product_id: int, status_code: int) -> Response:
        product = self.get_queryset().get(pk=product_id)
        headers = {"ETag": product_etag(product),
                   "Location": reverse("api:product-detail", kwargs={"pk": product.pk}, request=self.request)}
        return Response(self._data([product], many=False), status=status_code, headers=headers)


@extend_schema_view(
    create=extend_schema(request=VariantCreateSerializer, responses={201: VariantSerializer}),
    update=extend_schema(request=VariantInputSerializer, description="Replaces the variant's fields (left-out ones "
                                                                     "take their defaults)."),
    partial_update=extend_schema(request=VariantInputSerializer),
    destroy=extend_schema(responses={204: OpenApiResponse(description="Deleted.")},
                          description="A product's only variant cannot be deleted (400)."),
)
class VariantViewSet(ApiViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Variants (the sellable units) with their prices and stock. Prices and stock are written in bulk at
    /api/v1/prices/bulk/ and /api/v1/stock-levels/bulk/."""

    queryset = Variant.objects.all()
    serializer_class = VariantSerializer
    filterset_class = VariantFilter
    orderings = {**SYNC_ORDERINGS, "sku": ("sku",), "-sku": ("-sku",)}
    default_ordering = "id"
    sync_cutoff = True
    error_responses = {"list": {"410": ERROR}}

    def get_queryset(self):
        return variants_with_details(Variant.objects.select_related("product"))

    def create(self, request: Request, *args, **kwargs) -> Response:
        serializer = VariantCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        product = Product.objects.filter(pk=data["product"]).select_related("family").first()
        if product is None:
            raise ValidationError({"product": [_("No product has the id %(value)s.") % {"value": data["product"]}]})
        variant = services.variant_create(product=product, data=variant_input(data=data))
        return Response(VariantSerializer(self.get_queryset().get(pk=variant.pk),
                                          context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED)

    def update(self, request: Request, *args, partial: bool = False, **kwargs) -> Response:
        variant = self.get_object()
        serializer = VariantInputSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        services.variant_update(variant_id=variant.pk, data=variant_input(
            data=serializer.validated_data, current=variant if partial else None))
        return Response(VariantSerializer(self.get_queryset().get(pk=variant.pk),
                                          context=self.get_serializer_context()).data)

    def partial_update(self, request: Request, *args, **kwargs) -> Response:
        return self.update(request, *args, partial=True, **kwargs)

    def destroy(self, request: Request, *args, **kwargs) -> Response:
        services.variant_delete(variant_id=self.get_object().pk)
        return Response(status=status.HTTP_204_NO_CONTENT)
