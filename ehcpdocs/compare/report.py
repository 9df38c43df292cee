"""The summary of a comparison: Section F alerts first, then counts, each change, and what the
comparison did not look at (so nothing is skipped silently)."""

from __future__ import annotations

from ..amend.alerts import ProvisionChange, excerpt, provision_alerts
from ..texttools.diff import word_count
from ..model.comparison import Comparison, TextPair
from .parts import other_differences

MAX_LISTED_CHANGES = 500
# Differences outside the body's text (``compare.parts``), counted beside the text's.
OTHER_COUNTS = ("images_added", "images_removed", "footnotes_changed", "endnotes_changed")


def edits_words(pair: TextPair) -> tuple[int, int]:
    """Words added and removed by one paragraph pair."""
    if pair.old is None:
        return word_count(pair.new_text), 0
    if pair.new is None:
        return 0, word_count(pair.old_text)
    if pair.replaced:
        return word_count(pair.new_text), word_count(pair.old_text)
    if pair.edits is None:
        return 0, 0
    added = sum(word_count(e.text) for e in pair.edits if e.op == "insert")
    removed = sum(word_count(e.text) for e in pair.edits if e.op == "delete")
    return added, removed


class _Tally:
    def __init__(self) -> None:
        self.counts = {key: 0 for key in (
            "paragraphs_added", "paragraphs_removed", "paragraphs_changed", "rows_added",
            "rows_removed", "rows_changed", "cells_added", "cells_removed", "boxes_added", "boxes_removed",
            "boxes_changed", "words_added", "words_removed",
        )}
        self.sections: dict[str, dict[str, int]] = {}
        self.changes: list[dict] = []
        self.provision: list[ProvisionChange] = []

    def words(self, section: str | None, added: int, removed: int) -> None:
        self.counts["words_added"] += added
        self.counts["words_removed"] += removed
        if section:
            entry = self.sections.setdefault(section, {"words_added": 0, "words_removed": 0})
            entry["words_added"] += added
            entry["words_removed"] += removed

    def change(self, kind: str, where: str, section: str | None, before: str, after: str, label: str | None = None) -> None:
        entry = {"kind": kind, "where": where}
        if section:
            entry["section"] = section
        entry["before"] = excerpt(before)
        entry["after"] = excerpt(after)
        self.changes.append(entry)
        change_kind = "removed" if kind.endswith("removed") else "added" if kind.endswith("added") else "changed"
        if section:
            self.provision.append(ProvisionChange(section, change_kind, before, after, label=label))


def paragraph_kind(pair: TextPair) -> str:
    if pair.old is None:
        return "paragraph_added"
    if pair.new is None:
        return "paragraph_removed"
    return "paragraph_changed"


def describe(comparison: Comparison, before, after, notes, *, markup: str, boxes: Comparison | None = None,
             box_units=None) -> dict:
    """The comparison's summary (see the module docstring); ``boxes`` compares the text boxes."""
    tally = _Tally()
    tally_pairs(tally, comparison, before.flat, after.flat, before.sections, after.sections)
    if boxes is not None:
        tally_pairs(tally, boxes, box_units[0], box_units[1], {}, {})
    counts = tally.counts
    others = other_differences(before, after)
    counts.update({key: 0 for key in OTHER_COUNTS})
    counts.update(others.counts)
    different = any(pair.changed for pair in comparison.pairs) or bool(boxes and any(p.changed for p in boxes.pairs))
    changes = tally.changes + others.changes
    summary = {
        "alerts": provision_alerts(tally.provision),
        "status": "different" if different or others.any else "identical",
        "markup": markup,
        **counts,
        "sections": {letter: tally.sections[letter] for letter in sorted(tally.sections)},
        "changes": changes[:MAX_LISTED_CHANGES],
        "not_compared": not_compared(before, after, notes),
        "warnings": others.warnings + warnings(comparison, before, after, len(changes)),
    }
    return summary


def where_of(old_unit, new_unit) -> str:
    """Where a change is: its place in the new document, or in the old one if it was removed."""
    if new_unit is not None:
        return new_unit.position
    return f"{old_unit.position} of the old document"


def first_cell_text(unit) -> str | None:
    if unit is None or not unit.cells:
        return None
    return unit.cells[0].text or None


def section_of(old_unit, new_unit, old_sections, new_sections) -> str | None:
    if new_unit is not None and new_unit.element in new_sections:
        return new_sections[new_unit.element]
    if old_unit is not None and old_unit.element in old_sections:
        return old_sections[old_unit.element]
    return None


def cell_section(text_pair: TextPair, cell, old_unit, new_unit, old_sections, new_sections) -> str | None:
    if text_pair.new is not None:
        element = new_unit.cells[cell.new].paragraphs[text_pair.new]
        if element in new_sections:
            return new_sections[element]
    if text_pair.old is not None:
        element = old_unit.cells[cell.old].paragraphs[text_pair.old]
        if element in old_sections:
            return old_sections[element]
    return None


def not_compared(before, after, notes) -> list[str]:
    """What the comparison leaves out, for the summary."""
    items = [
        "formatting-only changes (bold, italic, fonts, styles, spacing) are not marked: "
        "the redline carries the new document's formatting",
    ]
    packages = (before.package, after.package)
    headers = sum(len(p.related(p.main_part, "/header")) + len(p.related(p.main_part, "/footer")) for p in packages)
    if headers:
        items.append("headers and footers are not compared: the redline keeps the new document's")
    notes_parts = sum(len(p.related(p.main_part, "/footnotes")) + len(p.related(p.main_part, "/endnotes")) for p in packages)
    if notes_parts:
        items.append("footnote and endnote text is compared but not marked: the redline keeps the new document's "
                     "notes, and the summary lists the notes that differ")
    if notes.lost_box_paragraphs:
        items.append(
            f"text removed together with its text box is not shown ({notes.lost_box_paragraphs} paragraphs): "
            "the new document has no text box to hold it"
        )
    if notes.objects:
        items.append(
            f"images and objects in removed text are not shown ({notes.objects}); "
            "comments, bookmarks and links on removed text are not carried over"
        )
    items.append("images and embedded objects are compared by their content but not marked (the summary lists "
                 "them); equations and fields are compared by their visible text only")
    return items


def warnings(comparison: Comparison, before, after, change_count: int) -> list[str]:
    found = []
    if before.had_revisions or after.had_revisions:
        which = " and ".join(
            name for name, side in (("old", before), ("new", after)) if side.had_revisions
        )
        found.append(f"the {which} document had tracked changes; they were accepted before comparing")
    if comparison.fallbacks:
        found.append(
            f"{comparison.fallbacks} changed paragraphs exceeded the word-diff time budget and are "
            "marked whole (old paragraph removed, new one added)"
        )
    if change_count > MAX_LISTED_CHANGES:
        found.append(f"only the first {MAX_LISTED_CHANGES} of {change_count} changes are listed")
    if before.flat.units and after.flat.units and not any(
        pair.old is not None and pair.new is not None for pair in comparison.pairs
    ):
        found.append("the documents have no text in common: everything is marked removed or added")
    return found


def tally_pairs(tally: "_Tally", comparison: Comparison, old_flat, new_flat, old_sections, new_sections) -> None:
    """Count and list the changes of one comparison (the body, or the text boxes)."""
    for pair in comparison.pairs:
        if not pair.changed:
            continue
        old_unit = old_flat.units[pair.old] if pair.old is not None else None
        new_unit = new_flat.units[pair.new] if pair.new is not None else None
        section = section_of(old_unit, new_unit, old_sections, new_sections)
        if pair.kind == "p":
            text_pair = pair.paragraph or TextPair(
                pair.old, pair.new, old_unit.text if old_unit else "", new_unit.text if new_unit else ""
            )
            kind = paragraph_kind(text_pair)
            tally.counts[kind.replace("paragraph_", "paragraphs_")] += 1
            tally.words(section, *edits_words(text_pair))
            tally.change(kind, where_of(old_unit, new_unit), section, text_pair.old_text, text_pair.new_text)
            continue
        label = first_cell_text(new_unit or old_unit) if pair.kind == "row" else None
        if pair.old is None or pair.new is None:
            unit = new_unit or old_unit
            kind = f"{pair.kind}_added" if pair.old is None else f"{pair.kind}_removed"
            tally.counts[kind.replace("row_", "rows_").replace("box_", "boxes_")] += 1
            words = word_count(unit.text.replace("\t|\t", " "))
            tally.words(section, words if pair.old is None else 0, words if pair.new is None else 0)
            text = " | ".join(cell.text for cell in unit.cells)
            tally.change(kind, where_of(old_unit, new_unit), section, "" if pair.old is None else text,
                         text if pair.old is None else "", label=label)
            continue
        tally.counts["rows_changed" if pair.kind == "row" else "boxes_changed"] += 1
        for cell in pair.cells:
            if cell.old is None or cell.new is None:
                tally.counts["cells_added" if cell.old is None else "cells_removed"] += 1
                unit = new_unit if cell.old is None else old_unit
                text = unit.cells[cell.new if cell.old is None else cell.old].text
                tally.words(section, word_count(text) if cell.old is None else 0, word_count(text) if cell.new is None else 0)
                tally.change("cell_added" if cell.old is None else "cell_removed", where_of(old_unit, new_unit), section,
                             "" if cell.old is None else text, text if cell.old is None else "", label=label)
                continue
            for text_pair in cell.paragraphs:
                if not text_pair.changed:
                    continue
                paragraph_section = cell_section(text_pair, cell, old_unit, new_unit, old_sections, new_sections) or section
                tally.words(paragraph_section, *edits_words(text_pair))
                tally.change(paragraph_kind(text_pair), f"{where_of(old_unit, new_unit)}, cell {(cell.new or 0) + 1}",
                             paragraph_section, text_pair.old_text, text_pair.new_text, label=label)
