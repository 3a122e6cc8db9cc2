"""The for-the-badge style, which badgepy lacks, laid out as shields' badge-maker does.

Geometry from badge-maker's `forTheBadge` (badges/shields, badge-maker/lib/badge-renderers.js):
28 px high, square corners, upper-case text at 10 px with 1.25 px letter spacing, a 12 px
margin either side of each text, the message in bold. Widths come from real font metrics:
badgepy's DejaVu Sans table for the label and a DejaVu Sans Bold table, made by badgepy's
own tool (fonts/generate.py), for the message. Texts are escaped by Jinja's autoescape.
"""

from __future__ import annotations

import importlib.resources
import io
import lzma
from functools import cache
from pathlib import Path

import jinja2
from badgepy.precalculated_text_measurer import PrecalculatedTextMeasurer

from app.badges.design import BadgeSpec, rgb
from registry.words import number

HEIGHT = 28
FONT_SIZE = 10
TEXT_MARGIN = 12
LETTER_SPACING = 1.25
MEASURED_AT = 110  # badgepy's tables give widths at a 110 px font size
FONT_FAMILY = "DejaVu Sans,Verdana,Geneva,sans-serif"  # the face the widths were measured in
# badge-maker's colorsForBackground: dark text on backgrounds brighter than this.
BRIGHTNESS_THRESHOLD = 0.69
LIGHT_TEXT, DARK_TEXT = "#fff", "#333"

FOLDER = Path(__file__).resolve().parent
BOLD_WIDTHS = FOLDER / "fonts" / "dejavu-sans-bold-widths.json.xz"
_TEMPLATES = jinja2.Environment(
    loader=jinja2.FileSystemLoader(FOLDER / "templates"),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
)


@cache
def regular_measurer() -> PrecalculatedTextMeasurer:
    """Return badgepy's DejaVu Sans widths."""
    # Read the file ourselves: PrecalculatedTextMeasurer.default() goes through
    # importlib.resources.is_resource, deprecated, whose warning the test suite makes an error.
    widths = importlib.resources.files("badgepy") / "default-widths.json"
    return PrecalculatedTextMeasurer.from_json(io.StringIO(widths.read_text(encoding="utf-8")))


@cache
def bold_measurer() -> PrecalculatedTextMeasurer:
    """Return the DejaVu Sans Bold widths shipped with the app."""
    with lzma.open(BOLD_WIDTHS, "rt", encoding="utf-8") as widths:
        return PrecalculatedTextMeasurer.from_json(widths)


def text_width(text: str, measurer: PrecalculatedTextMeasurer) -> float:
    """Return the laid-out width of `text` at 10 px with the style's letter spacing."""
    if not text:
        return 0
    # badge-maker truncates the measured width to whole pixels before adding the spacing.
    return int(measurer.text_width(text) * FONT_SIZE / MEASURED_AT) + LETTER_SPACING * len(text)


def text_colour(background: str) -> str:
    """Return the text colour readable on `background` (badge-maker's brightness rule)."""
    red, green, blue = rgb(background)
    brightness = round((red * 299 + green * 587 + blue * 114) / 255000, 2)
    return LIGHT_TEXT if brightness <= BRIGHTNESS_THRESHOLD else DARK_TEXT


def render(spec: BadgeSpec) -> str:
    """Return `spec` as a for-the-badge SVG."""
    label, message = spec.label.upper(), spec.message.upper()
    label_width = text_width(label, regular_measurer())
    message_width = text_width(message, bold_measurer())
    label_rect = label_width + 2 * TEXT_MARGIN if label else 0
    message_rect = message_width + 2 * TEXT_MARGIN
    # Sums of 1.25 px spacings are floats: written as 125.8, never 125.80000000000001.
    return _TEMPLATES.get_template("for-the-badge.svg").render(
        spec=spec,
        label=label,
        message=message,
        width=number(label_rect + message_rect),
        height=HEIGHT,
        label_rect=number(label_rect),
        message_rect=number(message_rect),
        label_x=number(10 * (TEXT_MARGIN + label_width / 2)),
        label_length=number(10 * label_width),
        label_fill=text_colour(spec.label_color),
        message_x=number(10 * (label_rect + TEXT_MARGIN + message_width / 2)),
        message_length=number(10 * message_width),
        message_fill=text_colour(spec.color),
        font_family=FONT_FAMILY,
        font_size=10 * FONT_SIZE,
    )
