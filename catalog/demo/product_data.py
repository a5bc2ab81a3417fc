"""The demo products, one row each. Append new rows at the end: a row's position numbers its GTINs and MPNs.

Deliberately incomplete rows (so readiness has something to show) say so in ``note``.
"""

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class ProductRow:
    kind: str  # a key of vocabulary.KINDS
    brand: str  # a BrandRow code
    model: str
    colours: tuple[str, ...]
    # Second axis: size codes (clothing), EU sizes (footwear), storage in GB (tablets); empty for colour-only families.
    sizes: tuple[str | int, ...]
    price: Decimal  # PLN, before conversion to the other price lists
    attributes: dict[str, object] = field(default_factory=dict)  # non-localizable product values
    material: str = ""  # a key of vocabulary.MATERIALS (the localizable "material" value)
    care: str = ""  # a key of vocabulary.CARE_INSTRUCTIONS
    status: str = "active"
    missing_locales: tuple[str, ...] = ()
    has_images: bool = True
    on_sale: bool = False  # in the running promotion of the promotion price list
    # (variant index, "preorder" or "backorder", days from now until available)
    availability: tuple[int, str, int] | None = None
    note: str = ""


def _wear(gender: str, fit: str = "", seasons: tuple[str, ...] = (), age: str = "adult") -> dict[str, object]:
    values: dict[str, object] = {"gender": gender, "age_group": age}
    if fit:
        values["fit"] = fit
    if seasons:
        values["season"] = list(seasons)
    return values


def _shoe(gender: str, waterproof: bool = False, heel_cm: float | None = None) -> dict[str, object]:
    values: dict[str, object] = {"gender": gender, "age_group": "adult", "waterproof": waterproof}
    if heel_cm is not None:
        values["heel_height"] = {"amount": heel_cm, "unit": "cm"}
    return values


def _device(weight_kg: float, warranty: int, *, connectivity: tuple[str, ...] = ("bluetooth", "usb_c"),
            **values: object) -> dict[str, object]:
    result: dict[str, object] = {"net_weight": {"amount": weight_kg, "unit": "kg"}, "warranty_months": warranty,
                                 "connectivity": list(connectivity)}
    units = {"battery_capacity": "mAh", "battery_life": "h", "power": "W", "screen_size": "in"}
    for code, value in values.items():
        result[code] = {"amount": value, "unit": units[code]} if code in units else value
    return result


def _kitchen(*, capacity_ml: int | None = None, power_w: int | None = None, weight_kg: float | None = None,
             **flags: bool) -> dict[str, object]:
    result: dict[str, object] = dict(flags)
    if capacity_ml is not None:
        result["capacity"] = {"amount": capacity_ml, "unit": "ml"}
    if power_w is not None:
        result["power"] = {"amount": power_w, "unit": "W"}
    if weight_kg is not None:
        result["net_weight"] = {"amount": weight_kg, "unit": "kg"}
    return result


D = Decimal
PRODUCTS = (
    # -- clothing ---------------------------------------------------------------------------------------------------
    ProductRow("tshirt", "kestrel_pine", "Baltic", ("white", "navy"), ("s", "m", "l"), D("79"),
               _wear("male", "regular", ("spring", "summer")), "organic_cotton", "gentle", on_sale=True),
    ProductRow("tshirt", "kestrel_pine", "Mierzeja", ("white", "pink"), ("xs", "s", "m"), D("79"),
               _wear("female", "slim", ("spring", "summer")), "organic_cotton", "gentle", on_sale=True),
    ProductRow("tshirt", "fieldmark", "Trailhead", ("olive", "grey"), ("s", "m", "l", "xl"), D("99"),
               _wear("unisex", "relaxed", ("spring", "summer", "autumn")), "recycled_polyester", "gentle"),
    ProductRow("tshirt", "severa", "Polaris", ("yellow", "blue"), ("xs", "s"), D("59"),
               _wear("unisex", "regular", ("summer",), age="kids"), "organic_cotton", "gentle"),
    ProductRow("shirt", "vellano", "Portofino", ("white", "blue"), ("m", "l", "xl"), D("249"),
               _wear("male", "slim", ("spring", "summer")), "linen", "gentle"),
    ProductRow("shirt", "vellano", "Amalfi", ("white", "beige"), ("xs", "s", "m"), D("239"),
               _wear("female", "regular", ("summer",)), "linen", "gentle"),
    ProductRow("shirt", "fieldmark", "Oxford Classic", ("blue",), ("s", "m", "l", "xl"), D("189"),
               _wear("male", "regular"), "organic_cotton", "gentle"),
    ProductRow("hoodie", "kestrel_pine", "Tatry", ("grey", "navy"), ("s", "m", "l"), D("219"),
               _wear("unisex", "relaxed", ("autumn", "winter")), "fleece", "gentle", on_sale=True),
    ProductRow("hoodie", "severa", "Ladoga", ("pink", "beige"), ("xs", "s", "m"), D("229"),
               _wear("female", "relaxed", ("autumn", "winter")), "fleece", "gentle"),
    ProductRow("sweater", "vellano", "Dolomiti", ("navy", "burgundy"), ("m", "l", "xl"), D("399"),
               _wear("male", "regular", ("autumn", "winter")), "merino", "wool"),
    ProductRow("sweater", "severa", "Onega", ("beige",), ("s", "m", "l"), D("349"),
               _wear("female", "relaxed", ("winter",)), "merino", "wool"),
    ProductRow("jeans", "kestrel_pine", "Wisła", ("blue", "black"), ("m", "l", "xl"), D("259"),
               _wear("male", "slim"), "denim", "gentle", on_sale=True),
    ProductRow("jeans", "fieldmark", "Canyon", ("blue",), ("xs", "s", "m", "l"), D("229"),
               _wear("female", "regular"), "denim", "gentle"),
    ProductRow("chinos", "vellano", "Brera", ("beige", "navy"), ("m", "l"), D("299"),
               _wear("male", "slim", ("spring", "summer", "autumn")), "cotton_elastane", "gentle"),
    ProductRow("jacket", "fieldmark", "Ridge Shell", ("red", "olive"), ("s", "m", "l"), D("449"),
               _wear("unisex", "regular", ("spring", "autumn")), "recycled_polyester", "gentle"),
    ProductRow("parka", "severa", "Taiga", ("black", "olive"), ("s", "m"), D("899"),
               _wear("female", "relaxed", ("winter",)), "down", "gentle"),
    ProductRow("parka", "severa", "Tundra", ("black",), ("m", "l", "xl"), D("949"),
               {"age_group": "adult", "fit": "relaxed", "season": ["winter"]}, "down", "gentle", status="draft",
               note="draft without the required gender"),
    ProductRow("jacket", "kestrel_pine", "Hel", ("navy",), ("m", "l"), D("399"),
               _wear("male", "regular", ("spring", "autumn")), "recycled_polyester", "gentle", status="archived",
               note="archived: last season's model"),
    # -- footwear ---------------------------------------------------------------------------------------------------
    ProductRow("sneakers", "trailhoek", "Kampinos", ("white", "black"), (39, 41, 43), D("329"),
               _shoe("unisex"), "canvas", on_sale=True),
    ProductRow("sneakers", "northstep", "Neva", ("white", "pink"), (36, 37, 38), D("299"), _shoe("female"), "suede"),
    ProductRow("sneakers", "strada_calzature", "Duomo", ("white",), (41, 42, 43, 44), D("549"), _shoe("male"),
               "leather"),
    ProductRow("running_shoes", "trailhoek", "Bieszczady Trail", ("blue", "black"), (41, 42, 43), D("449"),
               _shoe("male", waterproof=True), "mesh"),
    ProductRow("running_shoes", "northstep", "Sprint", ("pink", "grey"), (37, 38, 39), D("399"), _shoe("female"),
               "mesh"),
    ProductRow("boots", "northstep", "Baikal", ("brown", "black"), (42, 43, 44), D("599"),
               _shoe("male", waterproof=True, heel_cm=3), "leather"),
    ProductRow("boots", "strada_calzature", "Cortina", ("brown",), (37, 38, 39), D("699"),
               _shoe("female", heel_cm=5), "suede", missing_locales=("ru",), note="no Russian translation"),
    ProductRow("loafers", "strada_calzature", "Navigli", ("brown", "burgundy"), (41, 42, 43), D("649"),
               _shoe("male", heel_cm=2), "leather"),
    ProductRow("loafers", "strada_calzature", "Giulia", ("black", "beige"), (37, 38), D("629"),
               _shoe("female", heel_cm=2.5), "leather"),
    ProductRow("sneakers", "trailhoek", "Mazury", ("green",), (40, 42, 44), D("279"), _shoe("unisex"), "canvas"),
    # -- audio ------------------------------------------------------------------------------------------------------
    ProductRow("headphones", "sonique", "Aria", ("black", "silver"), (), D("599"), _device(
        0.25, 24, connectivity=("bluetooth", "usb_c", "jack_35"), noise_cancelling=True, battery_capacity=800,
        battery_life=40, release_date="2025-03-12", manual_url="https://sonique.example/manuals/aria.pdf"),
        on_sale=True),
    ProductRow("headphones", "voltaris", "Echo 2", ("black", "white"), (), D("399"), _device(
        0.28, 24, noise_cancelling=True, battery_capacity=650, battery_life=30, release_date="2024-09-02")),
    ProductRow("headphones", "arkton", "Sever", ("black",), (), D("349"), _device(
        0.3, 12, connectivity=("bluetooth", "jack_35"), noise_cancelling=False, battery_life=25),
        has_images=False, note="no image"),
    ProductRow("earbuds", "lumio", "Pods Go", ("white", "black", "blue"), (), D("249"), _device(
        0.05, 12, battery_capacity=400, battery_life=24, waterproof=True)),
    ProductRow("earbuds", "sonique", "Nota", ("black", "beige"), (), D("449"), _device(
        0.055, 24, noise_cancelling=True, battery_capacity=500, battery_life=28, release_date="2025-05-20")),
    ProductRow("earbuds", "voltaris", "Iskra", ("white",), (), D("199"), _device(0.045, 24, battery_life=20)),
    ProductRow("speaker", "voltaris", "Fala", ("blue", "black", "red"), (), D("299"), _device(
        0.6, 24, power=20, waterproof=True, battery_capacity=4000, battery_life=12)),
    ProductRow("speaker", "arkton", "Volna Max", ("black", "green"), (), D("549"), _device(
        1.4, 12, power=40, waterproof=True, battery_capacity=10000, battery_life=18)),
    ProductRow("speaker", "lumio", "Cube", ("yellow", "grey"), (), D("179"), _device(
        0.35, 12, power=8, battery_capacity=2000, battery_life=10), missing_locales=("ru",),
        note="no Russian translation"),
    ProductRow("soundbar", "sonique", "Teatro", ("black",), (), D("1299"), _device(
        3.2, 24, connectivity=("bluetooth", "wifi"), power=120, manual_url="https://sonique.example/manuals/teatro.pdf")),
    ProductRow("soundbar", "lumio", "Beam", ("black", "white"), (), D("899"), _device(
        2.4, 24, connectivity=("bluetooth",), power=80)),
    # -- tablets and e-readers ---------------------------------------------------------------------------------------
    ProductRow("tablet", "voltaris", "Tab 11", ("grey", "silver"), (64, 128), D("1199"), _device(
        0.49, 24, connectivity=("bluetooth", "usb_c", "wifi"), screen_size=11, battery_capacity=7600,
        release_date="2025-02-14")),
    ProductRow("tablet", "lumio", "Slate 8", ("black",), (32, 64), D("649"), _device(
        0.33, 12, connectivity=("bluetooth", "usb_c", "wifi"), screen_size=8, battery_capacity=5100)),
    ProductRow("tablet", "arkton", "Vega Pro", ("grey",), (256, 512), D("2499"), _device(
        0.58, 24, connectivity=("bluetooth", "usb_c", "wifi"), screen_size=12.4, battery_capacity=10090),
        availability=(1, "preorder", 30), note="one variant on preorder"),
    ProductRow("ereader", "sonique", "Pagina", ("black",), (8, 16), D("549"), _device(
        0.19, 24, connectivity=("usb_c", "wifi"), screen_size=6, battery_capacity=1500)),
    ProductRow("ereader", "arkton", "Strannik", ("black", "white"), (16,), D("499"), _device(
        0.21, 12, connectivity=("usb_c", "wifi"), screen_size=7, battery_capacity=2000)),
    # -- kitchenware ------------------------------------------------------------------------------------------------
    ProductRow("mug", "glinka", "Kaszuby", ("blue", "green", "beige"), (), D("49"),
               _kitchen(capacity_ml=350, dishwasher_safe=True), "stoneware", on_sale=True),
    ProductRow("mug", "glinka", "Poranek", ("white", "yellow"), (), D("45"),
               _kitchen(capacity_ml=300, dishwasher_safe=True), "stoneware", has_images=False, note="no image"),
    ProductRow("mug", "casa_fiorella", "Siena", ("red", "white"), (), D("59"),
               _kitchen(capacity_ml=300, dishwasher_safe=True), "porcelain"),
    ProductRow("mug", "samovar_co", "Gzhel", ("blue", "white"), (), D("55"),
               _kitchen(capacity_ml=400, dishwasher_safe=False), "porcelain"),
    ProductRow("travel_mug", "harbor_kitchen", "Commuter", ("black", "silver", "red"), (), D("119"),
               _kitchen(capacity_ml=450, dishwasher_safe=False), "stainless_steel"),
    ProductRow("bottle", "harbor_kitchen", "Summit", ("green", "navy"), (), D("99"),
               _kitchen(capacity_ml=750, dishwasher_safe=True), "stainless_steel"),
    ProductRow("bottle", "casa_fiorella", "Fonte", ("pink", "blue"), (), D("89"),
               _kitchen(capacity_ml=600, dishwasher_safe=True), "glass"),
    ProductRow("frying_pan", "casa_fiorella", "Trattoria", ("black",), (), D("249"),
               _kitchen(induction_ready=True, dishwasher_safe=False, weight_kg=1.1), "aluminium"),
    ProductRow("frying_pan", "samovar_co", "Ural", ("black",), (), D("329"),
               _kitchen(induction_ready=True, dishwasher_safe=False, weight_kg=2.8), "cast_iron",
               missing_locales=("it",), note="no Italian translation"),
    ProductRow("saucepan", "samovar_co", "Izba", ("red", "green"), (), D("399"),
               _kitchen(capacity_ml=3000, induction_ready=True, weight_kg=3.9), "cast_iron"),
    ProductRow("saucepan", "harbor_kitchen", "Galley", ("silver",), (), D("219"),
               _kitchen(capacity_ml=2500, induction_ready=True, dishwasher_safe=True, weight_kg=1.3),
               "stainless_steel"),
    ProductRow("kettle", "glinka", "Klif", ("white", "black"), (), D("199"),
               _kitchen(capacity_ml=1700, power_w=2200, weight_kg=1.2), "stainless_steel",
               availability=(1, "backorder", 12), note="one variant on backorder"),
    ProductRow("kettle", "samovar_co", "Retro", ("beige", "red"), (), D("279"),
               _kitchen(capacity_ml=1500, power_w=2000, weight_kg=1.4), "stainless_steel"),
)
