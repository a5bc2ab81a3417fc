"""Product pictures for the demo catalog, drawn with Pillow: a simple silhouette in the product's colour on a light
background, with a detail in the brand's accent colour. No downloads, no fonts: the same input gives the same bytes."""

import io
from collections.abc import Callable

from PIL import Image, ImageColor, ImageDraw

SIZE = 800
BACKGROUNDS = ("#f4f2ee", "#eef2f4", "#f3eff4", "#f1f4ee")
RGB = tuple[int, int, int]


def _shade(colour: RGB, factor: float) -> RGB:
    return tuple(max(0, min(255, round(channel * factor))) for channel in colour)


def _outline(colour: RGB) -> RGB:
    # Light colours (white, beige) would vanish on the light background without a darker edge.
    return _shade(colour, 0.62) if sum(colour) > 200 else _shade(colour, 1.8) if sum(colour) < 120 else _shade(
        colour, 0.7)


class Canvas:
    def __init__(self, *, colour: str, accent: str, variation: int) -> None:
        self.image = Image.new("RGB", (SIZE, SIZE), BACKGROUNDS[variation % len(BACKGROUNDS)])
        self.draw = ImageDraw.Draw(self.image)
        self.fill: RGB = ImageColor.getrgb(colour)
        self.edge: RGB = _outline(self.fill)
        self.accent: RGB = ImageColor.getrgb(accent)
        self.variation = variation
        self.draw.ellipse((150, 690, 650, 740), fill="#dedbd5")  # floor shadow

    def polygon(self, points: list[tuple[int, int]], fill: RGB | None = None) -> None:
        self.draw.polygon(points, fill=fill or self.fill, outline=self.edge, width=6)

    def box(self, box: tuple[int, int, int, int], radius: int = 24, fill: RGB | str | None = None,
            width: int = 6) -> None:
        self.draw.rounded_rectangle(box, radius=radius, fill=fill or self.fill, outline=self.edge, width=width)

    def jpeg(self) -> bytes:
        buffer = io.BytesIO()
        # JPEG encodes and decodes several times faster than PNG, which keeps load_demo quick; full chroma
        # resolution (subsampling 0) keeps the flat colours' edges clean.
        self.image.save(buffer, format="JPEG", quality=90, subsampling=0)
        return buffer.getvalue()


def _top(canvas: Canvas, *, long_sleeves: bool) -> None:
    left_sleeve = [(200, 190), (95, 590), (175, 610), (245, 350)] if long_sleeves else [
        (200, 190), (90, 330), (165, 390), (238, 320)]
    right_sleeve = [(SIZE - x, y) for x, y in reversed(left_sleeve)]
    body = [(330, 150), *left_sleeve, (240, 680), (560, 680), *right_sleeve, (470, 150), (430, 190), (370, 190)]
    canvas.polygon(body)


def tshirt(canvas: Canvas) -> None:
    _top(canvas, long_sleeves=False)
    if canvas.variation % 3 == 1:
        canvas.draw.rectangle((243, 400, 557, 440), fill=canvas.accent)
    elif canvas.variation % 3 == 2:
        canvas.box((470, 260, 530, 330), radius=6, fill=canvas.accent, width=3)


def shirt(canvas: Canvas) -> None:
    _top(canvas, long_sleeves=True)
    canvas.polygon([(330, 150), (400, 230), (350, 250), (310, 175)], fill=_shade(canvas.fill, 0.9))
    canvas.polygon([(470, 150), (400, 230), (450, 250), (490, 175)], fill=_shade(canvas.fill, 0.9))
    canvas.draw.line((400, 230, 400, 675), fill=canvas.edge, width=4)
    for y in range(280, 660, 70):
        canvas.draw.ellipse((390, y, 410, y + 20), fill=canvas.accent)


def hoodie(canvas: Canvas) -> None:
    canvas.draw.ellipse((300, 70, 500, 240), fill=_shade(canvas.fill, 0.85), outline=canvas.edge, width=6)
    _top(canvas, long_sleeves=True)
    canvas.box((310, 480, 490, 600), radius=20, fill=_shade(canvas.fill, 0.9))
    canvas.draw.line((380, 190, 375, 330), fill=canvas.accent, width=6)
    canvas.draw.line((420, 190, 425, 330), fill=canvas.accent, width=6)


def sweater(canvas: Canvas) -> None:
    _top(canvas, long_sleeves=True)
    for y in range(640, 680, 12):
        canvas.draw.line((245, y, 555, y), fill=canvas.edge, width=3)
    if canvas.variation % 2:
        for y in (380, 420):
            canvas.draw.line((243, y, 557, y), fill=canvas.accent, width=14)


def jacket(canvas: Canvas) -> None:
    _top(canvas, long_sleeves=True)
    canvas.polygon([(330, 150), (400, 200), (470, 150), (480, 120), (320, 120)], fill=_shade(canvas.fill, 0.85))
    canvas.draw.line((400, 200, 400, 678), fill=canvas.accent, width=8)
    canvas.box((270, 500, 350, 560), radius=8, fill=_shade(canvas.fill, 0.9))
    canvas.box((450, 500, 530, 560), radius=8, fill=_shade(canvas.fill, 0.9))


def trousers(canvas: Canvas) -> None:
    canvas.polygon([(260, 130), (540, 130), (575, 690), (430, 690), (400, 330), (370, 690), (225, 690)])
    canvas.draw.rectangle((260, 130, 540, 170), fill=_shade(canvas.fill, 0.85), outline=canvas.edge, width=4)
    for x in (300, 400, 500):
        canvas.draw.rectangle((x - 6, 125, x + 6, 175), fill=canvas.accent)


def _shoe(canvas: Canvas, *, shaft_top: int, laces: bool) -> None:
    canvas.box((110, 540, 700, 600), radius=28, fill="#f2f0ea" if sum(canvas.fill) < 600 else "#3a3a3a")
    upper = [(130, 545), (140, shaft_top), (300, shaft_top - 10), (330, 420), (470, 400), (620, 440),
             (690, 500), (690, 545)]
    canvas.polygon(upper)
    if laces:
        for step in range(4):
            x = 350 + step * 50
            canvas.draw.line((x, 440 - step * 4, x + 40, 470 - step * 4), fill=canvas.accent, width=8)
    canvas.draw.line((130, 520, 690, 520), fill=canvas.accent, width=6)


def sneaker(canvas: Canvas) -> None:
    _shoe(canvas, shaft_top=400, laces=True)


def boot(canvas: Canvas) -> None:
    _shoe(canvas, shaft_top=200, laces=True)


def loafer(canvas: Canvas) -> None:
    _shoe(canvas, shaft_top=440, laces=False)
    canvas.draw.line((390, 430, 520, 420), fill=canvas.accent, width=12)


def headphones(canvas: Canvas) -> None:
    canvas.draw.arc((190, 130, 610, 560), start=180, end=360, fill=canvas.edge, width=44)
    canvas.draw.arc((196, 136, 604, 554), start=180, end=360, fill=canvas.fill, width=32)
    for x in (160, 530):
        canvas.box((x, 360, x + 110, 580), radius=50)
        canvas.draw.ellipse((x + 30, 430, x + 80, 510), fill=canvas.accent)


def earbuds(canvas: Canvas) -> None:
    canvas.box((230, 420, 570, 640), radius=90)
    canvas.draw.line((240, 500, 560, 500), fill=canvas.edge, width=4)
    canvas.draw.ellipse((390, 560, 410, 580), fill=canvas.accent)
    for x in (280, 440):
        canvas.draw.ellipse((x, 200, x + 90, 290), fill=canvas.fill, outline=canvas.edge, width=6)
        canvas.box((x + 30, 270, x + 60, 390), radius=14)


def speaker(canvas: Canvas) -> None:
    canvas.box((250, 170, 550, 660), radius=110)
    for row in range(8):
        for column in range(5):
            canvas.draw.ellipse((305 + column * 45, 250 + row * 45, 321 + column * 45, 266 + row * 45),
                                fill=_shade(canvas.fill, 0.6))
    canvas.draw.ellipse((380, 610, 420, 640), fill=canvas.accent)


def soundbar(canvas: Canvas) -> None:
    canvas.box((70, 380, 730, 500), radius=50)
    for column in range(24):
        canvas.draw.line((130 + column * 23, 410, 130 + column * 23, 470), fill=_shade(canvas.fill, 0.6), width=6)
    canvas.draw.ellipse((690, 430, 710, 450), fill=canvas.accent)


def tablet(canvas: Canvas) -> None:
    canvas.box((190, 110, 610, 690), radius=40)
    canvas.box((220, 150, 580, 650), radius=10, fill="#1d2433", width=2)
    canvas.draw.ellipse((392, 122, 408, 138), fill=canvas.accent)


def ereader(canvas: Canvas) -> None:
    canvas.box((220, 110, 580, 690), radius=30)
    canvas.box((250, 150, 550, 600), radius=6, fill="#e9e7e1", width=2)
    for row in range(12):
        canvas.draw.line((275, 180 + row * 34, 525 - (row % 3) * 40, 180 + row * 34), fill="#9a9892", width=6)
    canvas.box((360, 620, 440, 660), radius=12, fill=canvas.accent, width=2)


def mug(canvas: Canvas) -> None:
    canvas.draw.ellipse((440, 300, 640, 520), fill=None, outline=canvas.edge, width=46)
    canvas.draw.ellipse((446, 306, 634, 514), fill=None, outline=canvas.fill, width=34)
    canvas.box((190, 220, 520, 640), radius=40)
    canvas.draw.rectangle((200, 300 + 40 * (canvas.variation % 3), 510, 330 + 40 * (canvas.variation % 3)),
                          fill=canvas.accent)


def bottle(canvas: Canvas) -> None:
    canvas.box((290, 230, 510, 680), radius=70)
    canvas.box((335, 130, 465, 240), radius=20, fill=_shade(canvas.fill, 0.75))
    canvas.draw.rectangle((295, 420, 505, 470), fill=canvas.accent)


def pan(canvas: Canvas) -> None:
    canvas.polygon([(110, 420), (510, 420), (470, 540), (150, 540)])
    canvas.box((500, 440, 740, 480), radius=18, fill=canvas.accent)
    canvas.draw.line((110, 420, 510, 420), fill=_shade(canvas.fill, 0.5), width=10)


def pot(canvas: Canvas) -> None:
    canvas.box((200, 330, 600, 620), radius=30)
    canvas.draw.ellipse((190, 280, 610, 350), fill=_shade(canvas.fill, 0.85), outline=canvas.edge, width=6)
    canvas.draw.ellipse((370, 250, 430, 295), fill=canvas.accent)
    for x in (140, 600):
        canvas.box((x, 380, x + 60, 420), radius=12, fill=canvas.accent)


def kettle(canvas: Canvas) -> None:
    canvas.box((200, 610, 560, 660), radius=12, fill="#3a3a3a")
    canvas.polygon([(230, 610), (260, 300), (500, 300), (530, 610)])
    canvas.polygon([(255, 420), (140, 330), (120, 345), (230, 470)])
    canvas.draw.arc((280, 170, 480, 400), start=180, end=360, fill=canvas.accent, width=30)
    canvas.draw.line((470, 360, 470, 560), fill=_shade(canvas.fill, 0.7), width=10)


DRAWINGS: dict[str, Callable[[Canvas], None]] = {
    function.__name__: function for function in (
        tshirt, shirt, hoodie, sweater, jacket, trousers, sneaker, boot, loafer, headphones, earbuds, speaker,
        soundbar, tablet, ereader, mug, bottle, pan, pot, kettle,
    )
}


def product_picture(*, drawing: str, colour: str, accent: str, variation: int = 0) -> bytes:
    """An 800x800 JPEG of ``drawing`` (a key of DRAWINGS) in ``colour`` (#rrggbb), detailed in ``accent``."""
    canvas = Canvas(colour=colour, accent=accent, variation=variation)
    DRAWINGS[drawing](canvas)
    return canvas.jpeg()
