"""Feed formats. Each module registers itself when imported; adding a format means one module and one line here.

The modules are imported from SyndicationConfig.ready(), not here: they use the pipeline, which uses the models,
which take Channel.format's choices from the registry.
"""

from importlib import import_module

from .registry import FieldSpec, FormatSpec, format_choices, format_get, register, register_temporarily

FORMAT_MODULES = (
    "syndication.formats.google_merchant",
    "syndication.formats.meta_catalog",
    "syndication.formats.web_json",
)


def formats_load() -> None:
    for module in FORMAT_MODULES:
        import_module(module)


__all__ = ["FieldSpec", "FormatSpec", "format_choices", "format_get", "formats_load", "register",
           "register_temporarily"]
