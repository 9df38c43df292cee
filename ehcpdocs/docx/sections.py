"""Find sections A to K in a council's Word plan, whatever its layout, and the plan's details.

Layouts recognised (the primer lists them):
- a heading per section, in a heading style or as a bold paragraph: "Section A: ...",
  "Section A – ...", "A. ...", "A - ...", with or without the statutory title;
- the title in a (shaded) cell at the top of a table holding the section, or a one-cell title box;
- sub-parts: A1/A2 stay in A; a single "Section H" block may hold H1 and H2 sub-headings;
- sections in any order;
- area-of-need tables whose rows are labelled "Needs (Section B)", "Outcomes (Section E)",
  "Provision (Section F)" (or whose header row labels columns that way): those cells belong to
  the labelled section, so a section is a set of places, not one block.

Everything outside the sections' content (headings, labels, the details table) is not a place,
so amendments cannot touch it by accident.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from ..errors import NotWordDocumentError, PlanStructureError
from ..model.dates import parse_date
from ..model.plan import Place, Plan, PlanDetails, Row, Section
from .package import Package
from .styles import StyleSheet, on_off
from .text import iter_runs, paragraph_text
from .xml import MC_NS, w

P, TBL, TR, TC, SDT, SDT_CONTENT = w("p"), w("tbl"), w("tr"), w("tc"), w("sdt"), w("sdtContent")
T, NO_BREAK_HYPHEN = w("t"), w("noBreakHyphen")
CUSTOM_XML = w("customXml")

SECTION_RE = re.compile(
    r"""^\s*(?P<explicit>sections?\s+)?
        (?P<letter>[A-K])(?P<sub>\d{1,2})?
        (?:\s*[:.\-–—)]\s*|\s+(?=[A-Z(‘'"“])|\s*$)
        (?P<title>.*?)\s*$""",
    re.IGNORECASE | re.VERBOSE | re.DOTALL,
)
LABEL_RE = re.compile(r"\(?\bsections?\s+(?P<letter>[A-K])(?P<sub>[12])?\b\)?", re.IGNORECASE)

TITLE_WORDS = {
    "A": ("view", "interest", "aspiration", "about me", "history", "all about", "child", "young person"),
    "B": ("special educational need", "need", "sen"),
    "C": ("health",),
    "D": ("social care", "social"),
    "E": ("outcome",),
    "F": ("provision", "special educational provision"),
    "G": ("health",),
    "H": ("social care", "social"),
    "I": ("placement", "school", "institution", "name and type", "setting", "education"),
    "J": ("personal budget", "budget", "direct payment"),
    "K": ("advice", "information", "report", "appendi"),
}
MAX_HEADING_CHARS = 200
HEADING_STARTS = frozenset("SsABCDEFGHIJK")


@dataclass(frozen=True)
class HeadingText:
    """What a heading's words say: the section (A..K, H1, H2), a sub-part and the title."""

    letter: str
    sub: str | None
    title: str
    explicit: bool


def parse_heading_text(text: str) -> HeadingText | None:
    """Read 'Section B – Special educational needs' or 'A. Views'; None when it is not one."""
    if not text or len(text) > 2 * MAX_HEADING_CHARS or text.lstrip()[:1] not in HEADING_STARTS:
        return None
    text = " ".join(text.split())
    if len(text) > MAX_HEADING_CHARS:
        return None
    match = SECTION_RE.match(text)
    if not match:
        return None
    explicit = bool(match.group("explicit"))
    letter = match.group("letter")
    if not explicit and letter != letter.upper():
        return None
    letter = letter.upper()
    sub = match.group("sub")
    title = match.group("title").strip(" :-–—.")
    if re.match(r"^(and|&|,)\b", title, re.IGNORECASE):
        return None  # "Sections B, E and F": a heading over several sections, not one
    return HeadingText(letter=letter, sub=sub, title=title, explicit=explicit)


GROUP_RE = re.compile(r"^\s*sections\s+[A-K]\d?(\s*(,|and|&)\s*[A-K]\d?)+\b", re.IGNORECASE)


def is_group_heading(text: str) -> bool:
    """'Sections B, E and F: ...': a heading over several sections laid out together."""
    return len(text) <= MAX_HEADING_CHARS and bool(GROUP_RE.match(text))


def title_fits(letter: str, title: str) -> bool:
    """True when a title (possibly empty) reads like the statutory title of that section."""
    if not title:
        return True
    lowered = title.lower()
    return any(word in lowered for word in TITLE_WORDS.get(letter, ()))


def section_of(heading: HeadingText) -> str:
    """The section a heading starts: H1 and H2 are sections; other sub-parts stay in theirs."""
    if heading.letter == "H" and heading.sub in ("1", "2"):
        return f"H{heading.sub}"
    return heading.letter


def label_letter(text: str) -> str | None:
    """The section a short label cell names: 'Needs (Section B)' -> 'B'."""
    text = " ".join(text.split())
    if not text or len(text) > 80:
        return None
    match = LABEL_RE.search(text)
    if not match:
        return None
    letter = match.group("letter").upper()
    if letter == "H" and match.group("sub"):
        return f"H{match.group('sub')}"
    return letter


NAME_EXCLUDE = re.compile(
    r"prefer|known as|parent|carer|school|setting|author|professional|coordinator|officer|worker|"
    r"nhs|contact|social|keyworker|key worker|signed|doctor|gp|manager|headteacher|sendco|senco",
    re.IGNORECASE,
)


def detail_field(label: str) -> str | None:
    """Which plan detail a label names: 'name', 'first_name', 'last_name', 'dob', 'reference'."""
    label = " ".join(label.replace("*", " ").split()).strip(" :").lower()
    if not label or len(label) > 60:
        return None
    if re.search(r"date of birth|\bd\.?o\.?b\b|birth date", label):
        return "dob"
    if re.search(r"\b(nhs|upn|urn|uln)\b", label):
        return None
    if re.search(r"(ehc|ehcp|plan|case|our|unique)\b.*\b(ref|reference|number|no\.?|id)\b|^ref(erence)?( number| no\.?)?$", label):
        return "reference"
    if NAME_EXCLUDE.search(label):
        return None
    if re.search(r"first name|forename|given name", label):
        return "first_name"
    if re.search(r"surname|last name|family name", label):
        return "last_name"
    if re.search(r"\bname\b", label):
        return "name"
    return None


@dataclass
class PlanDocument:
    """A plan read from Word, with the handles the writers need to change it.

    ``paragraphs[key]`` and ``rows[key]`` are the lxml elements behind ``Place.key`` and
    ``Row.key``; ``heading_keys`` maps each section to its heading paragraph's key.
    """

    package: Package
    root: etree._Element
    styles: StyleSheet
    plan: Plan
    paragraphs: list[etree._Element]
    rows: list[etree._Element]
    headings: dict[etree._Element, tuple[str, str]] = field(default_factory=dict)
    heading_keys: dict[str, int] = field(default_factory=dict)


class _Finder:
    """Walks the body once, in document order, assigning every paragraph and row.

    With ``headings_only`` it finds the same headings without the places and rows (a PDF
    outline needs no more): cell paragraphs are not read, and of a row's other cells only
    whether they hold text.
    """

    def __init__(self, styles: StyleSheet, *, headings_only: bool = False) -> None:
        self.styles = styles
        self.headings_only = headings_only
        self.sections: dict[str, Section] = {}
        self.current: str | None = None
        self.paragraphs: list[etree._Element] = []
        self.rows: list[etree._Element] = []
        self.headings: dict[etree._Element, tuple[str, str]] = {}
        self.heading_keys: dict[str, int] = {}
        self.preamble: list[etree._Element] = []
        self.body_paragraphs = 0
        self.table_count = 0
        self.texts: dict[etree._Element, str] = {}

    def text_of(self, paragraph: etree._Element) -> str:
        """A paragraph's visible text, computed once per walk."""
        if self.headings_only:
            return paragraph_text(paragraph)  # each paragraph is read once: nothing to remember
        text = self.texts.get(paragraph)
        if text is None:
            text = self.texts[paragraph] = paragraph_text(paragraph)
        return text

    def cell_text(self, tc: etree._Element) -> str:
        """A cell's visible text, paragraphs joined by a space."""
        return " ".join(self.text_of(p) for p in tc.iter(P) if not in_textbox(p, tc))

    def row_texts(self, cells: list[etree._Element], whole: bool) -> list[str]:
        """The cells' texts. In a headings-only walk, unless ``whole``, only the first cell's
        text is read, and of the others only whether one holds text (it reads "x"): that is
        all a title row and row labels depend on."""
        if whole or not self.headings_only:
            return [self.cell_text(tc) for tc in cells]
        if not cells:
            return []
        texts = [self.cell_text(cells[0])] + [""] * (len(cells) - 1)
        for index in range(1, len(cells)):
            if may_hold_text(cells[index]) and self.cell_text(cells[index]).strip():
                texts[index] = "x"
                break
        return texts

    # -- paragraphs ---------------------------------------------------------------------------

    def is_emphasised(self, paragraph: etree._Element) -> bool:
        """True when the paragraph looks like a heading: heading style, or all its text bold."""
        ppr = paragraph.find(w("pPr"))
        style_id = None
        if ppr is not None:
            style = ppr.find(w("pStyle"))
            style_id = style.get(w("val")) if style is not None else None
            if ppr.find(w("outlineLvl")) is not None:
                return True
        if self.styles.is_heading(style_id):
            return True
        paragraph_bold = self.styles.is_bold(style_id)
        seen_text = False
        for run in iter_runs(paragraph):
            text = "".join(t.text or "" for t in run.iter(w("t")))
            if not text.strip():
                continue
            seen_text = True
            if not self.run_is_bold(run, paragraph_bold):
                return False
        return seen_text

    def run_is_bold(self, run: etree._Element, paragraph_bold: bool) -> bool:
        rpr = run.find(w("rPr"))
        if rpr is not None:
            direct = on_off(rpr.find(w("b")))
            if direct is not None:
                return direct
            rstyle = rpr.find(w("rStyle"))
            if rstyle is not None and self.styles.is_bold(rstyle.get(w("val"))):
                return True
        return paragraph_bold

    def heading_of(self, paragraph: etree._Element, text: str, *, in_title_cell: bool) -> HeadingText | None:
        """The section heading a paragraph is, if it is one."""
        heading = parse_heading_text(text)
        if heading is None:
            return None
        if heading.explicit:
            return heading
        if not (in_title_cell or self.is_emphasised(paragraph)):
            return None
        if heading.sub and self.current and self.current[0] == heading.letter:
            return heading  # a sub-part of the section we are in: A2 in A, H1 in H
        return heading if title_fits(heading.letter, heading.title) else None

    def start_section(self, heading: HeadingText, paragraph: etree._Element, key: int, where: str) -> None:
        letter = section_of(heading)
        if heading.sub and letter not in ("H1", "H2") and self.current and self.current[0] == heading.letter:
            return  # a sub-part (A1, A2) of the section we are in
        title = heading.title
        self.headings[paragraph] = (letter, title)
        if letter not in self.sections:
            self.sections[letter] = Section(letter=letter, title=title, heading_where=where)
            self.heading_keys[letter] = key
        self.current = letter

    def add_paragraph(self, paragraph: etree._Element, *, section: str | None, where: str,
                      table: int | None = None, row: int | None = None, cell: int | None = None,
                      allow_heading: bool = True, in_title_cell: bool = False) -> int:
        key = len(self.paragraphs)
        self.paragraphs.append(paragraph)
        if self.headings_only and not allow_heading:
            return key
        text = self.text_of(paragraph)
        if allow_heading and is_group_heading(text) and self.is_emphasised(paragraph):
            self.current = None  # "Sections B, E and F": labelled tables follow
            return key
        if allow_heading:
            heading = self.heading_of(paragraph, text, in_title_cell=in_title_cell)
            if heading is not None:
                before = self.current
                self.start_section(heading, paragraph, key, where)
                if self.current != before or paragraph in self.headings:
                    return key
        owner = section if section is not None else self.current
        if owner is None:
            if not self.sections:
                self.preamble.append(paragraph)
            return key
        if self.headings_only:
            return key
        if owner not in self.sections:
            # a labelled place of a section with no heading of its own (area-of-need tables)
            self.sections[owner] = Section(letter=owner, title="", heading_where=where)
        self.sections[owner].places.append(
            Place(key=key, section=owner, text=text, where=where, table=table, row=row, cell=cell)
        )
        return key

    # -- the body ----------------------------------------------------------------------------

    def walk(self, container: etree._Element) -> None:
        for child in container:
            tag = child.tag
            if tag == P:
                self.body_paragraphs += 1
                self.add_paragraph(child, section=None, where=f"paragraph {self.body_paragraphs}")
            elif tag == TBL:
                self.walk_table(child, section=None)
            elif tag == SDT:
                content = child.find(SDT_CONTENT)
                if content is not None:
                    self.walk(content)
            elif tag in (CUSTOM_XML, f"{{{MC_NS}}}AlternateContent"):
                self.walk(child)

    def walk_table(self, table: etree._Element, section: str | None, outer: str = "") -> None:
        self.table_count += 1
        table_index = self.table_count
        rows = iter_rows(table)
        if self.headings_only and next(table.iterdescendants(TBL), None) is None:
            if section is None:
                self.title_rows(rows, f"{outer}table {table_index}")
            return
        cells_of = [iter_cells(tr) for tr in rows]
        texts_of = [self.row_texts(cells, whole=index == 0) for index, cells in enumerate(cells_of)]
        columns = self.column_labels(cells_of[0], texts_of[0]) if rows else {}
        labels = [None] * len(rows) if columns else implied_row_labels(texts_of, cells_of)
        for row_number, tr in enumerate(rows, start=1):
            cells, texts = cells_of[row_number - 1], texts_of[row_number - 1]
            where_row = f"{outer}table {table_index}, row {row_number}"
            if not cells or (columns and row_number == 1):
                if not cells:
                    continue
                self.register_silently(tr)
                continue
            if section is None and self.is_title_row(texts):
                first = first_paragraph(cells[0])
                heading = self.heading_of(first, texts[0], in_title_cell=True) if first is not None else None
                if heading is not None:
                    key = len(self.paragraphs)
                    self.register_silently(tr)
                    self.start_section(heading, first, key, where_row)
                    continue
            explicit_label = label_letter(texts[0]) if len(cells) > 1 and not columns else None
            row_label = explicit_label or labels[row_number - 1]
            row_key = len(self.rows)
            self.rows.append(tr)
            owners: dict[str, list[tuple[int, ...]]] = {}
            cell_keys: list[tuple[int, ...]] = []
            for cell_number, tc in enumerate(cells, start=1):
                if explicit_label is not None and cell_number == 1:
                    cell_keys.append(tuple(self.register_silently(tc)))
                    continue
                if row_label is not None:
                    owner = row_label
                elif columns:
                    owner = columns.get(cell_number - 1, section or self.current)
                else:
                    owner = section or self.current
                cell_keys.append(tuple(self.walk_cell(tc, owner, table_index, row_key, cell_number, where_row)))
                if owner is not None:
                    owners.setdefault(owner, [])
            if self.headings_only:
                continue  # rows are places, which a headings-only walk does not keep
            for owner in owners:
                if owner in self.sections:
                    self.sections[owner].rows.append(
                        Row(key=row_key, section=owner, table=table_index, index=row_number,
                            cells=tuple(cell_keys), texts=tuple(texts), where=where_row)
                    )

    def title_rows(self, rows: list[etree._Element], where: str) -> None:
        """The headings of a table without nested tables, for a headings-only walk: only a
        title row (text in its first cell alone) can hold one, and only if that text reads as
        a heading, so other cells are looked at only then. A header row labelling columns with
        sections has two cells with text, so it is never a title row either."""
        for row_number, tr in enumerate(rows, start=1):
            cells = iter_cells(tr)
            if not cells:
                continue
            text = self.cell_text(cells[0])
            if parse_heading_text(text) is None:
                continue
            if any(may_hold_text(tc) and self.cell_text(tc).strip() for tc in cells[1:]):
                continue
            first = first_paragraph(cells[0])
            heading = self.heading_of(first, text, in_title_cell=True) if first is not None else None
            if heading is not None:
                self.start_section(heading, first, len(self.paragraphs), f"{where}, row {row_number}")

    def register_silently(self, element: etree._Element) -> list[int]:
        """Give the paragraphs of a label cell or title row keys without making them places."""
        keys = []
        for paragraph in element.iter(P):
            keys.append(len(self.paragraphs))
            self.paragraphs.append(paragraph)
        return keys

    def walk_cell(self, tc, owner, table_index, row_key, cell_number, where_row) -> list[int]:
        keys = []
        if self.headings_only and next(tc.iter(TBL), None) is None:
            return keys  # cell paragraphs are never headings; only a nested table may hold one
        for child in iter_cell_content(tc):
            if child.tag == P:
                keys.append(self.add_paragraph(
                    child, section=owner, where=f"{where_row}, cell {cell_number}",
                    table=table_index, row=row_key, cell=cell_number, allow_heading=False,
                ))
            elif child.tag == TBL:
                start = len(self.paragraphs)
                self.walk_table(child, section=owner or self.current, outer=f"{where_row}, cell {cell_number}, nested ")
                keys.extend(range(start, len(self.paragraphs)))
        return keys

    @staticmethod
    def is_title_row(texts: list[str]) -> bool:
        """A row that can hold a section title: only its first cell has text."""
        filled = [text for text in texts if text.strip()]
        return len(filled) == 1 and bool(texts[0].strip())

    @staticmethod
    def column_labels(cells: list[etree._Element], texts: list[str]) -> dict[int, str]:
        """Column -> section when a header row labels two or more columns with sections."""
        labels = {index: label_letter(text) for index, text in enumerate(texts)}
        labels = {index: letter for index, letter in labels.items() if letter}
        return labels if len(set(labels.values())) >= 2 else {}


def implied_row_labels(texts_of: list[list[str]], cells_of: list[list[etree._Element]]) -> list[str | None]:
    """For tables with labelled rows: the section of each unlabelled row (title, strengths).

    An unlabelled row belongs with the next labelled row, or the last one at the end of the
    table. Tables without labelled rows get None for every row.
    """
    explicit = [label_letter(texts[0]) if len(texts) > 1 else None for texts in texts_of]
    if not any(explicit):
        return [None] * len(texts_of)
    implied: list[str | None] = list(explicit)
    following = None
    for index in range(len(implied) - 1, -1, -1):
        if explicit[index]:
            following = explicit[index]
        elif following:
            implied[index] = following
    preceding = None
    for index, label in enumerate(implied):
        if label:
            preceding = label
        elif preceding:
            implied[index] = preceding
    return implied


def children_through_controls(parent: etree._Element, tag: str) -> list[etree._Element]:
    """The children with ``tag``, including those wrapped in content controls or custom XML."""
    found = []
    for child in parent:
        child_tag = child.tag
        if child_tag == tag:
            found.append(child)
        elif child_tag == SDT or child_tag == CUSTOM_XML:
            content = child.find(SDT_CONTENT) if child_tag == SDT else child
            if content is not None:
                found.extend(children_through_controls(content, tag))
    return found


def iter_rows(table: etree._Element) -> list[etree._Element]:
    """The table's rows, through row-level content controls."""
    return children_through_controls(table, TR)


def iter_cells(tr: etree._Element) -> list[etree._Element]:
    """The row's cells, through cell-level content controls."""
    return children_through_controls(tr, TC)


def iter_cell_content(tc: etree._Element):
    """Paragraphs and tables directly in a cell (through block content controls)."""
    for child in tc:
        if child.tag in (P, TBL):
            yield child
        elif child.tag == SDT:
            content = child.find(SDT_CONTENT)
            if content is not None:
                yield from iter_cell_content(content)
        elif child.tag == CUSTOM_XML:
            yield from iter_cell_content(child)


def first_paragraph(tc: etree._Element) -> etree._Element | None:
    for child in iter_cell_content(tc):
        if child.tag == P:
            return child
    return None


def cell_text(tc: etree._Element) -> str:
    """A cell's visible text, paragraphs joined by a space."""
    return " ".join(paragraph_text(p) for p in tc.iter(P) if not in_textbox(p, tc))


def may_hold_text(tc: etree._Element) -> bool:
    """False when a cell surely shows no text: none of its text elements holds any."""
    for node in tc.iter(T, NO_BREAK_HYPHEN):
        if node.tag == NO_BREAK_HYPHEN or node.text and not node.text.isspace():
            return True
    return False


def in_textbox(paragraph: etree._Element, stop: etree._Element) -> bool:
    parent = paragraph.getparent()
    while parent is not None and parent is not stop:
        if parent.tag == w("txbxContent"):
            return True
        parent = parent.getparent()
    return False


def find_details(finder: "_Finder", body: etree._Element, header_roots) -> PlanDetails:
    """The child's name, date of birth and plan reference from labelled cells or lines.

    Tables come first (a details table), then 'Label: value' lines before the first section,
    then the page headers (``header_roots`` is called only if the body does not say it all).
    """
    found: dict[str, str] = {}

    def offer(label: str, value: str) -> None:
        kind = detail_field(label)
        value = " ".join(value.split())
        if kind and value and kind not in found:
            found[kind] = value

    def complete() -> bool:
        return {"reference", "dob"} <= found.keys() and ("name" in found or "first_name" in found)

    for table in body.iter(TBL):
        for tr in iter_rows(table):
            cells = [finder.cell_text(tc) for tc in iter_cells(tr)]
            for index in range(len(cells) - 1):
                offer(cells[index], cells[index + 1])
        if complete():
            break
    for paragraph in finder.preamble:
        offer_line(finder.text_of(paragraph), offer)
    if not complete():
        for root in header_roots():
            for paragraph in root.iter(P):
                offer_line(paragraph_text(paragraph), offer)
    details = PlanDetails(reference=found.get("reference"))
    details.first_name = found.get("first_name")
    details.last_name = found.get("last_name")
    details.name = found.get("name") or (
        " ".join(x for x in (details.first_name, details.last_name) if x) or None
    )
    if "dob" in found:
        details.date_of_birth_text = found["dob"]
        details.date_of_birth = parse_date(found["dob"])
    return details


def offer_line(text: str, offer) -> None:
    """Offer a 'Label: value' line as a detail."""
    if ":" in text:
        label, _, value = text.partition(":")
        offer(label, value)


def read_plan_document(package: Package, *, require_sections: bool = True) -> PlanDocument:
    """Read a package as a plan: sections, places, rows and details."""
    root = package.xml(package.main_part)
    if root is None or root.find(w("body")) is None:
        raise NotWordDocumentError("has no document body", file=package.name)
    styles = StyleSheet(package.xml(styles_part(package)) if styles_part(package) else None)
    finder = _Finder(styles)
    finder.walk(root.find(w("body")))
    sections = finder.sections
    if "H" in sections and not sections["H"].places and not sections["H"].rows and (
        "H1" in sections or "H2" in sections
    ):
        del sections["H"]
    if require_sections and not sections:
        raise PlanStructureError(
            "no EHCP sections found: expected headings such as 'Section A: ...' or 'A. Views ...'",
            file=package.name,
        )
    def headers():
        trees = (package.xml(part) for part in package.related(package.main_part, "/header"))
        return [tree for tree in trees if tree is not None]

    details = find_details(finder, root.find(w("body")), headers)
    plan = Plan(
        sections=sections,
        details=details,
        file=package.name,
        paragraph_count=finder.body_paragraphs,
        table_count=finder.table_count,
    )
    return PlanDocument(
        package=package,
        root=root,
        styles=styles,
        plan=plan,
        paragraphs=finder.paragraphs,
        rows=finder.rows,
        headings=finder.headings,
        heading_keys=finder.heading_keys,
    )


def read_details(package: Package) -> PlanDetails:
    """The plan's details without finding its sections, when its tables give them all.

    Tables are where ``read_plan_document`` looks first, so the answer is the same; a plan that
    keeps its details elsewhere is read in full.
    """
    root = package.xml(package.main_part)
    body = root.find(w("body")) if root is not None else None
    if body is not None:
        details = find_details(_Finder(StyleSheet(None)), body, lambda: [])
        if details.reference and details.date_of_birth_text and details.name:
            return details
    return read_plan_document(package, require_sections=False).plan.details


def styles_part(package: Package) -> str | None:
    """The name of the styles part, if the document has one."""
    parts = package.related(package.main_part, "/styles")
    return parts[0] if parts else None


def section_headings(document_root: etree._Element, styles_root: etree._Element | None = None) -> dict:
    """Each section heading paragraph of a document tree -> (letter, title), for PDF outlines."""
    finder = _Finder(StyleSheet(styles_root), headings_only=True)
    body = document_root.find(w("body"))
    if body is not None:
        finder.walk(body)
    return dict(finder.headings)
