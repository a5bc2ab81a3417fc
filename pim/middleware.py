"""Project-wide middleware: which path a request came through, for the history of what it changes."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from catalog.history.context import HistorySource, history_context

# URL prefixes (see pim/urls.py) and the source their changes are recorded with; anything else keeps the default.
SOURCE_PREFIXES = (("/admin/", HistorySource.ADMIN), ("/api/", HistorySource.API))


class HistorySourceMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        source = next((source for prefix, source in SOURCE_PREFIXES if request.path_info.startswith(prefix)), None)
        if source is None:
            return self.get_response(request)
        with history_context(source=source):
            return self.get_response(request)
