"""API: the product list's first page and a deep page, as a logged-in superuser, with time and queries.

Skipped, with the reason in the results, while ``/api/v1/products/`` does not resolve. A deep page is reached the
way a client would: an offset or page number is set near the end of the list; an opaque cursor is followed
through ``next`` links (DEEP_CURSOR_PAGES of them), which costs what a keyset page costs at any depth.
"""

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import Resolver404, resolve

from bench.admin import USER_NAME, requests_timed
from catalog.models import Product

LIST_PATH = "/api/v1/products/"
DEEP_CURSOR_PAGES = 200
DEEP_SHARE = 0.9


def _deep_path(client: Client, first_page: dict, total: int) -> tuple[str, str]:
    """A page near the end of the list, and how it was reached."""
    next_url = first_page.get("next") if isinstance(first_page, dict) else None
    if not next_url:
        return LIST_PATH, "single page"
    parts = urlsplit(next_url)
    query = dict(parse_qsl(parts.query))
    page_size = len(first_page.get("results", [])) or 1
    if "offset" in query:
        query["offset"] = str(int(total * DEEP_SHARE))
        how = f"offset {query['offset']}"
    elif "page" in query:
        query["page"] = str(max(2, int(total * DEEP_SHARE) // page_size))
        how = f"page {query['page']}"
    else:  # an opaque cursor: only the server can make one
        for _page in range(DEEP_CURSOR_PAGES):
            reply = client.get(next_url).json()
            if not reply.get("next"):
                break
            next_url = reply["next"]
        return urlunsplit(("", "", urlsplit(next_url).path, urlsplit(next_url).query, "")), (
            f"cursor after {DEEP_CURSOR_PAGES} pages of {page_size}")
    return urlunsplit(("", "", parts.path, urlencode(query), "")), how


def api_measure(*, requests: int) -> dict[str, object]:
    try:
        resolve(LIST_PATH)
    except Resolver404:
        return {"available": False, "note": f"not available yet: {LIST_PATH} does not resolve"}
    user = get_user_model().objects.filter(username=USER_NAME).first()
    if user is None:
        user = get_user_model().objects.create_superuser(USER_NAME, "bench@example.com", None)
    client = Client()
    client.force_login(user)
    response = client.get(LIST_PATH)
    if response.status_code != 200:
        return {"available": False, "note": f"{LIST_PATH} answered {response.status_code} to a superuser"}
    total = Product.objects.count()
    deep, how = _deep_path(client, response.json(), total)
    return {"available": True, "products": total, "deep_page": how,
            "first_page": requests_timed(client, [LIST_PATH], requests),
            "deep": requests_timed(client, [deep], requests)}
