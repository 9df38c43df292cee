"""The visible text of a Word paragraph, and where each character lives in the XML.

Word stores a paragraph's text in runs that may split a word anywhere, inside hyperlinks, smart
tags, content controls, tracked insertions and field results, between proofing marks and
bookmarks. ``paragraph_atoms`` walks all of that in reading order and yields *atoms*: each holds
one piece of visible text (a ``w:t`` text, a tab, a break) or a zero-width element (a field
character, a drawing), with its offset in the paragraph's text. Text that is not visible is
skipped: field codes, tracked deletions, hidden runs, and text boxes (they are paragraphs of
their own).

Walks over the XML are iterative, so nesting depth costs no Python recursion. Text written
into a part (``set_text``, ``append_text``) is made safe for XML: tab and line breaks become
``w:tab`` and ``w:br``; other control characters, lone surrogates and U+FFFE/U+FFFF, which XML
cannot hold, are dropped (review data refuses them before they get here, with an error naming
the amendment; this keeps the writer safe whatever calls it).
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass

from lxml import etree

from .props import is_on
from .xml import MC_NS, w

XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

P = w("p")
R = w("r")
T = w("t")
RPR = w("rPr")
PPR = w("pPr")

# Containers whose runs are part of the paragraph's flow.
TRANSPARENT = {
    w("hyperlink"),
    w("smartTag"),
    w("customXml"),
    w("sdt"),
    w("sdtContent"),
    w("ins"),
    w("moveTo"),
    w("fldSimple"),
    w("bdo"),
    w("dir"),
    f"{{{MC_NS}}}AlternateContent",
    f"{{{MC_NS}}}Choice",
}
# Subtrees that hold no visible text of this paragraph.
SKIPPED = {
    PPR,
    RPR,
    w("del"),
    w("moveFrom"),
    w("sdtPr"),
    w("sdtEndPr"),
    w("txbxContent"),
    f"{{{MC_NS}}}Fallback",
    w("instrText"),
    w("delText"),
    w("delInstrText"),
    w("fldData"),
}
VISIBLE_TEXT = {
    T: None,
    w("tab"): "\t",
    w("ptab"): "\t",
    w("br"): "\n",
    w("cr"): "\n",
    w("noBreakHyphen"): "-",
}
FLD_CHAR = w("fldChar")
VANISH = w("vanish")
FLD_CHAR_TYPE = w("fldCharType")
TEXT_BEARING = frozenset(VISIBLE_TEXT) | {w("softHyphen"), w("sym")}


@dataclass
class Atom:
    """One piece of a paragraph: a child of a run, its visible text and its offset."""

    run: etree._Element
    node: etree._Element
    start: int
    text: str

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def is_hidden(run: etree._Element) -> bool:
    """True when the run is formatted as hidden (w:vanish) by direct formatting."""
    rpr = run[0] if len(run) and run[0].tag == RPR else run.find(RPR)
    if rpr is None:
        return False
    return is_on(rpr.find(VANISH))


def node_text(node: etree._Element) -> str:
    """The visible text of one child of a run."""
    tag = node.tag
    if tag == T:
        return node.text or ""
    return VISIBLE_TEXT.get(tag) or ""


class _FieldState:
    """Tracks complex fields: text between 'begin' and 'separate' is the field code, not shown."""

    def __init__(self) -> None:
        self.stack: list[bool] = []  # per open field: True while in its code part

    @property
    def in_code(self) -> bool:
        return any(self.stack)

    def update(self, node: etree._Element) -> None:
        kind = node.get(FLD_CHAR_TYPE)
        if kind == "begin":
            self.stack.append(True)
        elif kind == "separate" and self.stack:
            self.stack[-1] = False
        elif kind == "end" and self.stack:
            self.stack.pop()


def iter_runs(paragraph: etree._Element):
    """The paragraph's runs in reading order, through transparent containers (iteratively:
    any depth of nesting costs no recursion)."""
    stack = [iter(paragraph)]
    while stack:
        for child in stack[-1]:
            tag = child.tag
            if tag == R:
                yield child
            elif tag in TRANSPARENT:
                stack.append(iter(child))
                break
        else:
            stack.pop()


def walk_paragraph(paragraph: etree._Element):
    """(run, node, visible text) for every child of every run, in reading order."""
    fields = _FieldState()
    may_hide = next(paragraph.iter(VANISH), None) is not None  # one fast search spares a look per run
    for run in iter_runs(paragraph):
        hidden = None if may_hide else False
        for node in run:
            tag = node.tag
            if tag == FLD_CHAR:
                fields.update(node)
                yield run, node, ""
                continue
            if tag in SKIPPED or not isinstance(tag, str) or fields.stack and fields.in_code:
                continue
            if hidden is None:
                hidden = is_hidden(run)
            if hidden:
                continue
            yield run, node, (node.text or "") if tag == T else (VISIBLE_TEXT.get(tag) or "")


def paragraph_atoms(paragraph: etree._Element) -> list[Atom]:
    """Atoms of a paragraph in reading order (see the module docstring)."""
    atoms: list[Atom] = []
    offset = 0
    for run, node, text in walk_paragraph(paragraph):
        atoms.append(Atom(run, node, offset, text))
        offset += len(text)
    return atoms


def paragraph_text(paragraph: etree._Element) -> str:
    """The visible text of a paragraph."""
    if next(paragraph.iter(FLD_CHAR, VANISH), None) is None:
        # No fields and nothing hidden (the usual paragraph): every run child shows its text.
        parts = []
        for run in iter_runs(paragraph):
            for node in run:
                tag = node.tag
                if tag == T:
                    parts.append(node.text or "")
                elif tag in VISIBLE_TEXT:
                    parts.append(VISIBLE_TEXT[tag])
        return "".join(parts)
    return "".join(text for _, _, text in walk_paragraph(paragraph))


# Characters XML 1.0 cannot hold: C0 controls but tab, newline and carriage return; lone
# surrogates; U+FFFE and U+FFFF.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Pieces of new text that are elements of their own: tab, and line breaks (vertical tab is
# Word's own manual line break).
_SPECIAL = re.compile("(\t|\r\n|\r|\n|\x0b)")
_BREAKS = frozenset(("\n", "\r\n", "\r", "\x0b"))


def xml_safe(text: str) -> str:
    """The text without the characters XML cannot hold."""
    return NOT_XML.sub("", text)


def set_text(node: etree._Element, text: str) -> None:
    """Set a w:t's text, preserving spaces at its ends; characters XML cannot hold are dropped."""
    try:
        node.text = text
    except ValueError:  # lxml refuses control characters (ValueError) and surrogates (UnicodeEncodeError)
        text = xml_safe(text)
        node.text = text
    if text != text.strip() or "  " in text:
        node.set(XML_SPACE, "preserve")


def new_run_like(template: etree._Element | None) -> etree._Element:
    """An empty run with a copy of the template run's properties."""
    run = etree.Element(R)
    if template is not None:
        rpr = template.find(RPR)
        if rpr is not None:
            run.append(copy.deepcopy(rpr))
    return run


def append_text(run: etree._Element, text: str) -> None:
    """Append text to a run as w:t, w:tab and w:br children (a line break may be written
    '\\n', '\\r\\n', '\\r' or a vertical tab); characters XML cannot hold are dropped."""
    for piece in _SPECIAL.split(text):
        if not piece:
            continue
        if piece == "\t":
            etree.SubElement(run, w("tab"))
        elif piece in _BREAKS:
            etree.SubElement(run, w("br"))
        else:
            if NOT_XML.search(piece):
                piece = xml_safe(piece)
                if not piece:
                    continue
            set_text(etree.SubElement(run, T), piece)


def split_text_node(node: etree._Element, at: int) -> etree._Element:
    """Split a w:t in two at a character position; returns the new right-hand w:t."""
    text = node.text or ""
    right = etree.Element(T)
    node.addnext(right)
    set_text(node, text[:at])
    set_text(right, text[at:])
    return right


def split_run_before(run: etree._Element, node: etree._Element) -> etree._Element:
    """Move ``node`` and everything after it in the run into a new run right after it.

    The new run has the same properties; returns it.
    """
    new = etree.Element(R, attrib=dict(run.attrib))
    rpr = run.find(RPR)
    if rpr is not None:
        new.append(copy.deepcopy(rpr))
    moving = False
    for child in list(run):
        if child is node:
            moving = True
        if moving:
            new.append(child)
    run.addnext(new)
    return new


def isolate(paragraph: etree._Element, boundaries: set[int]) -> list[Atom]:
    """Split runs so that every offset in ``boundaries`` falls between two runs.

    Returns the paragraph's atoms afterwards: any range between two boundaries is then covered
    by whole runs, which can be struck, removed or given new neighbours.
    """
    atoms = paragraph_atoms(paragraph)
    for atom in atoms:
        if atom.node.tag != T:
            continue
        cuts = sorted(b - atom.start for b in boundaries if atom.start < b < atom.end)
        node = atom.node
        done = 0
        for cut in cuts:
            node = split_text_node(node, cut - done)
            done = cut
    for atom in paragraph_atoms(paragraph):
        if atom.start in boundaries and atom.text and not starts_run(atom.node):
            split_run_before(atom.node.getparent(), atom.node)
    return paragraph_atoms(paragraph)


def starts_run(node: etree._Element) -> bool:
    """True when no visible text comes before ``node`` in its run."""
    for child in node.getparent():
        if child is node:
            return True
        if child.tag in TEXT_BEARING and node_text(child):
            return False
    return True
