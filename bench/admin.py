"""Admin: the product list and a product's page, as a logged-in superuser, with time and queries per request.

Django's test client calls the full stack (middleware, admin views, templates) in this process without a socket,
so the figures are the server's own work; serving adds about a millisecond on loopback (see the feed's 304).
"""

import time

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client

from bench.figures import milliseconds
from bench.queries import QueryCounter
from catalog.models import Product

WARM_UP_REQUESTS = 3
USER_NAME = "bench-admin"


def requests_timed(client: Client, paths: list[str], requests: int) -> dict[str, object]:
    for path in paths[:WARM_UP_REQUESTS]:
        client.get(path)
    seconds, queries = [], []
    for index in range(requests):
        path = paths[index % len(paths)]
        counter = QueryCounter()
        started = time.perf_counter()
        with connection.execute_wrapper(counter):
            response = client.get(path)
        seconds.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise RuntimeError(f"GET {path} answered {response.status_code}")
        queries.append(counter.total)
    return {**milliseconds(seconds), "queries": max(queries), "queries_min": min(queries)}


def admin_measure(*, requests: int) -> dict[str, object]:
    user = get_user_model().objects.filter(username=USER_NAME).first()
    if user is None:
        user = get_user_model().objects.create_superuser(USER_NAME, "bench@example.com", None)
    client = Client()
    client.force_login(user)
    ids = list(Product.objects.order_by("pk").values_list("pk", flat=True))
    # Products spread over the whole table, not one page cached by the database from the previous request.
    sample = [ids[int(len(ids) * share)] for share in (0.05, 0.35, 0.65, 0.95, 0.5)] if ids else []
    return {
        "products": len(ids),
        "changelist": requests_timed(client, ["/admin/catalog/product/"], requests),
        "changelist_search": requests_timed(client, ["/admin/catalog/product/?q=GEN-00012"], requests),
        "change_page": requests_timed(client, [f"/admin/catalog/product/{pk}/change/" for pk in sample], requests),
    }
