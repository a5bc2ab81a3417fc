"""The integer ranges of the database columns the API looks up or writes: a number outside them is refused by the
API (400, or 404 in a path) before it reaches a query, where PostgreSQL would fail with an overflow (a 500)."""

MAX_ID = 2**63 - 1  # bigint primary keys
MAX_POSITIVE_INT = 2**31 - 1  # PositiveIntegerField: version, position, quantity
