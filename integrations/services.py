"""Writes of the integrations app: API tokens and tombstones. Keyword-only, one transaction each."""

import hashlib
import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from catalog.api.sync import sync_window_start
from catalog.models import Variant
from integrations.models import ApiToken, Tombstone

IDS_PER_QUERY = 5000  # stays under every backend's limit of query parameters


def api_key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, name: str, user, read_only: bool = False, expires_at: datetime | None = None
                     ) -> tuple[ApiToken, str]:
    """A new token and its key. The key is returned once and never stored: keep it, or create another token."""
    prefix = secrets.token_hex(4)
    key = f"{prefix}.{secrets.token_urlsafe(32)}"
    token = ApiToken(name=name, user=user, prefix=prefix, key_hash=api_key_hash(key), read_only=read_only,
                     expires_at=expires_at)
    token.full_clean()
    token.save()
    return token, key


@transaction.atomic
def api_tokens_revoke(*, token_ids: Iterable[int]) -> int:
    """Revoke tokens at once (the next request with one gets 401); already revoked ones keep their date."""
    return ApiToken.objects.filter(pk__in=list(token_ids), revoked_at__isnull=True).update(revoked_at=timezone.now())


def api_token_used(*, token: ApiToken) -> None:
    """Record the token's use at most once a minute: a sync of thousands of requests is not thousands of writes."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


def tombstones_for_products(*, kind: str, product_ids: Iterable[int], channel_id: int | None = None) -> int:
    """A tombstone for every variant of the products (archived: every channel; excluded: ``channel_id``)."""
    ids = sorted(set(product_ids))
    now = timezone.now()
    created = 0
    for start in range(0, len(ids), IDS_PER_QUERY):
        rows = Variant.objects.filter(product_id__in=ids[start:start + IDS_PER_QUERY]).values_list(
            "sku", "product__code")
        created += len(Tombstone.objects.bulk_create(
            [Tombstone(kind=kind, sku=sku, product_code=code, channel_id=channel_id, at=now) for sku, code in rows],
            batch_size=2000))
    return created


def tombstones_for_deleted(*, deleted_variants: dict[str, str]) -> int:
    """A tombstone for each deleted variant (SKU -> product code)."""
    now = timezone.now()
    return len(Tombstone.objects.bulk_create(
        [Tombstone(kind=Tombstone.Kind.DELETED, sku=sku, product_code=code, at=now)
         for sku, code in deleted_variants.items()], batch_size=2000))


def tombstones_purge() -> int:
    """Delete the tombstones older than the retention window (beat runs it every hour); an ``updated_since``
    before the window is answered 410 (catalog.api.sync), so no reader relies on them."""
    deleted, _by_model = Tombstone.objects.filter(at__lt=sync_window_start()).delete()
    return deleted


@transaction.atomic
def api_token_save(*, token: ApiToken) -> ApiToken:
    """Save a token's editable fields (name, read only, expiry); the key and the user stay as created."""
    token.full_clean()
    token.save(update_fields=["name", "read_only", "expires_at"])
    return token
