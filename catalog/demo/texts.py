"""Titles, descriptions, short descriptions and slugs of demo products, composed per locale from the vocabulary and
the product's own attribute values."""

import datetime
from html import escape

from django.utils.text import slugify

from catalog.demo.product_data import ProductRow
from catalog.demo.reference_data import ATTRIBUTES_BY_CODE, BRANDS_BY_CODE, FAMILIES, AttributeRow
from catalog.demo.vocabulary import (
    AUDIENCE_WORDS,
    CARE_INSTRUCTIONS,
    FAMILY_DETAILS,
    KINDS,
    MATERIALS,
    SPEC_HEADINGS,
    YES_NO,
)
from catalog.models import Attribute

LOCALE_INDEX = {"en": 0, "pl": 1, "it": 2, "ru": 3}
FAMILY_ATTRIBUTE_CODES = {family.code: [code for code, _level, _required in family.attributes] for family in FAMILIES}
SECOND_AXIS = {"clothing": "size", "footwear": "shoe_size_eu", "tablets": "storage"}
# What a short description names first for products without a material, in order of preference.
HEADLINE_ATTRIBUTES = ("screen_size", "noise_cancelling", "battery_life", "power", "battery_capacity")


def attribute_label(code: str, locale: str) -> str:
    row = ATTRIBUTES_BY_CODE[code]
    return row.labels.get(locale, row.name)


def option_label(attribute: AttributeRow, code: str, locale: str) -> str:
    option = next(option for option in attribute.options if option.code == code)
    return option.labels.get(locale, option.name)


def _number(value: float | int, locale: str) -> str:
    text = f"{value:g}"
    return text if locale == "en" else text.replace(".", ",")


def value_text(code: str, value: object, locale: str) -> str:
    """A stored attribute value as a reader of ``locale`` expects to see it."""
    attribute = ATTRIBUTES_BY_CODE[code]
    if attribute.type == Attribute.Type.SINGLE_SELECT:
        return option_label(attribute, str(value), locale)
    if attribute.type == Attribute.Type.MULTI_SELECT:
        return ", ".join(option_label(attribute, item, locale) for item in value)
    if attribute.type == Attribute.Type.BOOLEAN:
        return YES_NO[locale][0 if value else 1]
    if attribute.type == Attribute.Type.MEASUREMENT:
        return f"{_number(value['amount'], locale)} {value['unit']}"
    if attribute.type == Attribute.Type.DATE:
        day = datetime.date.fromisoformat(str(value))
        return day.isoformat() if locale == "en" else day.strftime("%d/%m/%Y" if locale == "it" else "%d.%m.%Y")
    return str(value)


def second_axis_value(family: str, size: str | int) -> object:
    if family == "footwear":
        return f"eu_{size}"
    if family == "tablets":
        return {"amount": size, "unit": "GB"}
    return size


def title(row: ProductRow, locale: str) -> str:
    kind = KINDS[row.kind]
    brand = BRANDS_BY_CODE[row.brand].name
    noun = kind.nouns[locale]
    audience = _audience(row)
    if audience is None:
        return f"{brand} {row.model} {noun}" if locale == "en" else f"{noun[:1].upper()}{noun[1:]} {brand} {row.model}"
    words = AUDIENCE_WORDS[audience]
    if locale == "en":
        return f"{brand} {row.model} {words['en']} {noun}"
    if locale == "it":
        return f"{noun[:1].upper()}{noun[1:]} {words['it']} {brand} {row.model}"
    adjective = words[locale][kind.grammatical_gender[locale]]
    if locale == "ru" and audience != "unisex":  # Russian puts the adjective first: "Мужская футболка"
        return f"{adjective.capitalize()} {noun} {brand} {row.model}"
    return f"{noun[:1].upper()}{noun[1:]} {adjective} {brand} {row.model}"


def _audience(row: ProductRow) -> str | None:
    if KINDS[row.kind].family not in {"clothing", "footwear"}:
        return None
    if row.attributes.get("age_group") == "kids":
        return "kids"
    return str(row.attributes.get("gender", "unisex"))


def material(row: ProductRow, locale: str) -> str:
    return MATERIALS[row.material][LOCALE_INDEX[locale]] if row.material else ""


def care_instructions(row: ProductRow, locale: str) -> str:
    if not row.care:
        return ""
    items = CARE_INSTRUCTIONS[row.care][LOCALE_INDEX[locale]]
    return "<ul>" + "".join(f"<li>{escape(item)}</li>" for item in items) + "</ul>"


def _axis_lists(row: ProductRow, locale: str) -> list[tuple[str, str]]:
    family = KINDS[row.kind].family
    colours = ", ".join(option_label(ATTRIBUTES_BY_CODE["color"], colour, locale) for colour in row.colours)
    lines = [(attribute_label("color", locale), colours if locale == "en" else colours.lower())]
    if family in SECOND_AXIS and row.sizes:
        code = SECOND_AXIS[family]
        lines.append((attribute_label(code, locale), ", ".join(
            value_text(code, second_axis_value(family, size), locale) for size in row.sizes)))
    return lines


def _specs(row: ProductRow, locale: str) -> list[tuple[str, str]]:
    family = KINDS[row.kind].family
    specs = []
    for code in FAMILY_ATTRIBUTE_CODES[family]:
        if code == "material" and row.material:
            specs.append((attribute_label(code, locale), material(row, locale)))
        elif code in row.attributes and ATTRIBUTES_BY_CODE[code].type not in {Attribute.Type.URL,
                                                                               Attribute.Type.RICH_TEXT}:
            specs.append((attribute_label(code, locale), value_text(code, row.attributes[code], locale)))
    return specs + _axis_lists(row, locale)


def description(row: ProductRow, locale: str, position: int) -> str:
    kind = KINDS[row.kind]
    details = FAMILY_DETAILS[kind.family]
    detail = details[position % len(details)][LOCALE_INDEX[locale]]
    items = "".join(f"<li><strong>{escape(label)}:</strong> {escape(value)}</li>"
                    for label, value in _specs(row, locale))
    return (f"<p>{escape(kind.pitch[locale])}</p>\n<p>{escape(detail)}</p>\n"
            f"<h4>{SPEC_HEADINGS[locale]}</h4>\n<ul>{items}</ul>")


def short_description(row: ProductRow, locale: str) -> str:
    if row.material:
        headline = material(row, locale)
    else:
        codes = [code for code in HEADLINE_ATTRIBUTES if code in row.attributes][:2]
        headline = "; ".join(f"{attribute_label(code, locale)}: {value_text(code, row.attributes[code], locale)}"
                             for code in codes)
    axes = "; ".join(f"{label}: {value}" for label, value in _axis_lists(row, locale))
    return f"{title(row, locale)} \N{EN DASH} {headline}. {axes}."


def slug(row: ProductRow, locale: str) -> str:
    return slugify(title(row, locale), allow_unicode=True)[:200]
