# ruff: noqa: RUF001  (Polish, Italian and Russian text: Cyrillic letters and dashes are meant)
"""Reference data of the demo catalog, as tables: attributes with their options, families, brands, categories,
price lists and locations. Names are English; ``labels`` hold Polish, Italian and Russian."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from catalog.models import Attribute, FamilyAttribute, Location

LOCALE_CODES = ("en", "pl", "it", "ru")


def labels(pl: str, it: str, ru: str) -> dict[str, str]:
    return {"pl": pl, "it": it, "ru": ru}


@dataclass(frozen=True)
class OptionRow:
    code: str
    name: str
    labels: dict[str, str]


@dataclass(frozen=True)
class AttributeRow:
    code: str
    type: str
    name: str
    labels: dict[str, str]
    localizable: bool = False
    units: str = ""
    min_value: Decimal | None = None
    max_value: Decimal | None = None
    max_length: int | None = None
    options: tuple[OptionRow, ...] = ()


# Colour swatches used by the image drawings; keys are the colour option codes.
COLOUR_HEX = {
    "black": "#24252a", "white": "#f7f7f2", "navy": "#1f2d5a", "blue": "#2f6fd6", "red": "#c8302c",
    "green": "#3d7a3f", "olive": "#6f6d33", "grey": "#8a8d91", "beige": "#d8c3a0", "yellow": "#e8b923",
    "pink": "#e48fb0", "burgundy": "#6d1a2c", "silver": "#b9bec4", "brown": "#6b4428",
}

COLOUR_OPTIONS = (
    OptionRow("black", "Black", labels("Czarny", "Nero", "Чёрный")),
    OptionRow("white", "White", labels("Biały", "Bianco", "Белый")),
    OptionRow("navy", "Navy", labels("Granatowy", "Blu navy", "Тёмно-синий")),
    OptionRow("blue", "Blue", labels("Niebieski", "Blu", "Синий")),
    OptionRow("red", "Red", labels("Czerwony", "Rosso", "Красный")),
    OptionRow("green", "Green", labels("Zielony", "Verde", "Зелёный")),
    OptionRow("olive", "Olive", labels("Oliwkowy", "Verde oliva", "Оливковый")),
    OptionRow("grey", "Grey", labels("Szary", "Grigio", "Серый")),
    OptionRow("beige", "Beige", labels("Beżowy", "Beige", "Бежевый")),
    OptionRow("yellow", "Yellow", labels("Żółty", "Giallo", "Жёлтый")),
    OptionRow("pink", "Pink", labels("Różowy", "Rosa", "Розовый")),
    OptionRow("burgundy", "Burgundy", labels("Bordowy", "Bordeaux", "Бордовый")),
    OptionRow("silver", "Silver", labels("Srebrny", "Argento", "Серебристый")),
    OptionRow("brown", "Brown", labels("Brązowy", "Marrone", "Коричневый")),
)
SIZE_OPTIONS = tuple(OptionRow(code, code.upper(), labels(code.upper(), code.upper(), code.upper()))
                     for code in ("xs", "s", "m", "l", "xl", "xxl"))
SHOE_SIZE_OPTIONS = tuple(OptionRow(f"eu_{size}", str(size), labels(str(size), str(size), str(size)))
                          for size in range(36, 47))

Type = Attribute.Type
ATTRIBUTES = (
    AttributeRow("color", Type.SINGLE_SELECT, "Colour", labels("Kolor", "Colore", "Цвет"), options=COLOUR_OPTIONS),
    AttributeRow("size", Type.SINGLE_SELECT, "Size", labels("Rozmiar", "Taglia", "Размер"), options=SIZE_OPTIONS),
    AttributeRow("shoe_size_eu", Type.SINGLE_SELECT, "EU shoe size",
                 labels("Rozmiar buta (EU)", "Numero di scarpa (EU)", "Размер обуви (EU)"), options=SHOE_SIZE_OPTIONS),
    AttributeRow("gender", Type.SINGLE_SELECT, "Gender", labels("Płeć", "Genere", "Пол"), options=(
        OptionRow("male", "Men", labels("Mężczyźni", "Uomo", "Мужской")),
        OptionRow("female", "Women", labels("Kobiety", "Donna", "Женский")),
        OptionRow("unisex", "Unisex", labels("Unisex", "Unisex", "Унисекс")),
    )),
    AttributeRow("age_group", Type.SINGLE_SELECT, "Age group", labels("Grupa wiekowa", "Fascia d'età",
                                                                       "Возрастная группа"), options=(
        OptionRow("adult", "Adults", labels("Dorośli", "Adulti", "Взрослые")),
        OptionRow("kids", "Kids", labels("Dzieci", "Bambini", "Дети")),
    )),
    AttributeRow("material", Type.TEXT, "Material", labels("Materiał", "Materiale", "Материал"), localizable=True,
                 max_length=200),
    AttributeRow("fit", Type.SINGLE_SELECT, "Fit", labels("Krój", "Vestibilità", "Посадка"), options=(
        OptionRow("slim", "Slim", labels("Dopasowany", "Aderente", "Приталенная")),
        OptionRow("regular", "Regular", labels("Regularny", "Regolare", "Прямая")),
        OptionRow("relaxed", "Relaxed", labels("Luźny", "Comoda", "Свободная")),
    )),
    AttributeRow("season", Type.MULTI_SELECT, "Season", labels("Sezon", "Stagione", "Сезон"), options=(
        OptionRow("spring", "Spring", labels("Wiosna", "Primavera", "Весна")),
        OptionRow("summer", "Summer", labels("Lato", "Estate", "Лето")),
        OptionRow("autumn", "Autumn", labels("Jesień", "Autunno", "Осень")),
        OptionRow("winter", "Winter", labels("Zima", "Inverno", "Зима")),
    )),
    AttributeRow("care_instructions", Type.RICH_TEXT, "Care instructions",
                 labels("Pielęgnacja", "Istruzioni per la cura", "Уход"), localizable=True, max_length=2000),
    AttributeRow("waterproof", Type.BOOLEAN, "Waterproof", labels("Wodoodporność", "Impermeabile",
                                                                  "Водонепроницаемость")),
    AttributeRow("heel_height", Type.MEASUREMENT, "Heel height",
                 labels("Wysokość obcasa", "Altezza del tacco", "Высота каблука"), units="cm,mm",
                 min_value=Decimal("0"), max_value=Decimal("200")),
    AttributeRow("net_weight", Type.MEASUREMENT, "Net weight", labels("Waga netto", "Peso netto", "Вес нетто"),
                 units="kg,g", min_value=Decimal("0"), max_value=Decimal("100000")),
    AttributeRow("battery_capacity", Type.MEASUREMENT, "Battery capacity",
                 labels("Pojemność baterii", "Capacità della batteria", "Ёмкость аккумулятора"), units="mAh",
                 min_value=Decimal("0"), max_value=Decimal("100000")),
    AttributeRow("battery_life", Type.MEASUREMENT, "Battery life",
                 labels("Czas pracy na baterii", "Autonomia", "Время работы от батареи"), units="h",
                 min_value=Decimal("0"), max_value=Decimal("1000")),
    AttributeRow("power", Type.MEASUREMENT, "Power", labels("Moc", "Potenza", "Мощность"), units="W",
                 min_value=Decimal("0"), max_value=Decimal("5000")),
    AttributeRow("screen_size", Type.MEASUREMENT, "Screen size",
                 labels("Przekątna ekranu", "Dimensione dello schermo", "Диагональ экрана"), units="in,cm",
                 min_value=Decimal("1"), max_value=Decimal("120")),
    AttributeRow("storage", Type.MEASUREMENT, "Storage", labels("Pamięć wbudowana", "Memoria interna",
                                                                "Встроенная память"), units="GB,TB",
                 min_value=Decimal("1"), max_value=Decimal("4096")),
    AttributeRow("noise_cancelling", Type.BOOLEAN, "Active noise cancelling",
                 labels("Aktywna redukcja szumów", "Cancellazione attiva del rumore", "Активное шумоподавление")),
    AttributeRow("connectivity", Type.MULTI_SELECT, "Connectivity", labels("Łączność", "Connettività", "Подключение"),
                 options=(
                     OptionRow("bluetooth", "Bluetooth", labels("Bluetooth", "Bluetooth", "Bluetooth")),
                     OptionRow("usb_c", "USB-C", labels("USB-C", "USB-C", "USB-C")),
                     OptionRow("jack_35", "3.5 mm jack", labels("Złącze 3,5 mm", "Jack da 3,5 mm", "Разъём 3,5 мм")),
                     OptionRow("wifi", "Wi-Fi", labels("Wi-Fi", "Wi-Fi", "Wi-Fi")),
                 )),
    AttributeRow("warranty_months", Type.NUMBER, "Warranty (months)",
                 labels("Gwarancja (miesiące)", "Garanzia (mesi)", "Гарантия (мес.)"),
                 min_value=Decimal("0"), max_value=Decimal("120")),
    AttributeRow("release_date", Type.DATE, "Release date", labels("Data premiery", "Data di uscita", "Дата выхода")),
    AttributeRow("manual_url", Type.URL, "User manual", labels("Instrukcja obsługi", "Manuale d'uso",
                                                               "Руководство пользователя"), max_length=500),
    AttributeRow("capacity", Type.MEASUREMENT, "Capacity", labels("Pojemność", "Capacità", "Объём"), units="ml,l",
                 min_value=Decimal("0"), max_value=Decimal("50000")),
    AttributeRow("dishwasher_safe", Type.BOOLEAN, "Dishwasher safe",
                 labels("Można myć w zmywarce", "Lavabile in lavastoviglie", "Можно мыть в посудомоечной машине")),
    AttributeRow("induction_ready", Type.BOOLEAN, "Induction ready",
                 labels("Na indukcję", "Adatto all'induzione", "Для индукционных плит")),
)
ATTRIBUTES_BY_CODE = {row.code: row for row in ATTRIBUTES}


@dataclass(frozen=True)
class FamilyRow:
    code: str
    name: str
    labels: dict[str, str]
    # (attribute code, level, required)
    attributes: tuple[tuple[str, str, bool], ...]


AXIS, PRODUCT = FamilyAttribute.Level.AXIS, FamilyAttribute.Level.PRODUCT
FAMILIES = (
    FamilyRow("clothing", "Clothing", labels("Odzież", "Abbigliamento", "Одежда"), (
        ("color", AXIS, True), ("size", AXIS, True), ("gender", PRODUCT, True), ("age_group", PRODUCT, True),
        ("material", PRODUCT, True), ("fit", PRODUCT, False), ("season", PRODUCT, False),
        ("care_instructions", PRODUCT, False),
    )),
    FamilyRow("footwear", "Footwear", labels("Obuwie", "Calzature", "Обувь"), (
        ("color", AXIS, True), ("shoe_size_eu", AXIS, True), ("gender", PRODUCT, True), ("age_group", PRODUCT, True),
        ("material", PRODUCT, True), ("waterproof", PRODUCT, False), ("heel_height", PRODUCT, False),
    )),
    FamilyRow("audio", "Audio", labels("Sprzęt audio", "Audio", "Аудиотехника"), (
        ("color", AXIS, True), ("net_weight", PRODUCT, True), ("warranty_months", PRODUCT, True),
        ("connectivity", PRODUCT, False), ("noise_cancelling", PRODUCT, False), ("battery_capacity", PRODUCT, False),
        ("battery_life", PRODUCT, False), ("power", PRODUCT, False), ("waterproof", PRODUCT, False),
        ("release_date", PRODUCT, False), ("manual_url", PRODUCT, False),
    )),
    FamilyRow("tablets", "Tablets & e-readers", labels("Tablety i czytniki", "Tablet ed e-reader",
                                                       "Планшеты и электронные книги"), (
        ("color", AXIS, True), ("storage", AXIS, True), ("screen_size", PRODUCT, True), ("net_weight", PRODUCT, True),
        ("warranty_months", PRODUCT, True), ("battery_capacity", PRODUCT, False), ("connectivity", PRODUCT, False),
        ("release_date", PRODUCT, False), ("manual_url", PRODUCT, False),
    )),
    FamilyRow("kitchenware", "Kitchenware", labels("Akcesoria kuchenne", "Articoli per la cucina",
                                                   "Товары для кухни"), (
        ("color", AXIS, True), ("material", PRODUCT, True), ("capacity", PRODUCT, False),
        ("dishwasher_safe", PRODUCT, False), ("induction_ready", PRODUCT, False), ("power", PRODUCT, False),
        ("net_weight", PRODUCT, False),
    )),
)

# The family of `manage.py generate_catalog`: apparel-like, so generated items look like the demo's clothing.
SYNTHETIC_FAMILY = FamilyRow("synthetic_apparel", "Synthetic apparel", labels(
    "Odzież (dane syntetyczne)", "Abbigliamento (dati sintetici)", "Одежда (синтетические данные)"), (
    ("color", AXIS, True), ("size", AXIS, True), ("gender", PRODUCT, True), ("age_group", PRODUCT, True),
    ("material", PRODUCT, True), ("season", PRODUCT, False),
))


@dataclass(frozen=True)
class BrandRow:
    code: str
    name: str
    short: str  # prefix of product codes and MPNs
    website: str
    # GS1 company prefix (7 digits) of the invented maker: 590 Poland, 800-839 Italy, 460-469 Russia, 00-13 USA.
    company_prefix: str
    accent: str  # a detail colour in the product drawings


BRANDS = (
    BrandRow("kestrel_pine", "Kestrel & Pine", "KP", "https://kestrelpine.example", "5903321", "#c9a227"),
    BrandRow("vellano", "Vellano", "VEL", "https://vellano.example", "8012745", "#8c1c13"),
    BrandRow("severa", "Severa", "SEV", "https://severa.example", "4607183", "#2a9d8f"),
    BrandRow("fieldmark", "Fieldmark", "FM", "https://fieldmark.example", "0043128", "#e76f51"),
    BrandRow("trailhoek", "Trailhoek", "TH", "https://trailhoek.example", "5905560", "#f4a261"),
    BrandRow("strada_calzature", "Strada Calzature", "SC", "https://stradacalzature.example", "8015092", "#264653"),
    BrandRow("northstep", "Northstep", "NS", "https://northstep.example", "4602218", "#e63946"),
    BrandRow("voltaris", "Voltaris", "VOL", "https://voltaris.example", "5907741", "#00b4d8"),
    BrandRow("sonique", "Sonique", "SON", "https://sonique.example", "8019334", "#ffb703"),
    BrandRow("arkton", "Arkton", "ARK", "https://arkton.example", "4605527", "#8ecae6"),
    BrandRow("lumio", "Lumio", "LUM", "https://lumio.example", "0081406", "#90be6d"),
    BrandRow("glinka", "Glinka", "GL", "https://glinka.example", "5902089", "#b5838d"),
    BrandRow("casa_fiorella", "Casa Fiorella", "CF", "https://casafiorella.example", "8004471", "#6a994e"),
    BrandRow("samovar_co", "Samovar & Co", "SAM", "https://samovar.example", "4603390", "#bc6c25"),
    BrandRow("harbor_kitchen", "Harbor Kitchen", "HK", "https://harborkitchen.example", "0074520", "#457b9d"),
)
BRANDS_BY_CODE = {row.code: row for row in BRANDS}


@dataclass(frozen=True)
class CategoryRow:
    code: str
    name: str
    labels: dict[str, str]
    google_product_category: int | None
    children: tuple["CategoryRow", ...] = field(default=())


def _category(code: str, name: str, names: tuple[str, str, str], google_id: int | None,
              *children: CategoryRow) -> CategoryRow:
    return CategoryRow(code, name, labels(*names), google_id, children)


# Google product category ids from Google's taxonomy (taxonomy-with-ids.en-US.txt).
CATEGORY_TREE = (
    _category("apparel", "Apparel & Accessories", ("Odzież i dodatki", "Abbigliamento e accessori",
                                                    "Одежда и аксессуары"), 166,
              _category("clothing", "Clothing", ("Odzież", "Abbigliamento", "Одежда"), 1604,
                        _category("shirts_tops", "Shirts & Tops", ("Koszulki i koszule", "Magliette e camicie",
                                                                   "Футболки и рубашки"), 212),
                        _category("sweatshirts_knitwear", "Sweatshirts & Knitwear", (
                            "Bluzy i swetry", "Felpe e maglieria", "Толстовки и свитеры"), 212),
                        _category("trousers", "Trousers", ("Spodnie", "Pantaloni", "Брюки"), 204),
                        _category("coats_jackets", "Coats & Jackets", ("Kurtki i płaszcze", "Giacche e cappotti",
                                                                       "Куртки и пальто"), 5598)),
              _category("shoes", "Shoes", ("Obuwie", "Scarpe", "Обувь"), 187,
                        _category("sneakers", "Sneakers", ("Sneakersy", "Sneaker", "Кроссовки"), 187),
                        _category("boots", "Boots", ("Botki i trzewiki", "Stivaletti", "Ботинки"), 187),
                        _category("loafers", "Loafers", ("Mokasyny", "Mocassini", "Лоферы"), 187))),
    _category("electronics", "Electronics", ("Elektronika", "Elettronica", "Электроника"), 222,
              _category("audio", "Audio", ("Audio", "Audio", "Аудиотехника"), 223,
                        _category("headphones", "Headphones", ("Słuchawki", "Cuffie", "Наушники"), 543626),
                        _category("speakers", "Speakers", ("Głośniki", "Altoparlanti", "Колонки"), 249)),
              _category("computers", "Computers", ("Komputery", "Computer", "Компьютеры"), 278,
                        _category("tablets", "Tablets & e-readers", ("Tablety i czytniki", "Tablet ed e-reader",
                                                                     "Планшеты и электронные книги"), 4745))),
    _category("home_garden", "Home & Garden", ("Dom i ogród", "Casa e giardino", "Дом и сад"), 536,
              _category("kitchen_dining", "Kitchen & Dining", ("Kuchnia i jadalnia", "Cucina e sala da pranzo",
                                                               "Кухня и столовая"), 638,
                        _category("drinkware", "Drinkware", ("Kubki i butelki", "Tazze e borracce",
                                                             "Кружки и бутылки"), 674),
                        _category("cookware", "Cookware", ("Garnki i patelnie", "Pentole e padelle",
                                                           "Кастрюли и сковороды"), 6070),
                        _category("kitchen_appliances", "Kitchen Appliances", (
                            "Małe AGD kuchenne", "Elettrodomestici da cucina", "Кухонная техника"), 730))),
)


@dataclass(frozen=True)
class PriceListRow:
    code: str
    name: str
    currency: str
    # Demo prices are written in PLN; other lists convert at a rounded rate and end in .99 (.00 for RUB).
    rate_from_pln: Decimal


PRICE_LISTS = (
    PriceListRow("retail_pl", "Retail Poland", "PLN", Decimal("1")),
    PriceListRow("retail_eu", "Retail Eurozone", "EUR", Decimal("0.235")),
    PriceListRow("retail_ru", "Retail Russia", "RUB", Decimal("21.5")),
    PriceListRow("retail_us", "Retail United States", "USD", Decimal("0.255")),
)
PROMOTION_PRICE_LIST = "retail_pl"


def price_from_pln(base_pln: Decimal, price_list: PriceListRow) -> Decimal:
    """A shelf price converted from PLN: 79 PLN -> 78.99 PLN, 18.99 EUR, 19.99 USD, 1699 RUB."""
    if price_list.currency == "RUB":  # whole roubles ending in 9
        return (base_pln * price_list.rate_from_pln / 10).quantize(Decimal("1"), ROUND_HALF_UP) * 10 - 1
    converted = (base_pln * price_list.rate_from_pln).quantize(Decimal("1"), ROUND_HALF_UP)
    return max(converted, Decimal("1")) - Decimal("0.01")


@dataclass(frozen=True)
class LocationRow:
    code: str
    name: str
    kind: str
    country: str
    address: str


LOCATIONS = (
    LocationRow("warehouse_lodz", "Central warehouse Łódź", Location.Kind.WAREHOUSE, "PL",
                "ul. Magazynowa 12, 92-402 Łódź"),
    LocationRow("store_warsaw", "Store Warsaw Mokotów", Location.Kind.STORE, "PL",
                "ul. Puławska 145, 02-715 Warszawa"),
)
