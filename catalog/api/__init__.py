"""The catalog's part of the REST API (/api/v1/): serializers, filters, views, and the plumbing the other apps'
API modules share (keyset pagination, sync window, error handling, schema)."""
