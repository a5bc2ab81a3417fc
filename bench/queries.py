"""Counting the queries a measurement makes, without keeping their SQL."""


class QueryCounter:
    """A ``connection.execute_wrapper``: counts queries (CaptureQueriesContext keeps 9,000 and then forgets)."""

    def __init__(self) -> None:
        self.total = 0

    def __call__(self, execute, sql, params, many, context):
        self.total += 1
        return execute(sql, params, many, context)
