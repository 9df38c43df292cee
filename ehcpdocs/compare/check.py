"""Check a returned, marked-up plan against the original: every change must be marked.

A marked copy may remove words only by striking them and add words only in bold (or through
tracked changes, or ehcpdocs' own marks). ``check`` finds every change that is not marked:

- ``removed_unmarked``: original text gone instead of struck;
- ``added_unmarked``: new text that is not bold (nor otherwise marked as added);
- ``altered_in_word``: a word changed inside itself ("weekly" -> "weakly") without marks;
- ``paragraph_removed`` / ``row_removed`` / ``table_removed``: whole original paragraphs, rows
  or tables gone instead of struck;
- ``paragraph_added_unmarked`` / ``row_added_unmarked``: new paragraphs or rows not in bold;
- ``outside_sections``: any change, marked or not, outside the sections being amended (when the
  caller names them) or outside every plan section (headings, the details table).

Each issue names the section (when the document is a plan) and quotes a few words of context.
The summary also carries the Section F alerts for the marked changes.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from ..amend.alerts import ProvisionChange, provision_alerts
from ..docx.comparison_input import load_document, load_marked, stylesheet
from ..docx.flatten import flatten, pieces
from ..docx.package import Source
from ..model.comparison import UnitPair
from ..texttools.diff import edits_of
from .diff import piece_chunks
from .pairing import pair_documents, paragraph_pairs

CONTEXT_WORDS = 5
# Past this, word diffs are cut short: still correct, but may report a change in larger pieces.
CHECK_BUDGET_SECONDS = 10.0
PLAN_SECTIONS = 3


@dataclass
class CheckResult:
    """The issues found (empty when every change is marked) and the summary."""

    issues: list[dict] = field(default_factory=list)
    summary: dict = field(default_factory=dict)

    @property
    def clean(self) -> bool:
        return not self.issues


def context(text: str, start: int, end: int) -> str:
    """A few words either side of ``text[start:end]``, with the span in [brackets]."""
    before = " ".join(text[:start].split()[-CONTEXT_WORDS:])
    after = " ".join(text[end:].split()[:CONTEXT_WORDS])
    middle = " ".join(text[start:end].split())
    return " ".join(part for part in (before, f"[{middle}]", after) if part)


def lead(text: str) -> str:
    """The first words of a text, as the context of a change to all of it."""
    words = text.split()
    return "[" + " ".join(words[:10]) + (" …]" if len(words) > 10 else "]")


def similar_words(a: str, b: str) -> bool:
    """Two single words that are one edited into the other ('weekly' and 'weakly')."""
    a, b = a.strip(), b.strip()
    if not a or not b or " " in a or " " in b or a == b:
        return False
    prefix = 0
    while prefix < min(len(a), len(b)) and a[prefix] == b[prefix]:
        prefix += 1
    suffix = 0
    while suffix < min(len(a), len(b)) - prefix and a[-1 - suffix] == b[-1 - suffix]:
        suffix += 1
    return prefix + suffix >= max(2, min(len(a), len(b)) // 2)


def is_added(piece) -> bool:
    """Marked as new: an ehcpdocs addition, a tracked insertion, or bold (not struck)."""
    return piece.mark == "addition" or (piece.bold and not piece.struck and piece.mark is None)


def is_removed(piece) -> bool:
    """Marked as removed: an ehcpdocs deletion, a tracked deletion, or struck through."""
    return piece.mark == "deletion" or piece.struck


def read_marks(marked) -> tuple[list[bool], list[bool], list[str]]:
    """Per character of a marked paragraph: added? removed? And its text cut where the marking
    changes, so a struck word next to a bold one stays two words."""
    added = [is_added(piece) for piece in marked for _ in piece.text]
    removed = [is_removed(piece) for piece in marked for _ in piece.text]
    segments: list[str] = []
    last = None
    for piece in marked:
        kind = (is_added(piece), is_removed(piece))
        if kind == last:
            segments[-1] += piece.text
        else:
            segments.append(piece.text)
            last = kind
    return added, removed, segments


class _Checker:
    def __init__(self, original, marked_styles, original_styles, sections: set[str] | None, is_plan: bool) -> None:
        self.original = original
        self.marked_styles = marked_styles
        self.original_styles = original_styles
        self.sections = sections
        self.is_plan = is_plan
        self.issues: list[dict] = []
        self.provision: list[ProvisionChange] = []
        self.near: dict[int, str | None] = {}
        self.deadline = time.perf_counter() + CHECK_BUDGET_SECONDS

    def row_label(self, unit: UnitPair, paragraph) -> str | None:
        """The first cell's text of the original row a paragraph sits in (not for that cell)."""
        if unit.kind != "row" or unit.old is None:
            return None
        cells = self.original.flat.units[unit.old].cells
        if not cells or paragraph in cells[0].paragraphs:
            return None
        return cells[0].text or None

    def place_additions(self, pairs: list[UnitPair]) -> None:
        """A unit only in the marked copy belongs to the section of the original unit before it."""
        last = None
        for unit in pairs:
            if unit.old is not None:
                last = self.original.sections.get(self.original.flat.units[unit.old].element, last)
                if unit.kind == "row" and last is None:
                    cells = self.original.flat.units[unit.old].cells
                    last = next((self.original.sections[p] for c in cells for p in c.paragraphs if p in self.original.sections), last)
            else:
                self.near[id(unit)] = last

    def issue(self, kind: str, message: str, section: str | None, text: str) -> None:
        entry = {"kind": kind, "message": message}
        if section:
            entry["section"] = section
        entry["context"] = text
        self.issues.append(entry)

    def section_of(self, original_paragraph, unit: UnitPair) -> str | None:
        owner = self.original.sections
        if original_paragraph is not None and original_paragraph in owner:
            return owner[original_paragraph]
        if unit.old is not None:
            element = self.original.flat.units[unit.old].element
            return owner.get(element)
        return self.near.get(id(unit))

    def scope(self, section: str | None, text: str) -> None:
        """Report a change outside the sections being amended, or outside every section."""
        if self.sections is not None and section not in self.sections:
            where = f"section {section}" if section else "outside the plan's sections"
            self.issue("outside_sections", f"a change {where}, which is not being amended", section, text)
        elif self.sections is None and self.is_plan and section is None:
            self.issue("outside_sections", "a change outside the plan's sections (a heading, the details or the preamble)",
                       None, text)

    def paragraph(self, original_paragraph, marked_paragraph, unit: UnitPair) -> None:
        section = self.section_of(original_paragraph, unit)
        original_text = "".join(p.text for p in pieces(original_paragraph, self.original_styles)) if original_paragraph is not None else ""
        marked = pieces(marked_paragraph, self.marked_styles) if marked_paragraph is not None else []
        marked_text = "".join(piece.text for piece in marked)
        if marked_paragraph is None:
            if original_text.strip():
                self.issue("paragraph_removed", "a paragraph was removed instead of struck through", section,
                           context(original_text, 0, len(original_text)))
                self.provision.append(ProvisionChange(section or "", "removed", original_text, ""))
            return
        added, removed, segments = read_marks(marked)
        changed = False
        chunks = piece_chunks([original_text], segments, max(0.05, self.deadline - time.perf_counter()))
        edits = edits_of(chunks)
        old_position = new_position = 0
        for index, edit in enumerate(edits):
            size = len(edit.text)
            if edit.op == "equal":
                new_size = len(chunks[index][2])  # the marked side's length: its whitespace may differ
                span = range(new_position, new_position + new_size)
                if any(removed[k] for k in span if not marked_text[k].isspace()):
                    changed = True  # original words struck through: a marked removal
                old_position += size
                new_position += new_size
                continue
            if edit.op == "delete" and not edit.text.strip():
                old_position += size  # whitespace alone: not a change a reader sees
                continue
            if edit.op == "delete":
                following = edits[index + 1] if index + 1 < len(edits) else None
                if following is not None and following.op == "insert" and similar_words(edit.text, following.text):
                    span = range(new_position, new_position + len(following.text))
                    if not all(added[k] for k in span if not marked_text[k].isspace()):
                        self.issue("altered_in_word", f"a word was altered without marking: '{edit.text.strip()}' -> "
                                   f"'{following.text.strip()}'", section,
                                   context(original_text, old_position, old_position + size))
                        changed = True
                        old_position += size
                        continue
                self.issue("removed_unmarked", "text was removed instead of struck through", section,
                           context(original_text, old_position, old_position + size))
                changed = True
                old_position += size
                continue
            span = range(new_position, new_position + size)
            previous = edits[index - 1] if index else None
            if previous is not None and previous.op == "delete" and similar_words(previous.text, edit.text) and \
                    not all(added[k] for k in span if not marked_text[k].isspace()):
                new_position += size
                continue  # reported with its deletion as a word altered
            unmarked = [k for k in span if not marked_text[k].isspace() and not added[k] and not removed[k]]
            if unmarked:
                if original_paragraph is not None:
                    kind, message = "added_unmarked", "text was added without bold"
                elif unit.kind == "row" and unit.old is None:
                    kind, message = "row_added_unmarked", "a table row was added without bold"
                else:
                    kind, message = "paragraph_added_unmarked", "a paragraph was added without bold"
                self.issue(kind, message, section, context(marked_text, unmarked[0], unmarked[-1] + 1))
            changed = True
            new_position += size
        if changed:
            shown_old = "".join(piece.text for piece in marked if not is_added(piece))
            shown_new = "".join(piece.text for piece in marked if not is_removed(piece))
            self.provision.append(ProvisionChange(section or "", "changed" if original_paragraph is not None else "added",
                                                  shown_old if original_paragraph is not None else "", shown_new,
                                                  label=self.row_label(unit, original_paragraph)))
            self.scope(section, lead(marked_text))
        elif original_paragraph is not None and all(removed[k] for k in range(len(marked_text)) if not marked_text[k].isspace()) and marked_text.strip():
            self.provision.append(ProvisionChange(section or "", "removed", original_text, ""))
            self.scope(section, lead(marked_text))


def check(original: Source, marked: Source, *, sections: list[str] | None = None, original_name: str | None = None,
          marked_name: str | None = None) -> CheckResult:
    """Every change in MARKED that is not marked against ORIGINAL (see the module docstring).

    ``sections`` names the sections being amended: changes elsewhere are reported too.
    """
    before = load_document(original, original_name)
    package, root = load_marked(marked, marked_name)
    marked_styles = stylesheet(package)
    marked_flat = flatten(root)
    wanted = {s.strip().upper() for s in sections} if sections else None
    is_plan = len(set(before.sections.values())) >= PLAN_SECTIONS  # a stray 'A' cell does not make a plan
    checker = _Checker(before, marked_styles, stylesheet(before.package), wanted, is_plan=is_plan)
    comparison = pair_documents(before.flat, marked_flat, marked_styles)
    checker.place_additions(comparison.pairs)
    removed_tables = {}
    for unit_pair in comparison.pairs:
        if unit_pair.kind == "row" and unit_pair.new is None:
            table = before.flat.units[unit_pair.old].table
            removed_tables.setdefault(table, []).append(unit_pair)
    whole_tables = {
        table for table, removed in removed_tables.items()
        if len(removed) == sum(1 for unit in before.flat.units if unit.table is table)
    }
    reported: set = set()
    for pair in paragraph_pairs(comparison, before.flat, marked_flat):
        unit = pair.unit
        if unit.kind == "row" and unit.new is None:
            old_unit = before.flat.units[unit.old]
            if unit.old in reported:
                continue
            reported.add(unit.old)
            section = checker.section_of(None, unit)
            row_text = " | ".join(cell.text for cell in old_unit.cells)
            if old_unit.table in whole_tables:
                if old_unit.table not in reported:
                    reported.add(old_unit.table)
                    checker.issue("table_removed", "a table was removed instead of struck through", section,
                                  lead(row_text))
            else:
                checker.issue("row_removed", "a table row was removed instead of struck through", section,
                              lead(row_text))
            if row_text.strip(" |"):
                checker.provision.append(ProvisionChange(section or "", "removed", row_text, "",
                                                         label=old_unit.cells[0].text if old_unit.cells else None))
            continue
        checker.paragraph(pair.original, pair.marked, unit)
    summary = {
        "alerts": provision_alerts(checker.provision),
        "status": "clean" if not checker.issues else "unmarked changes",
        "issues": checker.issues,
        "issue_count": len(checker.issues),
        "sections_checked": sorted(wanted) if wanted else None,
    }
    return CheckResult(issues=checker.issues, summary=summary)
