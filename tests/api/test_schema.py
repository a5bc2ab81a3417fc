"""The OpenAPI schema and Swagger UI: generated, valid, served without any CDN."""

import re

import pytest
import yaml
from django.contrib.staticfiles import finders
from drf_spectacular.validation import validate_schema
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_the_schema_is_valid_openapi_3_with_the_error_responses():
    response = APIClient().get("/api/v1/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    validate_schema(schema)
    assert schema["openapi"].startswith("3.")
    paths = schema["paths"]
    assert {"/api/v1/products/", "/api/v1/products/{id}/", "/api/v1/stock-levels/bulk/", "/api/v1/prices/bulk/",
            "/api/v1/channels/{id}/generate/", "/api/v1/tombstones/", "/api/v1/feed-issues/"} <= set(paths)
    patch = paths["/api/v1/products/{id}/"]["patch"]
    assert {"200", "400", "401", "403", "404", "409", "412"} <= set(patch["responses"])
    assert "410" in paths["/api/v1/products/"]["get"]["responses"]
    assert "413" in paths["/api/v1/stock-levels/bulk/"]["post"]["responses"]
    assert "202" in paths["/api/v1/channels/{id}/generate/"]["post"]["responses"]
    assert schema["components"]["securitySchemes"]["apiToken"] == {
        "type": "http", "scheme": "bearer", "description": schema["components"]["securitySchemes"]["apiToken"][
            "description"]}


def test_swagger_ui_is_served_from_local_static_files(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/api/v1/schema/" in html
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets and not [asset for asset in assets if asset.startswith(("http:", "https:", "//"))]
    for asset in assets:
        if asset.startswith("/static/"):
            assert finders.find(asset.removeprefix("/static/")), asset
