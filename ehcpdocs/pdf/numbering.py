"""Word list numbering (numbering.xml): counters and labels such as "1.", "a)", "2.3" or bullets.

Counters follow Word: lists that share an abstract numbering continue each other, a ``w:num``
with a ``startOverride`` restarts its levels the first time it is used, and numbering a level
resets the levels below it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ehcpdocs.docx.xml import w

from .fonts import translate_symbols
from .styles import parse_ppr, parse_rpr
from .units import LIST_START, measure, to_int

_ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]


def roman(number: int) -> str:
    """Lower-case Roman numerals (Arabic digits beyond 3999 or below 1)."""
    if number <= 0 or number > 3999:
        return str(number)
    out = []
    for value, letters in _ROMAN:
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


def letters(number: int) -> str:
    """Word's letter numbering: a..z, then aa..zz, aaa..."""
    if number <= 0:
        return str(number)
    repeat = (number - 1) // 26 + 1
    return chr(ord("a") + (number - 1) % 26) * repeat


def format_number(number: int, fmt: str | None) -> str:
    """A counter value in a Word ``numFmt``."""
    fmt = fmt or "decimal"
    if fmt == "lowerLetter":
        return letters(number)
    if fmt == "upperLetter":
        return letters(number).upper()
    if fmt == "lowerRoman":
        return roman(number)
    if fmt == "upperRoman":
        return roman(number).upper()
    if fmt == "decimalZero":
        return f"{number:02d}"
    if fmt == "ordinal":
        suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
        return f"{number}{suffix}"
    if fmt in ("none", "bullet"):
        return ""
    return str(number)


@dataclass
class Level:
    """One ``w:lvl`` of an abstract numbering."""

    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    suffix: str = "tab"
    ppr: dict = field(default_factory=dict)
    rpr: dict = field(default_factory=dict)
    legal: bool = False
    font: str | None = None


@dataclass
class Label:
    """What a numbered paragraph shows before its text, and the level's own formatting."""

    text: str
    suffix: str
    ppr: dict
    rpr: dict


class Numbering:
    """The numbering definitions of one document and the running counters while rendering."""

    def __init__(self, root, theme_fonts: dict[str, str], styles=None) -> None:
        self.abstract: dict[str, dict[int, Level]] = {}
        self.nums: dict[str, tuple[str, dict[int, int], dict[int, Level]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self._started: set[str] = set()
        self._style_links: dict[str, str] = {}
        if root is None:
            return
        for abstract in root.iter(w("abstractNum")):
            abstract_id = abstract.get(w("abstractNumId"))
            levels = {}
            for lvl in abstract.findall(w("lvl")):
                ilvl = to_int(lvl.get(w("ilvl"))) or 0
                levels[ilvl] = read_level(lvl, theme_fonts)
            self.abstract[abstract_id] = levels
            link = abstract.find(w("numStyleLink"))
            if link is not None and styles is not None:
                linked = styles.style_ppr(link.get(w("val")))
                if linked.get("numId"):
                    self._style_links[abstract_id] = linked["numId"]
        for num in root.iter(w("num")):
            num_id = num.get(w("numId"))
            ref = num.find(w("abstractNumId"))
            if num_id is None or ref is None:
                continue
            starts: dict[int, int] = {}
            levels: dict[int, Level] = {}
            for override in num.findall(w("lvlOverride")):
                ilvl = to_int(override.get(w("ilvl"))) or 0
                start = override.find(w("startOverride"))
                if start is not None:
                    starts[ilvl] = int(measure(start.get(w("val")), LIST_START) or 0)
                lvl = override.find(w("lvl"))
                if lvl is not None:
                    levels[ilvl] = read_level(lvl, theme_fonts)
            self.nums[num_id] = (ref.get(w("val")), starts, levels)

    def _resolve(self, num_id: str, depth: int = 0) -> tuple[str, dict[int, int], dict[int, Level]] | None:
        entry = self.nums.get(num_id)
        if entry is None:
            return None
        abstract_id, starts, overrides = entry
        linked = self._style_links.get(abstract_id)
        if linked and linked != num_id and depth < 3:
            inner = self._resolve(linked, depth + 1)
            if inner is not None:
                return inner[0], starts or inner[1], {**inner[2], **overrides}
        return abstract_id, starts, overrides

    def level(self, num_id: str | None, ilvl: int) -> Level | None:
        """The level definition a paragraph's numbering points at (None when there is none)."""
        if not num_id or num_id == "0":
            return None
        resolved = self._resolve(num_id)
        if resolved is None:
            return None
        abstract_id, _starts, overrides = resolved
        return overrides.get(ilvl) or self.abstract.get(abstract_id, {}).get(ilvl)

    def next_label(self, num_id: str | None, ilvl: int) -> Label | None:
        """Advance the counter of a list level and return the label to show."""
        if not num_id or num_id == "0":
            return None
        resolved = self._resolve(num_id)
        if resolved is None:
            return None
        abstract_id, starts, overrides = resolved
        levels = {**self.abstract.get(abstract_id, {}), **overrides}
        ilvl = max(0, min(ilvl, 8))
        level = levels.get(ilvl)
        if level is None:
            return None
        counters = self.counters.setdefault(abstract_id, {})
        if num_id not in self._started:
            self._started.add(num_id)
            for start_level, value in starts.items():
                counters[start_level] = value - 1
                for deeper in [k for k in counters if k > start_level]:
                    del counters[deeper]
        counters[ilvl] = counters.get(ilvl, level.start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if level.fmt == "bullet":
            text = translate_symbols(level.text, level.font) if level.text else ""
        else:
            text = level.text
            for index in range(9, 0, -1):
                token = f"%{index}"
                if token in text:
                    ref_level = levels.get(index - 1, Level())
                    value = counters.get(index - 1, ref_level.start)
                    fmt = "decimal" if (level.legal and ref_level.fmt != "none") else ref_level.fmt
                    text = text.replace(token, format_number(value, fmt))
        return Label(text=text, suffix=level.suffix, ppr=level.ppr, rpr=level.rpr)


def read_level(lvl, theme_fonts: dict[str, str]) -> Level:
    """A ``w:lvl`` element as a ``Level``."""
    level = Level()
    start = lvl.find(w("start"))
    if start is not None:
        level.start = int(measure(start.get(w("val")), LIST_START) or 0)
    fmt = lvl.find(w("numFmt"))
    if fmt is not None:
        level.fmt = fmt.get(w("val")) or "decimal"
    text = lvl.find(w("lvlText"))
    if text is not None:
        level.text = text.get(w("val")) or ""
    suffix = lvl.find(w("suff"))
    if suffix is not None:
        level.suffix = suffix.get(w("val")) or "tab"
    level.legal = lvl.find(w("isLgl")) is not None
    level.ppr = parse_ppr(lvl.find(w("pPr")))
    rpr = lvl.find(w("rPr"))
    level.rpr = parse_rpr(rpr, theme_fonts)
    if rpr is not None:
        fonts = rpr.find(w("rFonts"))
        if fonts is not None:
            level.font = fonts.get(w("ascii")) or fonts.get(w("hAnsi"))
    return level
