"""Schemathesis against the live test server: every operation of the schema, with generated valid and invalid
input, under a superuser's token. No answer may be a 5xx, and every answer must match the schema.

Bounded and deterministic (a fixed number of examples per operation, derandomized), so it takes well under two
minutes; DELETE operations run too (the catalog below is rebuilt for each test and deletions of rows still in use are
refused with 400).
"""

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from integrations.services import api_token_create
from tests.factories import SuperUserFactory

pytestmark = [pytest.mark.django_db(transaction=True)]

EXAMPLES = {GenerationMode.POSITIVE: 10, GenerationMode.NEGATIVE: 6}
CHECKS = [not_a_server_error, response_schema_conformance]


def known_ids(shop) -> dict[str, int]:
    """A real row per resource, so operations on /{id}/ also run on something that exists, not only on 404s."""
    from catalog.models import Attribute, Brand, Category, Family, Locale
    from syndication.models import FeedIssue, FeedRun
    from tests.syndication.conftest import channel_for, run_channel

    channel = channel_for(shop, {locale.code: locale for locale in Locale.objects.all()},
                          format="google_merchant", code="google-pl")
    run = run_channel(channel)
    issue = FeedIssue.objects.create(run=run, sku="MUG-1", product_code="MUG", field="title", severity="warning",
                                     code="too_long", message="Long.")
    return {
        "products": shop.shirt.pk, "variants": shop.blue_m.pk, "brands": Brand.objects.first().pk,
        "categories": Category.objects.get(code="shirts").pk, "locations": shop.warehouse.pk,
        "price-lists": shop.price_list.pk, "families": Family.objects.first().pk,
        "attributes": Attribute.objects.first().pk, "locales": Locale.objects.first().pk, "channels": channel.pk,
        "feed-runs": FeedRun.objects.get(pk=run.pk).pk,
        "feed-issues": issue.pk,
    }


@pytest.fixture(autouse=True)
def hypothesis_home(tmp_path):
    """Hypothesis keeps caches in .hypothesis/ of the working directory: the test's own folder instead."""
    from hypothesis import configuration

    previous = vars(configuration).get("__hypothesis_home_directory")  # None: the default, ./.hypothesis
    configuration.set_hypothesis_home_dir(tmp_path / "hypothesis")
    yield
    configuration.set_hypothesis_home_dir(previous)


@pytest.mark.parametrize("mode", list(EXAMPLES), ids=lambda mode: mode.value)
def test_every_operation_answers_without_5xx_and_as_documented(live_server, shop, locales, mode):
    ids = known_ids(shop)
    _token, key = api_token_create(name="schemathesis", user=SuperUserFactory(username="fuzzer"))
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/schema/")
    headers = {"Authorization": f"Token {key}"}
    # Closed at the end: a kept-alive connection would keep the server's request thread, and its database
    # connection, open past the test (PostgreSQL then cannot drop the test database).
    with requests.Session() as session:
        operations = [result.ok() for result in schema.get_all_operations()]
        assert len(operations) > 40
        failures = []
        for operation in operations:
            strategies = [operation.as_strategy(generation_mode=mode)]
            resource = operation.path.removeprefix("/api/v1/").split("/")[0]
            if "{id}" in operation.path and operation.method.upper() != "DELETE" and mode == GenerationMode.POSITIVE:
                # The real row as well; deletions keep to generated ids, so later operations still find the catalog.
                strategies.append(operation.as_strategy(generation_mode=mode, path_parameters={"id": ids[resource]}))
            for strategy in strategies:
                @given(case=strategy)
                @settings(max_examples=EXAMPLES[mode], derandomize=True, database=None, deadline=None,
                          suppress_health_check=list(HealthCheck))
                def run(case):
                    response = case.call(base_url=live_server.url, session=session, headers=headers)
                    case.validate_response(response, checks=CHECKS)

                try:
                    run()
                except (Exception, BaseExceptionGroup) as error:  # collected: one report for every failing operation
                    failures.append(f"{operation.label}: {error}")
    assert not failures, "\n\n".join(failures)
