"""The integer ranges of the database columns the API looks up or writes: a number outside them is refused by the
API (400, or 404 in a path) before it reaches a query, where PostgreSQL would fail with an overflow (a 500)."""

MAX_ID = 2**63 - 1  # bigint primary keys
MAX_POSITIVE_INT = 2**31 - 1  # PositiveIntegerField: version, position, quantity


def id_parse(raw: str) -> int | None:
    """A primary key from a URL, or None: ASCII digits only ("²" is a digit to str.isdigit, not to int)."""
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 19:
        return None
    value = int(raw)
    return value if 0 < value <= MAX_ID else None
