"""Two more markup schemes: real Word tracked changes, and the SEND Tribunal's working-document key.

``Tracked`` writes revisions Word and LibreOffice understand: removed text in ``w:del`` (as
``w:delText``), new text in ``w:ins``, removed and added paragraph marks and table rows marked
in their properties. Every revision carries an author, a date and a unique id; the date is
fixed (or given by the caller), so the same inputs give the same bytes. Accept All gives the
new text, Reject All the old.

``Tribunal(party)`` marks changes the way the SEND Tribunal's working document keys them:

=========  =========================  ===============================
party      additions                  deletions
=========  =========================  ===============================
la         italic                     italic and struck through
parent     bold                       bold and struck through
agreed     underlined                 underlined and struck through
=========  =========================  ===============================

Agreed deletions are underlined as well as struck so they read as agreed (underlined), not as
either party's proposal. Each mark also carries a character style (``EhcpAdditionLA``,
``EhcpDeletionParent``...) so ``finalise`` can tell the marks from the plan's own formatting.

``make_scheme`` builds any scheme by its command-line name.
"""

from __future__ import annotations

import re

from lxml import etree

from ..errors import InputError
from .markup import BoldStrike, Final, Scheme, base_style
from .props import property_on
from .runs import ensure_rpr, get_style, remove_property, set_property
from .text import PPR, RPR, T, append_text, iter_runs, new_run_like
from .xml import w

DEFAULT_AUTHOR = "ehcpdocs"
DEFAULT_DATE = "2000-01-01T00:00:00Z"
PARTIES = ("la", "parent", "agreed")
PARTY_LOOK = {"la": ("i", "iCs"), "parent": ("b", "bCs"), "agreed": ("u",)}
PARTY_TAG = {"la": "LA", "parent": "Parent", "agreed": "Agreed"}
PARTY_NAME = {"la": "local authority", "parent": "parent", "agreed": "agreed"}
# Where a revision mark goes among a paragraph mark's or a row's properties (schema order).
PPR_TAIL = (w("sectPr"), w("pPrChange"))
TRPR_TAIL = (w("trPrChange"),)


class Tracked(Scheme):
    """Word tracked changes (see the module docstring)."""

    name = "tracked"

    def __init__(self, *, author: str = DEFAULT_AUTHOR, date: str = DEFAULT_DATE) -> None:
        super().__init__()
        self.author = author
        self.date = date
        self.next_id: int | None = None

    def revision(self, kind: str, reference: etree._Element | None = None) -> etree._Element:
        """A new ``w:ins``/``w:del`` element with id, author and date."""
        if self.next_id is None:
            self.next_id = first_free_id(reference)
        element = etree.Element(w(kind))
        element.set(w("id"), str(self.next_id))
        element.set(w("author"), self.author)
        element.set(w("date"), self.date)
        self.next_id += 1
        return element

    def wrap(self, runs: list[etree._Element], kind: str) -> None:
        """Wrap runs in revisions, one per stretch of neighbouring runs."""
        previous = None
        for run in runs:
            parent = run.getparent()
            if parent is None:
                continue
            if parent.tag == w(kind):
                previous = parent
                continue
            if previous is not None and previous.getnext() is run:
                previous.append(run)
                continue
            mark = self.revision(kind, run)
            run.addprevious(mark)
            mark.append(run)
            previous = mark

    def delete_runs(self, runs: list[etree._Element]) -> None:
        for run in runs:
            for node in run:
                if node.tag == T:
                    node.tag = w("delText")
                elif node.tag == w("instrText"):
                    node.tag = w("delInstrText")
        self.wrap(runs, "del")

    def added_run(self, template: etree._Element | None, text: str) -> etree._Element:
        run = new_run_like(template)
        append_text(run, text)
        mark = self.revision("ins", template)
        mark.append(run)
        return mark

    def mark_added(self, runs: list[etree._Element]) -> None:
        """Runs already in the document, shown as inserted (the comparison uses this)."""
        self.wrap(runs, "ins")

    def remove_paragraph(self, paragraph: etree._Element) -> None:
        runs = [run for run in iter_runs(paragraph) if run.getparent().tag != w("del")]
        self.delete_runs(runs)
        self.mark_paragraph(paragraph, "del")

    def remove_row(self, row: etree._Element) -> None:
        for paragraph in row.iter(w("p")):
            self.remove_paragraph(paragraph)
        self.mark_row(row, "del")

    def added_paragraph(self, paragraph: etree._Element) -> None:
        self.mark_paragraph(paragraph, "ins")

    def added_row(self, row: etree._Element) -> None:
        for paragraph in row.iter(w("p")):
            runs = [run for run in iter_runs(paragraph) if run.getparent().tag != w("ins")]
            self.wrap(runs, "ins")
        self.mark_row(row, "ins")

    def mark_paragraph(self, paragraph: etree._Element, kind: str) -> None:
        """Mark a paragraph's mark inserted or deleted (``w:pPr/w:rPr/w:ins|w:del``)."""
        ppr = paragraph.find(PPR)
        if ppr is None:
            ppr = etree.Element(PPR)
            paragraph.insert(0, ppr)
        rpr = ppr.find(RPR)
        if rpr is None:
            rpr = etree.Element(RPR)
            tail = next((child for child in ppr if child.tag in PPR_TAIL), None)
            if tail is not None:
                tail.addprevious(rpr)
            else:
                ppr.append(rpr)
        if rpr.find(w(kind)) is None:
            rpr.insert(0, self.revision(kind, paragraph))

    def mark_row(self, row: etree._Element, kind: str) -> None:
        """Mark a table row inserted or deleted (``w:trPr/w:ins|w:del``)."""
        trpr = row.find(w("trPr"))
        if trpr is None:
            trpr = etree.Element(w("trPr"))
            exceptions = row.find(w("tblPrEx"))
            if exceptions is not None:
                exceptions.addnext(trpr)
            else:
                row.insert(0, trpr)
        if trpr.find(w(kind)) is not None:
            return
        mark = self.revision(kind, row)
        tail = next((child for child in trpr if child.tag in TRPR_TAIL), None)
        if tail is not None:
            tail.addprevious(mark)
        else:
            trpr.append(mark)


def first_free_id(reference: etree._Element | None) -> int:
    """One more than the largest numeric ``w:id`` in the document ``reference`` belongs to."""
    if reference is None:
        return 1
    root = reference.getroottree().getroot()
    largest = 0
    for element in root.iter():
        value = element.get(w("id")) if isinstance(element.tag, str) else None
        if value is not None and value.lstrip("-").isdigit():
            largest = max(largest, int(value))
    return largest + 1


class Tribunal(Scheme):
    """The SEND Tribunal working-document key for one party (see the module docstring)."""

    name = "tribunal"

    def __init__(self, party: str = "la") -> None:
        super().__init__()
        if party not in PARTIES:
            raise InputError(f"unknown party {party!r}; choose from {', '.join(PARTIES)}")
        self.party = party
        self.look = PARTY_LOOK[party]

    def style(self, kind: str, base: str | None, kept: bool) -> str:
        """The amendment style for this party's additions or deletions over a base style."""
        tag = PARTY_TAG[self.party]
        prefix = "EhcpAddition" if kind == "addition" else "EhcpDeletion"
        style_id = prefix + tag + ("Kept" if kept else "") + (base or "")
        what = "addition" if kind == "addition" else "deletion"
        name = f"EHCP tribunal {PARTY_NAME[self.party]} {what}" + (" (kept look)" if kept else "") + (f" ({base})" if base else "")
        look = ("strike",) if kind == "deletion" else ()
        if self.party != "agreed":
            look = tuple(self.look) + look
        self.styles.needed[style_id] = (name, base, look)
        return style_id

    def has_look(self, rpr: etree._Element) -> bool:
        """True when text already looks like this party's mark (a bold heading, for parents)."""
        main = self.look[0]
        if main == "u":
            underline = rpr.find(w("u"))
            return underline is not None and underline.get(w("val"), "single") != "none"
        return property_on(rpr, main)

    def apply_look(self, rpr: etree._Element) -> None:
        for prop in self.look:
            set_property(rpr, prop, "single" if prop == "u" else None)

    def delete_runs(self, runs: list[etree._Element]) -> None:
        for run in runs:
            rpr = ensure_rpr(run)
            kept = self.has_look(rpr)
            set_property(rpr, "rStyle", self.style("deletion", tribunal_base(get_style(rpr)), kept))
            remove_property(rpr, "dstrike")
            set_property(rpr, "strike")
            self.apply_look(rpr)

    def added_run(self, template: etree._Element | None, text: str) -> etree._Element:
        run = new_run_like(template)
        rpr = ensure_rpr(run)
        kept = self.has_look(rpr)
        set_property(rpr, "rStyle", self.style("addition", tribunal_base(get_style(rpr)), kept))
        remove_property(rpr, "strike", "dstrike", "vanish")
        self.apply_look(rpr)
        append_text(run, text)
        return run

    def mark_added(self, runs: list[etree._Element]) -> None:
        for run in runs:
            rpr = ensure_rpr(run)
            kept = self.has_look(rpr)
            set_property(rpr, "rStyle", self.style("addition", tribunal_base(get_style(rpr)), kept))
            remove_property(rpr, "strike", "dstrike")
            self.apply_look(rpr)


MARK_PREFIXES = tuple(
    prefix + tag + kept
    for prefix in ("EhcpAddition", "EhcpDeletion")
    for tag in PARTY_TAG.values()
    for kept in ("Kept", "")
) + ("EhcpAdditionBold", "EhcpAddition", "EhcpDeletion")


def mark_of(style_id: str | None) -> tuple[str, str, bool, str | None] | None:
    """What one of ehcpdocs' amendment styles says: (kind, party or '', look kept, base style).

    ``kind`` is 'addition' or 'deletion'; the party is '' for the bold-strike scheme, where
    'look kept' means the addition sat in bold text. None for any other style.
    """
    if not style_id:
        return None
    for prefix in MARK_PREFIXES:
        if style_id.startswith(prefix):
            kind = "addition" if prefix.startswith("EhcpAddition") else "deletion"
            rest = prefix[len("EhcpAddition") if kind == "addition" else len("EhcpDeletion"):]
            kept = rest.endswith("Kept") or rest == "Bold"
            party = next((key for key, tag in PARTY_TAG.items() if rest.startswith(tag)), "")
            return kind, party, kept, style_id[len(prefix):] or None
    return None


def tribunal_base(style_id: str | None) -> str | None:
    """The document's own character style under any of ehcpdocs' amendment styles."""
    mark = mark_of(style_id)
    return mark[3] if mark else base_style(style_id)


SCHEMES = ("bold-strike", "tracked", "tribunal")
DATE_RE = re.compile(r"^(?P<day>\d{4}-\d{2}-\d{2})(?:T(?P<time>\d{2}:\d{2})(?P<seconds>:\d{2})?(?P<zone>Z|[+-]\d{2}:\d{2})?)?$")


def revision_date(date: str | None) -> str:
    """The w:date for revisions: the fixed default, or the caller's ISO 8601 date in full form
    (a bare date means midnight UTC). Word repairs a document with a malformed date."""
    if date is None:
        return DEFAULT_DATE
    match = DATE_RE.match(date.strip())
    if not match:
        raise InputError(f"revision date {date!r} is not an ISO 8601 date such as 2026-03-01 or 2026-03-01T09:30:00Z")
    return (f"{match['day']}T{match['time'] or '00:00'}{match['seconds'] or ':00'}{match['zone'] or 'Z'}")


def make_scheme(name: str, *, party: str | None = None, date: str | None = None, author: str | None = None) -> Scheme:
    """A markup scheme by its command-line name: bold-strike, tracked, tribunal (or final)."""
    if name == "bold-strike":
        return BoldStrike()
    if name == "tracked":
        return Tracked(author=author or DEFAULT_AUTHOR, date=revision_date(date))
    if name == "tribunal":
        return Tribunal(party or "la")
    if name == "final":
        return Final()
    raise InputError(f"unknown markup scheme {name!r}; choose from {', '.join(SCHEMES)}")
