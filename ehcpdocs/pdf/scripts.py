"""Which bundled face draws each character: the paragraph's own face, a Noto face for the
complex scripts families write (Arabic and Urdu, Bengali, Devanagari, Gujarati, Gurmukhi), or
DejaVu Sans for what the text faces lack; and a warning for a character none of them has.

Characters of no script of their own (spaces, digits, punctuation, combining marks, joiners)
stay with the script around them when its face has them, so "(ہے)" or "ਪੰਜਾਬੀ।" is one run
and shapes as one.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right

# (first, last, script) for the scripts a Noto face is shipped for, and Hebrew (drawn by DejaVu).
_RANGES = (
    (0x0590, 0x05FF, "Hebrew"),
    (0x0600, 0x06FF, "Arabic"),
    (0x0750, 0x077F, "Arabic"),
    (0x0870, 0x08FF, "Arabic"),
    (0x0900, 0x097F, "Devanagari"),
    (0x0980, 0x09FF, "Bengali"),
    (0x0A00, 0x0A7F, "Gurmukhi"),
    (0x0A80, 0x0AFF, "Gujarati"),
    (0x1CD0, 0x1CFF, "Devanagari"),  # Vedic extensions
    (0xA8E0, 0xA8FF, "Devanagari"),
    (0xFB1D, 0xFB4F, "Hebrew"),
    (0xFB50, 0xFDFF, "Arabic"),
    (0xFE70, 0xFEFF, "Arabic"),
)
_STARTS = [first for first, _last, _script in _RANGES]

# script -> (face name prefix, folder); the faces are shaped with HarfBuzz (shaping.py)
SCRIPT_FACES = {
    "Arabic": "NotoNaskhArabic",
    "Bengali": "NotoSansBengali",
    "Devanagari": "NotoSansDevanagari",
    "Gujarati": "NotoSansGujarati",
    "Gurmukhi": "NotoSansGurmukhi",
}
NOTO_FOLDER = "noto"

# Text the script faces are needed for (a quick test before looking at each character).
COMPLEX = re.compile("[\u0590-\u0aff\u1cd0-\u1cff\ua8e0-\ua8ff\ufb1d-\ufdff\ufe70-\ufeff\u200f\u202b\u202e\u2067]")
# Characters of right-to-left scripts (the bidi algorithm runs when a paragraph has any).
RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\u200f\u202b\u202e\u2067]")
# Punctuation these scripts share with Latin that their Noto faces also draw
_SHARED_MARKS = frozenset("\u200c\u200d\u25cc")


def script_of(ch: str) -> str | None:
    """The script of a character among those with a shipped face (and Hebrew), else None."""
    code = ord(ch)
    index = bisect_right(_STARTS, code) - 1
    if index >= 0 and code <= _RANGES[index][1]:
        return _RANGES[index][2]
    return None


def inherits_script(ch: str) -> bool:
    """Whether a character takes the script of the text around it (no script of its own)."""
    if ch in _SHARED_MARKS:
        return True
    category = unicodedata.category(ch)
    return category[0] in "MPZSN" or category == "Cf"


def describe(ch: str) -> str:
    """A character named for a warning: ``U+0F40 TIBETAN LETTER KA (Tibetan)``."""
    code = f"U+{ord(ch):04X}"
    name = unicodedata.name(ch, "")
    if not name:
        return f"{code} (unassigned or private use)"
    script = script_of(ch) or _script_from_name(name)
    return f"{code} {name} ({script})"


_NAME_WORDS_NOT_SCRIPTS = {"LATIN", "GREEK", "CYRILLIC"}


def _script_from_name(name: str) -> str:
    """The script a character name begins with ("TIBETAN LETTER KA" -> Tibetan); CJK and
    symbols by their kind."""
    if name.startswith(("CJK ", "IDEOGRAPHIC")):
        return "Han"
    first = name.split(" ", 1)[0]
    if first in ("HIRAGANA", "KATAKANA", "HANGUL"):
        return first.title()
    if first in _NAME_WORDS_NOT_SCRIPTS or len(name.split(" ")) > 2 and name.split(" ")[1] in ("LETTER", "SIGN", "DIGIT", "VOWEL", "CONSONANT", "SYLLABLE"):
        return first.title()
    return "symbol"
