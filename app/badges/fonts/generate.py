"""Regenerate dejavu-sans-bold-widths.json.xz: DejaVu Sans Bold metrics for for-the-badge.

badgepy ships the regular weight's table (default-widths.json); shields' for-the-badge style
sets its message in bold, so we measure the bold face the same way badgepy measured the
regular one: its own `precalculate_text.write_json`, with Pillow's BASIC layout engine, which
reproduces badgepy's shipped regular table exactly (raqm fails on some control characters).

Run once in a throwaway environment; the app never imports this module:

    python3 -m venv /tmp/fontgen && /tmp/fontgen/bin/pip install fonttools pillow badgepy
    /tmp/fontgen/bin/python app/badges/fonts/generate.py \
        /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf   # Debian fonts-dejavu-core 2.37
"""

from __future__ import annotations

import lzma
import sys
from pathlib import Path

from badgepy import precalculate_text, text_measurer
from PIL import ImageFont  # type: ignore[import-not-found]  # generation-time only

OUTPUT = Path(__file__).resolve().parent / "dejavu-sans-bold-widths.json.xz"


class BasicLayoutMeasurer(text_measurer.TextMeasurer):
    """Width in pixels of text at 110 px, measured without complex text layout."""

    def __init__(self, font_path: str) -> None:
        self._font = ImageFont.truetype(font_path, 110, layout_engine=ImageFont.Layout.BASIC)

    def text_width(self, text: str) -> float:
        """Return the width of `text` in pixels."""
        left, _, right, _ = self._font.getbbox(text)
        width: float = right - left  # Pillow is untyped here (see the import)
        return width


def main(font_path: str) -> None:
    """Write the widths table for the font at `font_path`."""
    with lzma.open(OUTPUT, "wt", encoding="utf-8") as out:
        precalculate_text.write_json(out, font_path, BasicLayoutMeasurer(font_path), ["cp1252"])


if __name__ == "__main__":
    main(sys.argv[1])
