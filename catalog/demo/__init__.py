"""Demo and synthetic catalogs: `manage.py load_demo` and `manage.py generate_catalog`.

Modules: reference_data, vocabulary and product_data hold the demo's tables; texts composes the translated texts;
drawing draws the product pictures; reference and loader write the demo (loader through catalog.services);
synthetic builds large generated catalogs with bulk inserts.
"""

from catalog.demo.loader import DemoLoadSummary, demo_catalog_load, demo_product_codes
from catalog.demo.synthetic import SyntheticSummary, synthetic_catalog_generate, synthetic_products_existing

__all__ = ["DemoLoadSummary", "SyntheticSummary", "demo_catalog_load", "demo_product_codes",
           "synthetic_catalog_generate", "synthetic_products_existing"]
