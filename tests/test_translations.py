"""The admin runs in pl, it and ru: the project's catalogs must be complete, current and compiled."""

import ast
import gettext as gettext_module
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import django
import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, templatize

from catalog.models import Locale, PriceList, Product, StockLevel, Variant

TRANSLATED_LANGUAGES = ("pl", "it", "ru")
LOCALE_DIR = Path(settings.LOCALE_PATHS[0])
PO_FILES = sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po"))
# Same keywords as `manage.py makemessages` passes to xgettext for Python sources (and templatized templates).
XGETTEXT_KEYWORDS = [
    "gettext_noop", "gettext_lazy", "ngettext_lazy:1,2", "pgettext:1c,2", "npgettext:1c,2,3", "pgettext_lazy:1c,2",
    "npgettext_lazy:1c,2,3",
]
# Mirrors the `--ignore=.venv --ignore=var --ignore=tests` used to build the catalogs.
SOURCE_DIRECTORIES_SKIPPED = {".venv", "var", "tests", "locale", "node_modules", "__pycache__"}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]")


@dataclass
class PoEntry:
    msgid: str
    context: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)


def po_entries(path: Path) -> list[PoEntry]:
    """Parse a .po file with the standard library only (obsolete `#~` entries are skipped)."""
    entries: list[PoEntry] = []
    entry, target = None, None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = line.strip()
        if not line or line.startswith("#~"):
            if entry is not None:
                entries.append(entry)
            entry, target = None, None
            continue
        if entry is None:
            entry = PoEntry(msgid="")
        if line.startswith("#,"):
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            _append(entry, target, ast.literal_eval(line))
        else:
            keyword, quoted = line.split(" ", 1)
            target = keyword
            _append(entry, target, ast.literal_eval(quoted), start=True)
    return entries


def _append(entry: PoEntry, target: str, text: str, start: bool = False) -> None:
    if target == "msgid":
        entry.msgid = text if start else entry.msgid + text
    elif target == "msgctxt":
        entry.context = text if start else entry.context + text
    elif target == "msgid_plural":
        entry.msgid_plural = text if start else entry.msgid_plural + text
    else:
        index = int(target[len("msgstr["):-1]) if target.startswith("msgstr[") else 0
        entry.msgstr[index] = text if start else entry.msgstr[index] + text


def nplurals(entries: list[PoEntry]) -> int:
    header = next(entry for entry in entries if entry.msgid == "" and entry.context is None).msgstr[0]
    return int(re.search(r"nplurals\s*=\s*(\d+)", header).group(1))


def po_id(path: Path) -> str:
    return str(path.relative_to(LOCALE_DIR))


def test_every_translated_language_has_a_catalog():
    languages = {path.parts[-3] for path in PO_FILES}
    assert set(TRANSLATED_LANGUAGES) <= languages


@pytest.mark.parametrize(
    ("language", "products", "active", "variant", "price_list", "stock_level"),
    [
        ("pl", "produkty", "Aktywny", "wariant", "cennik", "stan magazynowy"),
        ("it", "prodotti", "Attivo", "variante", "listino prezzi", "giacenza"),
        ("ru", "товары", "Активный", "вариант", "прайс-лист", "остаток"),
    ],
)
def test_model_names_and_choices_are_translated(language, products, active, variant, price_list, stock_level):
    with translation.override(language):
        assert str(Product._meta.verbose_name_plural) == products
        assert str(Product.Status.ACTIVE.label) == active
        assert str(Variant._meta.verbose_name) == variant
        assert str(PriceList._meta.verbose_name) == price_list
        assert str(StockLevel._meta.verbose_name) == stock_level
    with translation.override("en"):
        assert str(Product._meta.verbose_name_plural) == "products"
        assert str(Product.Status.ACTIVE.label) == "Active"


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_validation_messages_are_translated_and_keep_their_placeholders(language):
    english = "%(value)s is not a configured locale."
    with translation.override(language):
        message = gettext(english)
        help_text = str(Locale._meta.get_field("code").help_text)
    assert message != english
    assert "xx-YY" in message % {"value": "xx-YY"}
    assert help_text != "Use a BCP 47 language tag such as en, pl or pt-BR."


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_django_own_admin_strings_still_translate_beside_ours(language):
    with translation.override(language):
        assert gettext("Save") != "Save"
        assert gettext("Catalog") != "Catalog"


@pytest.mark.parametrize("path", PO_FILES, ids=po_id)
def test_po_file_has_no_untranslated_or_fuzzy_entries(path):
    entries = po_entries(path)
    messages = [entry for entry in entries if entry.msgid]
    forms = nplurals(entries)
    assert messages, f"{path} has no messages"
    fuzzy = [entry.msgid for entry in messages if "fuzzy" in entry.flags]
    untranslated = [entry.msgid for entry in messages if not all(entry.msgstr.values())]
    wrong_form_count = [entry.msgid for entry in messages if entry.msgid_plural and len(entry.msgstr) != forms]
    assert not fuzzy, f"fuzzy in {path}: {fuzzy}"
    assert not untranslated, f"untranslated in {path}: {untranslated}"
    assert not wrong_form_count, f"plural entries without {forms} forms in {path}: {wrong_form_count}"


@pytest.mark.parametrize("path", PO_FILES, ids=po_id)
def test_translations_keep_the_placeholders_of_their_msgid(path):
    broken = []
    for entry in po_entries(path):
        if not entry.msgid:
            continue
        expected = set(PLACEHOLDER.findall(entry.msgid)) | set(PLACEHOLDER.findall(entry.msgid_plural or ""))
        for text in entry.msgstr.values():
            # A singular form may drop the count (e.g. Polish "jeden"), never add an unknown name.
            found = set(PLACEHOLDER.findall(text))
            if not found <= expected or (not entry.msgid_plural and found != expected):
                broken.append((entry.msgid, text))
    assert not broken, f"placeholders differ in {path}: {broken}"


@pytest.mark.parametrize("path", PO_FILES, ids=po_id)
def test_plural_forms_match_django_own_catalog(path):
    """Same plural rule as Django's catalog for the language, so one merged catalog serves both."""
    language = path.parts[-3]
    django_po = Path(django.__file__).parent / "conf" / "locale" / language / "LC_MESSAGES" / "django.po"
    if not django_po.exists():
        pytest.skip(f"Django ships no catalog for {language}")
    assert nplurals(po_entries(path)) == nplurals(po_entries(django_po))


@pytest.mark.parametrize("path", PO_FILES, ids=po_id)
def test_compiled_catalog_says_what_its_source_says(path):
    """Compared by content, not mtime: a fresh clone gives both files arbitrary timestamps."""
    compiled = path.with_suffix(".mo")
    assert compiled.exists(), f"{compiled} is missing: run `manage.py compilemessages --ignore=.venv`"
    with compiled.open("rb") as handle:
        catalog = gettext_module.GNUTranslations(handle)
    stale = []
    for entry in po_entries(path):
        if not entry.msgid or "fuzzy" in entry.flags:
            continue
        if entry.msgid_plural:
            actual = catalog.npgettext(entry.context, entry.msgid, entry.msgid_plural, 1) if entry.context \
                else catalog.ngettext(entry.msgid, entry.msgid_plural, 1)
            expected = entry.msgstr[catalog.plural(1)]
        else:
            actual = catalog.pgettext(entry.context, entry.msgid) if entry.context else catalog.gettext(entry.msgid)
            expected = entry.msgstr[0]
        if actual != expected:
            stale.append(entry.msgid)
    assert not stale, f"{compiled} is out of date for {stale[:5]}: run `manage.py compilemessages --ignore=.venv`"


@pytest.mark.parametrize("path", PO_FILES, ids=po_id)
def test_msgfmt_accepts_the_catalog_and_counts_no_untranslated(path):
    if shutil.which("msgfmt") is None:
        pytest.skip("GNU gettext's msgfmt is not installed")
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", os.devnull, str(path)], capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr


def marked_source_strings(workspace: Path) -> set[tuple[str | None, str]]:
    """Every (context, msgid) marked in the project's code and templates, extracted like makemessages does."""
    sources = []
    for directory, subdirectories, files in os.walk(settings.BASE_DIR):
        subdirectories[:] = [name for name in subdirectories
                             if name not in SOURCE_DIRECTORIES_SKIPPED and not name.startswith(".")]
        for name in files:
            path = Path(directory) / name
            if path.suffix == ".py":
                sources.append(path)
            elif path.suffix in {".html", ".txt"}:
                templatized = workspace / f"{len(sources)}_{name}.py"
                templatized.write_text(templatize(path.read_text(encoding="utf-8"), origin=str(path)),
                                       encoding="utf-8")
                sources.append(templatized)
    output = workspace / "project.pot"
    subprocess.run(
        ["xgettext", "--language=Python", "--from-code=UTF-8", "-o", str(output),
         *[f"--keyword={keyword}" for keyword in XGETTEXT_KEYWORDS], *[str(source) for source in sources]],
        check=True, capture_output=True,
    )
    if not output.exists():  # xgettext writes nothing when no string is marked
        return set()
    return {(entry.context, entry.msgid) for entry in po_entries(output) if entry.msgid}


def test_catalogs_contain_every_string_marked_in_the_code(tmp_path):
    if shutil.which("xgettext") is None:
        pytest.skip("GNU gettext's xgettext is not installed")
    marked = marked_source_strings(tmp_path)
    assert (None, "products") in marked  # the extraction itself works
    for language in TRANSLATED_LANGUAGES:
        path = LOCALE_DIR / language / "LC_MESSAGES" / "django.po"
        in_catalog = {(entry.context, entry.msgid) for entry in po_entries(path)}
        missing = sorted(marked - in_catalog, key=str)
        assert not missing, (
            f"{len(missing)} marked strings are not in {path}; run makemessages and translate them: {missing[:10]}"
        )
