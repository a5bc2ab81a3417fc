"""Benchmark databases: one per catalog size, created, migrated and filled by generate_catalog once, then reused.

A size is a number of variants (three per product, as generate_catalog makes them by default); the database of
``pim_bench`` at 10,000 variants is ``pim_bench_10000`` (``pim_bench_10000.sqlite3`` for SQLite), so a run at
another size never has to delete anything, and the next run finds its catalogs ready.
"""

import math
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import dj_database_url
import psycopg
from django.db import transaction

from bench.processes import REPO, child_run
from catalog.models import Locale, Location, PriceList, Product, Variant
from syndication.models import Channel
from syndication.services import channel_create, channel_save

VARIANTS_PER_PRODUCT = 3


@dataclass(frozen=True)
class BenchChannel:
    code: str
    format: str
    locale: str  # the synthetic catalog has English and Polish texts: no fallback, so the ceiling reads the same
    price_list: str
    country: str


CHANNELS = (
    BenchChannel("bench-google", "google_merchant", "pl", "retail_pl", "PL"),
    BenchChannel("bench-meta", "meta_catalog", "en", "retail_us", "US"),
    BenchChannel("bench-web", "web_json", "en", "retail_eu", "DE"),
)
LINK_TEMPLATE = "https://shop.example.com/{locale}/p/{slug}?sku={sku}"


def database_url_for(base_url: str, suffix: str) -> str:
    """``postgres://.../pim_bench`` -> ``postgres://.../pim_bench_<suffix>``; SQLite files get the suffix too."""
    parts = urlsplit(base_url)
    if parts.scheme.startswith("sqlite"):
        path = Path(dj_database_url.parse(base_url)["NAME"])
        path = path if path.is_absolute() else REPO / path
        extension = path.suffix or ".sqlite3"
        return f"sqlite:///{path.with_name(f'{path.stem}_{suffix}{extension}')}"
    name = parts.path.lstrip("/")
    return urlunsplit(parts._replace(path=f"/{name}_{suffix}"))


def is_postgresql(database_url: str) -> bool:
    return urlsplit(database_url).scheme in {"postgres", "postgresql", "pgsql", "postgis"}


def _server_connection(database_url: str, database: str = "postgres") -> psycopg.Connection:
    settings = dj_database_url.parse(database_url)
    return psycopg.connect(dbname=database, user=settings["USER"] or None, password=settings["PASSWORD"] or None,
                           host=settings["HOST"] or None, port=settings["PORT"] or None, autocommit=True)


def database_ensure(*, database_url: str, environment: dict[str, str]) -> None:
    """Create the database if it is missing, and apply the migrations (quick when there is nothing to apply)."""
    if is_postgresql(database_url):
        name = dj_database_url.parse(database_url)["NAME"]
        if not re.fullmatch(r"[A-Za-z0-9_]+", name):
            raise ValueError(f"benchmark database name {name!r}: use letters, digits and underscores")
        with _server_connection(database_url) as connection:
            if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                connection.execute(f'CREATE DATABASE "{name}"')
    else:
        Path(dj_database_url.parse(database_url)["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=REPO, env=environment,
                   check=True)


def products_for(variants: int) -> int:
    return math.ceil(variants / VARIANTS_PER_PRODUCT)


def catalog_ensure(*, database_url: str, environment: dict[str, str], products: int) -> dict[str, object]:
    """At least ``products`` synthetic products with generate_catalog; the figures of that command, if it worked."""
    database_ensure(database_url=database_url, environment=environment)
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "manage.py", "generate_catalog", "--products", str(products),
         "--variants-per-product", str(VARIANTS_PER_PRODUCT), "--no-progress"],
        cwd=REPO, env=environment, check=True, capture_output=True, text=True,
    )
    seconds = time.perf_counter() - started
    created = re.search(r"(\d+) products with (\d+) variants created", completed.stdout)
    products_created, variants_created = (int(created[1]), int(created[2])) if created else (0, 0)
    if is_postgresql(database_url):
        # Fresh bulk inserts have no planner statistics until autovacuum comes by (plans then assume a dozen rows
        # where there are thousands); a live catalog has them. Cheap when nothing changed.
        with _server_connection(database_url, dj_database_url.parse(database_url)["NAME"]) as connection:
            connection.execute("VACUUM ANALYZE" if variants_created else "ANALYZE")
    counts = child_run("channels", {}, environment=environment).result
    return {"database": _database_label(database_url), "generated_products": products_created,
            "generated_variants": variants_created,
            "generate_seconds": round(seconds, 1) if variants_created else None, **counts}


def _database_label(database_url: str) -> str:
    parts = urlsplit(database_url)
    if parts.scheme.startswith("sqlite"):
        return f"sqlite {Path(dj_database_url.parse(database_url)['NAME']).name}"
    return f"postgresql {parts.hostname}:{parts.port or 5432}/{parts.path.lstrip('/')}"


# -- in the child -----------------------------------------------------------------------------------------------

@transaction.atomic
def channels_ensure() -> dict[str, object]:
    """The three benchmark channels (one per format) as CHANNELS says, made or corrected through the services."""
    location_ids = list(Location.objects.order_by("pk").values_list("pk", flat=True))
    for row in CHANNELS:
        wanted = {"name": f"Benchmark {row.format}", "format": row.format,
                  "locale": Locale.objects.get(code=row.locale),
                  "price_list": PriceList.objects.get(code=row.price_list), "country": row.country,
                  "link_template": LINK_TEMPLATE, "utm_source": "bench", "utm_medium": "product_feed",
                  "utm_campaign": row.code, "follows_catalog": False, "active": True}
        channel = Channel.objects.filter(code=row.code).first()
        if channel is None:
            channel_create(code=row.code, stock_location_ids=location_ids, **wanted)
        elif any(getattr(channel, name) != value for name, value in wanted.items()) or sorted(
                channel.stock_locations.values_list("pk", flat=True)) != location_ids:
            for name, value in wanted.items():
                setattr(channel, name, value)
            channel_save(channel=channel, stock_location_ids=location_ids, category_ids=[])
    return {"products": Product.objects.count(), "variants": Variant.objects.count()}
