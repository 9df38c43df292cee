"""Word style resolution: docDefaults, paragraph/character/table styles and their based-on chains.

Properties are kept as small flat dicts of what each level sets; resolving merges them in Word's
order (defaults, table style, paragraph style chain, character style chain, direct formatting).
Styles are parsed once per document and resolved chains are cached.
"""

from __future__ import annotations

from ehcpdocs.docx.props import attribute_on, is_on
from ehcpdocs.docx.styles import StyleDef, StyleSheet
from ehcpdocs.docx.xml import w

from .units import (
    BORDER_SPACE,
    BORDER_WIDTH,
    CELL_MARGIN,
    FONT_SIZE,
    INDENT,
    LINE_SPACING,
    SPACING,
    TAB_STOP,
    hex_colour,
    measure,
    to_int,
    twips,
)

MAX_TAB_STOPS = 64  # Word's own limit per paragraph

A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"

_TOGGLES = {
    "b": "b", "bCs": "bCs", "i": "i", "iCs": None, "strike": "strike", "dstrike": "dstrike",
    "caps": "caps", "smallCaps": "smallCaps", "vanish": "vanish", "webHidden": None,
    "specVanish": None, "outline": None, "shadow": None, "emboss": None, "imprint": None, "rtl": "rtl",
}
BORDER_SIDES = ("top", "left", "bottom", "right", "insideH", "insideV", "start", "end", "between")


_VAL, _FILL, _COLOR_ATTR = w("val"), w("fill"), w("color")
_RPR_TOGGLES = {w(local): key for local, key in _TOGGLES.items()}
_U, _COLOR, _SZ, _SZ_CS, _RFONTS, _HIGHLIGHT, _SHD, _VERT_ALIGN, _RSTYLE = (
    w("u"), w("color"), w("sz"), w("szCs"), w("rFonts"), w("highlight"), w("shd"), w("vertAlign"), w("rStyle"))
_ASCII_THEME, _ASCII, _HANSI = w("asciiTheme"), w("ascii"), w("hAnsi")


# How much of a patterned shading (w:shd w:val) the pattern colour covers. Word draws these as
# pixel patterns; a PDF shows them as one flat colour, the pattern colour (w:color) blended over
# the fill (w:fill) by this share: pctN is N% (pct12 12.5%); every stripe and cross a third, the
# values Word's binary format and LibreOffice use, so the two renderings agree.
STRIPES = ("horzStripe", "vertStripe", "diagStripe", "reverseDiagStripe", "horzCross", "diagCross",
           "thinHorzStripe", "thinVertStripe", "thinDiagStripe", "thinReverseDiagStripe", "thinHorzCross",
           "thinDiagCross")
PATTERN_COVERAGE = {
    **{f"pct{n}": n / 100 for n in (5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90, 95)},
    "pct12": 0.125, "pct37": 0.375, "pct62": 0.625, "pct87": 0.875,
    **{name: 1 / 3 for name in STRIPES},
}


def shading_colour(shd) -> str | None:
    """The flat colour a ``w:shd`` paints (``#RRGGBB``), or None for none.

    ``clear`` (or no pattern) is the fill; ``solid`` the pattern colour (the fill when the
    pattern colour is ``auto``, as before); ``nil`` nothing; a pattern (``pct25``,
    ``horzStripe``, ``diagCross``...) the pattern colour (``auto``: black) blended over the fill
    (``auto``: white) by the share of the area the pattern covers (``PATTERN_COVERAGE``).
    """
    if shd is None:
        return None
    pattern = shd.get(_VAL)
    fill = hex_colour(shd.get(_FILL))
    if not pattern or pattern == "clear":
        return fill
    if pattern == "nil":
        return None
    colour = hex_colour(shd.get(_COLOR_ATTR))
    if pattern == "solid":
        return colour or fill
    coverage = PATTERN_COVERAGE.get(pattern)
    if coverage is None:
        return fill
    over = colour or "#000000"
    under = fill or "#FFFFFF"
    mixed = (round(int(under[i:i + 2], 16) * (1 - coverage) + int(over[i:i + 2], 16) * coverage) for i in (1, 3, 5))
    return "#" + "".join(f"{channel:02X}" for channel in mixed)


# Conditional formatting of a table style, in the order Word applies it (a later one wins):
# the whole table, banded columns, banded rows, first and last column, first and last row,
# corner cells.
TABLE_CONDITIONS = ("wholeTable", "band1Vert", "band2Vert", "band1Horz", "band2Horz", "firstCol", "lastCol",
                    "firstRow", "lastRow", "neCell", "nwCell", "seCell", "swCell")
ROW_CONDITIONS = frozenset({"band1Horz", "band2Horz", "firstRow", "lastRow"})
COLUMN_CONDITIONS = frozenset({"band1Vert", "band2Vert", "firstCol", "lastCol"})


def _region_sides(kind: str, borders: dict, place: tuple[bool, bool, bool, bool]) -> dict:
    """The sides of one cell from a conditional format's borders (see ``cell_style``)."""
    first_row, last_row, first_column, last_column = place
    rows = kind in ROW_CONDITIONS or kind == "wholeTable"
    columns = kind in COLUMN_CONDITIONS or kind == "wholeTable"
    wanted = {
        "top": "top" if not columns or first_row else "insideH",
        "bottom": "bottom" if not columns or last_row else "insideH",
        "left": "left" if not rows or first_column else "insideV",
        "right": "right" if not rows or last_column else "insideV",
    }
    return {side: borders[source] for side, source in wanted.items() if source in borders}


def parse_rpr(rpr, theme_fonts: dict[str, str]) -> dict:
    """The run properties an ``w:rPr`` element sets, as a flat dict."""
    props: dict = {}
    if rpr is None:
        return props
    for child in rpr:
        tag = child.tag
        if tag in _RPR_TOGGLES:
            key = _RPR_TOGGLES[tag]
            if key:
                props[key] = is_on(child)
        elif tag == _SZ or tag == _SZ_CS:
            value = child.get(_VAL)
            if value != "0":  # real files carry sz="0", which sets nothing
                try:  # the usual case without a call: a run's size is read for every run
                    size = int(value)
                except (TypeError, ValueError):
                    size = None
                if size is None or not FONT_SIZE.low <= size <= FONT_SIZE.high:
                    size = measure(value, FONT_SIZE)
                if size is not None:
                    props["sz" if tag == _SZ else "szCs"] = min(size / 2.0, 400.0)
        elif tag == _RFONTS:
            font = _theme_font(child.get(_ASCII_THEME), theme_fonts) or child.get(_ASCII) or child.get(_HANSI)
            if font:
                props["font"] = font
        elif tag == _COLOR:
            props["color"] = hex_colour(child.get(_VAL))
        elif tag == _U:
            props["u"] = (child.get(_VAL) or "single") != "none"
        elif tag == _HIGHLIGHT:
            props["highlight"] = child.get(_VAL)
        elif tag == _SHD:
            props["shd"] = shading_colour(child)
        elif tag == _VERT_ALIGN:
            props["vertAlign"] = child.get(_VAL)
        elif tag == _RSTYLE:
            props["rStyle"] = child.get(_VAL)
    return props


def _theme_font(theme_attr: str | None, theme_fonts: dict[str, str]) -> str | None:
    if not theme_attr:
        return None
    return theme_fonts.get("major" if theme_attr.startswith("major") else "minor")


_IND_SIDES = tuple((w(attr), "ind_" + key) for attr, key in
                   (("left", "left"), ("start", "left"), ("right", "right"), ("end", "right")))
_SPACING_ATTRS = ((w("before"), "before", SPACING), (w("after"), "after", SPACING), (w("line"), "line", LINE_SPACING))
_FLAGS = {w(local): local for local in ("keepNext", "keepLines", "pageBreakBefore", "contextualSpacing", "bidi")}
_JC, _IND, _SPACING, _NUMPR, _OUTLINE_LVL, _PSTYLE, _TABS, _PBDR, _TAB, _NUM_ID, _ILVL = (
    w("jc"), w("ind"), w("spacing"), w("numPr"), w("outlineLvl"), w("pStyle"), w("tabs"), w("pBdr"),
    w("tab"), w("numId"), w("ilvl"))
_LEADER = w("leader")
_HANGING, _FIRST_LINE, _LINE_RULE, _BEFORE_AUTO, _AFTER_AUTO, _POS = (
    w("hanging"), w("firstLine"), w("lineRule"), w("beforeAutospacing"), w("afterAutospacing"), w("pos"))


def parse_ppr(ppr) -> dict:
    """The paragraph properties a ``w:pPr`` element sets, as a flat dict."""
    props: dict = {}
    if ppr is None:
        return props
    for child in ppr:
        tag = child.tag
        if tag == _PSTYLE:
            props["pStyle"] = child.get(_VAL)
        elif tag == _SPACING:
            for attr, key, kind in _SPACING_ATTRS:
                value = measure(child.get(attr), kind)
                if value is not None:
                    props[key] = value
            rule = child.get(_LINE_RULE)
            if rule:
                props["lineRule"] = rule
            if attribute_on(child.get(_BEFORE_AUTO)):
                props["before"] = 280
            if attribute_on(child.get(_AFTER_AUTO)):
                props["after"] = 280
        elif tag == _IND:
            for attr, key in _IND_SIDES:
                value = twips(child.get(attr), INDENT)
                if value is not None:
                    props[key] = value
            hanging = twips(child.get(_HANGING), INDENT)
            first = twips(child.get(_FIRST_LINE), INDENT)
            if hanging is not None:
                props["ind_first"] = -hanging
            elif first is not None:
                props["ind_first"] = first
        elif tag == _JC:
            props["jc"] = child.get(_VAL)
        elif tag in _FLAGS:
            props[_FLAGS[tag]] = is_on(child)
        elif tag == _NUMPR:
            num_id = child.find(_NUM_ID)
            ilvl = child.find(_ILVL)
            if num_id is not None:
                props["numId"] = num_id.get(_VAL)
            if ilvl is not None:
                props["ilvl"] = to_int(ilvl.get(_VAL)) or 0
        elif tag == _SHD:
            props["shd"] = shading_colour(child)
        elif tag == _OUTLINE_LVL:
            props["outlineLvl"] = to_int(child.get(_VAL))
        elif tag == _TABS:
            stops = []
            for tab in child.findall(_TAB):
                kind = tab.get(_VAL) or "left"
                position = twips(tab.get(_POS), TAB_STOP)
                if position is not None:  # "clear" stops remove a style's stop where merged
                    stops.append((kind, position, tab.get(_LEADER)))
                    if len(stops) == MAX_TAB_STOPS:
                        break
            props["tabs"] = stops
        elif tag == _PBDR:
            props["pBdr"] = parse_borders(child)
    return props


# Word's border line styles (w:val) as drawn: one line, two, or one with a dash pattern.
DOUBLE_BORDERS = frozenset({"double", "triple", "thinthicksmallgap", "thickthinsmallgap", "thinthickthinsmallgap",
                            "thinthickmediumgap", "thickthinmediumgap", "thinthickthinmediumgap", "thinthicklargegap",
                            "thickthinlargegap", "thinthickthinlargegap", "doublewave"})
PATTERNED_BORDERS = frozenset({"dotted", "dashed", "dashsmallgap", "dotdash", "dotdotdash", "dashdotstroked"})


def border_style(value: str) -> str:
    """The line style a border is drawn with: "double", a dash pattern's name, or "single"."""
    if value in DOUBLE_BORDERS:
        return "double"
    return value if value in PATTERNED_BORDERS else "single"


def parse_borders(element) -> dict[str, tuple[float, str, float, str] | None]:
    """Border sides of a ``tblBorders``/``tcBorders``/``pBdr``: side -> (width pt, colour, space
    between the border and the text in points, line style: ``border_style``) or None."""
    borders: dict[str, tuple[float, str, float, str] | None] = {}
    if element is None:
        return borders
    for side in BORDER_SIDES:
        edge = element.find(w(side))
        if edge is None:
            continue
        key = {"start": "left", "end": "right"}.get(side, side)
        value = (edge.get(w("val")) or "single").lower()
        if value in ("nil", "none"):
            borders[key] = None
            continue
        size = measure(edge.get(w("sz")), BORDER_WIDTH)
        width = max(0.25, min((size if size is not None else 4) / 8.0, 6.0))
        style = border_style(value)
        if style == "double":
            width = max(width * 3, 1.5)  # w:sz is each line's width; the border is two lines and a gap
        space = float(measure(edge.get(w("space")), BORDER_SPACE) or 0)
        borders[key] = (width, hex_colour(edge.get(w("color"))) or "#000000", space, style)
    return borders


class StyleResolver:
    """The resolved look of one document's styles, for rendering: the definitions and based-on
    chains come from ``docx.styles.StyleSheet`` (the one style layer); this adds what each
    style sets, as flat property dicts, merged in Word's order and cached per document."""

    def __init__(self, styles_root, theme_root) -> None:
        self.sheet = StyleSheet(styles_root)
        self.theme_fonts = read_theme_fonts(theme_root)
        self.default_ppr: dict = {}
        self.default_rpr: dict = {"font": self.theme_fonts.get("minor") or "Times New Roman", "sz": 10.0}
        self._own: dict[str, tuple[dict, dict]] = {}
        self._table_own: dict[str, dict] = {}
        self._para_cache: dict = {}
        self._char_cache: dict = {}
        self._table_cache: dict = {}
        defaults = styles_root.find(w("docDefaults")) if styles_root is not None else None
        if defaults is not None:
            self.default_rpr.update(parse_rpr(defaults.find(f"{w('rPrDefault')}/{w('rPr')}"), self.theme_fonts))
            self.default_ppr.update(parse_ppr(defaults.find(f"{w('pPrDefault')}/{w('pPr')}")))

    def own(self, definition: StyleDef) -> tuple[dict, dict]:
        """The (pPr, rPr) a style sets itself, parsed once."""
        cached = self._own.get(definition.style_id)
        if cached is None:
            element = definition.element
            cached = self._own[definition.style_id] = (
                parse_ppr(element.find(w("pPr"))), parse_rpr(element.find(w("rPr")), self.theme_fonts))
        return cached

    def style_ppr(self, style_id: str | None) -> dict:
        """The paragraph properties a style sets itself (empty for an unknown style)."""
        definition = self.sheet.get(style_id)
        return self.own(definition)[0] if definition is not None else {}

    def chain(self, style_id: str | None, kind: str) -> list[StyleDef]:
        return self.sheet.chain(style_id, kind)

    def paragraph(self, style_id: str | None) -> tuple[dict, dict]:
        """Merged (pPr, rPr) of a paragraph style over the document defaults."""
        cached = self._para_cache.get(style_id)
        if cached is None:
            ppr = dict(self.default_ppr)
            rpr = dict(self.default_rpr)
            for definition in self.chain(style_id, "paragraph"):
                own_ppr, own_rpr = self.own(definition)
                merge_ppr(ppr, own_ppr)
                rpr.update(own_rpr)
            ppr.pop("pStyle", None)
            cached = self._para_cache[style_id] = (ppr, rpr)
        return cached

    def character(self, style_id: str | None) -> dict:
        """Merged rPr of a character style chain (empty for none or unknown)."""
        if not style_id:
            return {}
        cached = self._char_cache.get(style_id)
        if cached is None:
            cached = {}
            for definition in self.chain(style_id, "character"):
                cached.update(self.own(definition)[1])
            cached.pop("rStyle", None)
            self._char_cache[style_id] = cached
        return cached

    def table(self, style_id: str | None) -> dict:
        """Merged table-level properties of a table style chain: borders, margins, shading, rPr, pPr."""
        cached = self._table_cache.get(style_id)
        if cached is not None:
            return cached
        merged: dict = {"borders": {}, "margins": {}, "rpr": {}, "ppr": {}}
        for definition in self.chain(style_id, "table"):
            tbl = self._table_own.get(definition.style_id)
            if tbl is None:
                tbl = self._table_own[definition.style_id] = self._read_table_style(definition.element)
            own_ppr, own_rpr = self.own(definition)
            merged["borders"].update(tbl.get("borders", {}))
            merged["margins"].update(tbl.get("margins", {}))
            merged["rpr"].update(own_rpr)
            merge_ppr(merged["ppr"], own_ppr)
            for key in ("shd", "row_band", "col_band"):
                if key in tbl:
                    merged[key] = tbl[key]
            for kind, condition in tbl.get("conditions", {}).items():
                into = merged.setdefault("conditions", {}).setdefault(
                    kind, {"rpr": {}, "ppr": {}, "borders": {}})
                into["rpr"].update(condition["rpr"])
                merge_ppr(into["ppr"], condition["ppr"])
                into["borders"].update(condition["borders"])
                if "shd" in condition:
                    into["shd"] = condition["shd"]
        self._table_cache[style_id] = merged
        return merged

    def cell_style(self, style_id: str | None, kinds: tuple[str, ...], place: tuple[bool, bool, bool, bool]) -> dict:
        """A table style as it applies to a cell under the conditions ``kinds`` (in Word's
        order) at ``place`` (first row, last row, first column, last column): the run and
        paragraph properties, shading and the cell's sides, later ones winning. A condition's
        borders frame its region: a row's left and right lines fall on its end cells and its
        ``insideV`` between its cells; a column's top and bottom on its end cells and its
        ``insideH`` between them; the whole table's like the table's own. The same dict for
        the same conditions and place, for the whole render (paragraph setups are cached by
        its identity)."""
        key = (style_id, kinds, place)
        cached = self._table_cache.get(key)
        if cached is not None:
            return cached
        table = self.table(style_id)
        cached = {"rpr": dict(table["rpr"]), "ppr": dict(table["ppr"]), "borders": {}, "shd": table.get("shd")}
        conditions = table.get("conditions", {})
        for kind in kinds:
            condition = conditions.get(kind)
            if condition is None:
                continue
            cached["rpr"].update(condition["rpr"])
            merge_ppr(cached["ppr"], condition["ppr"])
            cached["borders"].update(_region_sides(kind, condition["borders"], place))
            if condition.get("shd") is not None:
                cached["shd"] = condition["shd"]
        self._table_cache[key] = cached
        return cached

    def in_table(self, style_id: str | None, run_props: dict, table_rpr: dict) -> dict:
        """A paragraph style's run properties inside a table styled with ``table_rpr``: the
        table style's over the document defaults, the paragraph style's over both (Word lets a
        table style win over the default paragraph style, Normal)."""
        if not table_rpr:
            return run_props
        definition = self.sheet.get(style_id)
        if style_id is None or definition is None or definition.element.get(w("default")) in ("1", "true", "on"):
            return {**run_props, **table_rpr}
        own: dict = {}
        for link in self.chain(style_id, "paragraph"):
            own.update(self.own(link)[1])
        return {**run_props, **{key: value for key, value in table_rpr.items() if key not in own}}

    def _read_table_style(self, element) -> dict:
        """The table-level properties of a table style (parsed on first use: most are unused),
        with its conditional formatting (``w:tblStylePr``: first and last rows and columns,
        banded rows and columns, corner cells) by type."""
        tbl: dict = {}
        tblpr = element.find(w("tblPr"))
        if tblpr is not None:
            tbl["borders"] = parse_borders(tblpr.find(w("tblBorders")))
            tbl["margins"] = parse_cell_margins(tblpr.find(w("tblCellMar")))
            for key, tag in (("row_band", "tblStyleRowBandSize"), ("col_band", "tblStyleColBandSize")):
                size = tblpr.find(w(tag))
                if size is not None:
                    tbl[key] = max(1, min(to_int(size.get(_VAL)) or 1, 64))
        tcpr = element.find(w("tcPr"))
        if tcpr is not None:
            shd = tcpr.find(w("shd"))
            if shd is not None:
                tbl["shd"] = shading_colour(shd)
        conditions: dict = {}
        for cond in element.findall(w("tblStylePr")):
            kind = cond.get(w("type"))
            if kind not in TABLE_CONDITIONS:
                continue
            condition = {"rpr": parse_rpr(cond.find(w("rPr")), self.theme_fonts),
                         "ppr": parse_ppr(cond.find(w("pPr"))), "borders": {}}
            cond_tcpr = cond.find(w("tcPr"))
            if cond_tcpr is not None:
                shd = cond_tcpr.find(w("shd"))
                if shd is not None:
                    condition["shd"] = shading_colour(shd)
                condition["borders"] = parse_borders(cond_tcpr.find(w("tcBorders")))
            conditions[kind] = condition
        if conditions:
            tbl["conditions"] = conditions
        return tbl

    def style_name(self, style_id: str | None) -> str:
        """The display name of a style ('' when unknown)."""
        definition = self.sheet.get(style_id)
        return definition.name if definition else ""


def merge_ppr(target: dict, source: dict) -> None:
    """Paragraph properties of ``source`` laid over ``target``."""
    target.update(source)


def parse_cell_margins(element) -> dict[str, float]:
    """Cell margins of a ``tblCellMar``/``tcMar``: side -> points."""
    margins: dict[str, float] = {}
    if element is None:
        return margins
    for side in ("top", "left", "bottom", "right", "start", "end"):
        edge = element.find(w(side))
        if edge is None:
            continue
        if edge.get(w("type")) not in (None, "dxa"):
            continue
        value = twips(edge.get(w("w")), CELL_MARGIN)
        if value is not None:
            margins[{"start": "left", "end": "right"}.get(side, side)] = max(0.0, min(value, 72.0))
    return margins


def read_theme_fonts(theme_root) -> dict[str, str]:
    """The theme's major (headings) and minor (body) Latin typefaces."""
    fonts: dict[str, str] = {}
    if theme_root is None:
        return fonts
    for kind in ("major", "minor"):
        latin = theme_root.find(f".//{{{A_NS}}}{kind}Font/{{{A_NS}}}latin")
        if latin is not None and latin.get("typeface"):
            fonts[kind] = latin.get("typeface")
    return fonts
