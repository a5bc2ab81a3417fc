"""The OpenAPI schema (drf-spectacular): every operation also documents the error responses it can give."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent

ERROR = {"type": "object", "properties": {"detail": {"type": "string"}}, "required": ["detail"],
         "description": "What went wrong, in one sentence."}
FIELD_ERRORS = {
    "type": "object", "additionalProperties": {},
    "description": "Field name (or a path such as variants[1].gtin) -> list of messages naming the value; "
                   "\"non_field_errors\" for the input as a whole, \"detail\" when the body could not be read. "
                   "Bulk endpoints answer {\"errors\": [{index, field, value, reason}]}.",
}
VERSION_CONFLICT = {
    "type": "object", "required": ["detail", "code", "current_version"],
    "properties": {
        "detail": {"type": "string"}, "code": {"type": "string", "enum": ["version_conflict"]},
        "product": {"type": "string"}, "your_version": {"type": "integer"}, "current_version": {"type": "integer"},
        "updated_by": {"type": "string", "nullable": True}, "updated_at": {"type": "string", "format": "date-time"},
    },
    "description": "The product was saved by someone else since the version you sent: nothing was written.",
}
JSON = ["application/json"]
ROW_ERRORS = {
    "type": "object", "additionalProperties": {},
    "properties": {"errors": {"type": "array", "items": {
        "type": "object", "required": ["index", "field", "value", "reason"],
        "properties": {"index": {"type": "integer", "description": "The row's position in rows, from 0."},
                       "field": {"type": "string"}, "value": {}, "reason": {"type": "string"}}}}},
    "description": "Nothing was saved. errors lists every bad row; a body that is not {\"rows\": [...]} is "
                   "answered with field errors instead.",
}
COMPONENT_NAMES = {id(ERROR): "Error", id(FIELD_ERRORS): "FieldErrors", id(VERSION_CONFLICT): "VersionConflict",
                   id(ROW_ERRORS): "RowErrors"}


class ApiAutoSchema(AutoSchema):
    """Adds 400, 401, 403 and (with a path parameter) 404 to every operation, plus a view's own
    ``error_responses`` ({action or method: {status: schema}}), e.g. 409 and 412 for product writes, 410 for sync
    lists. Each error shape is one component of the schema."""

    def _get_response_bodies(self, direction: str = "response") -> dict:
        responses = super()._get_response_bodies(direction)
        errors = {"400": FIELD_ERRORS, "401": ERROR, "403": ERROR}
        if "{" in self.path:
            errors["404"] = ERROR
        extra = getattr(self.view, "error_responses", {})
        errors.update(extra.get(getattr(self.view, "action", None)) or extra.get(self.method) or {})
        for code, schema in errors.items():
            responses.setdefault(code, self._get_response_for_code(self._component(schema), code, media_types=JSON))
        return responses

    def _component(self, schema: dict) -> dict:
        name = COMPONENT_NAMES[id(schema)]
        component = ResolvedComponent(name=name, type=ResolvedComponent.SCHEMA, schema=schema, object=name)
        self.registry.register_on_missing(component)
        return component.ref
