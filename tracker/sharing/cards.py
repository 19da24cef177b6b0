"""Share cards: the 1200×630 PNG images social networks show beside a shared link, drawn by the app.

Drawn here, with the project's typeface, rather than fetched from any service: no third party learns
who shares what. Pillow has no fallback between fonts, so the cards use whole Noto Sans files (Latin,
Latin Extended and Cyrillic in one font), fetched by `make` (the $(CARD_FONTS) rule).
"""

import functools
import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT_FILES = {False: "NotoSans_400Regular.ttf", True: "NotoSans_700Bold.ttf"}
WIDTH, HEIGHT = 1200, 630
MARGIN = 72
PAPER, INK, MUTED, ACCENT = "#ffffff", "#1b1b1b", "#555555", "#b3261e"
LINE_GAP = 0.3
BLOCK_GAP = 14
# Noto Sans capitals stand this high, in ems, above the baseline.
CAP_HEIGHT = 0.72


class CardFontMissing(RuntimeError):
    """The card typeface has not been fetched (run `make`)."""


@dataclass(frozen=True)
class Line:
    """One block of text on a card: wrapped to the card's width, at most `max_lines` lines."""

    text: str
    size: int
    bold: bool = False
    colour: str = INK
    max_lines: int = 2


@dataclass(frozen=True)
class Card:
    """What a card says: blocks from the top, and a footer line at the bottom."""

    lines: tuple[Line, ...]
    footer: str


@functools.lru_cache(maxsize=16)
def _font(bold: bool, size: int) -> ImageFont.FreeTypeFont:
    path = FONT_DIR / FONT_FILES[bold]
    if not path.exists():
        raise CardFontMissing(f"{path} is missing; run `make tracker/sharing/fonts/.fetched`.")
    return ImageFont.truetype(str(path), size)


def fonts_available() -> bool:
    """Whether the card typeface is in place."""
    return all((FONT_DIR / name).exists() for name in FONT_FILES.values())


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, max_lines: int) -> list[str]:
    """Words into lines that fit the card; the last line is shortened with an ellipsis if needed."""
    width = WIDTH - 2 * MARGIN
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and draw.textlength(candidate, font=font) <= width:
            lines[-1] = candidate
        else:
            lines.append(word)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] += "…"
    while lines and draw.textlength(lines[-1], font=font) > width and len(lines[-1]) > 1:
        lines[-1] = lines[-1][:-2] + "…"
    return lines


def render(card: Card) -> bytes:
    """The card as PNG bytes."""
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 16), fill=ACCENT)
    rule = HEIGHT - MARGIN - 40
    top = MARGIN
    for line in card.lines:
        font = _font(line.bold, line.size)
        for text in _wrap(draw, line.text, font, line.max_lines):
            # Placed by the baseline: a font's ascender would leave a gap above large figures.
            baseline = top + round(line.size * CAP_HEIGHT)
            if baseline > rule - 16:
                break
            draw.text((MARGIN, baseline), text, font=font, fill=line.colour, anchor="ls")
            top = baseline + round(line.size * LINE_GAP)
        top += BLOCK_GAP
    draw.line((MARGIN, rule, WIDTH - MARGIN, rule), fill=ACCENT, width=3)
    draw.text((MARGIN, HEIGHT - MARGIN + 8), card.footer, font=_font(True, 30), fill=MUTED, anchor="ls")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
