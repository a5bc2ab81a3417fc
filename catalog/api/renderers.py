"""A JSON renderer for large read responses: orjson when the data is plain (the product read path builds only
dicts, lists, strings, numbers and None), DRF's own renderer for anything else and for indented output."""

import orjson
from rest_framework.renderers import JSONRenderer


class FastJSONRenderer(JSONRenderer):
    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        if data is None or self.get_indent(accepted_media_type, renderer_context or {}) is not None:
            return super().render(data, accepted_media_type, renderer_context)
        try:
            # A datetime or dataclass, which orjson writes its own way, a Decimal or lazy text: DRF's encoder instead
            content = orjson.dumps(data, option=orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS)
        except TypeError:
            return super().render(data, accepted_media_type, renderer_context)
        # As DRF does, so the output stays a strict JavaScript subset
        return content.replace("\u2028".encode(), b"\\u2028").replace("\u2029".encode(), b"\\u2029")
