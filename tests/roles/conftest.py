"""The syndication tests' catalog (shop) and feed folder fixtures serve the role tests too."""

from tests.syndication.conftest import feeds_root, shop  # noqa: F401
