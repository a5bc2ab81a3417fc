"""Signals the catalog sends, so apps that depend on it (syndication) can react without catalog importing them."""

from django.dispatch import Signal

# Sent by `manage.py load_demo` once the demo catalog is in place (also when it was already there, so receivers
# must be idempotent). Arguments: sender (the command class or None) and products_created (int).
# Receivers may rely on the demo reference codes: price lists retail_pl / retail_eu / retail_ru / retail_us,
# locations warehouse_lodz (warehouse) and store_warsaw (store), locales en / pl / it / ru.
demo_catalog_loaded = Signal()

# Sent once after a transaction that changed products commits (see catalog.changes). Arguments:
# product_ids (frozenset of ids created or changed, deleted ones excluded), deleted (dict id -> code of products
# deleted), catalog_wide (True when reference data that any product may show changed: brands, categories,
# families, attributes, locales, price lists, locations), deleted_variants (dict SKU -> product code of variants
# deleted, alone or with their product) and archived (frozenset of ids of products whose status became archived).
products_changed = Signal()
