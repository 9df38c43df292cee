"""What an amendment did, section by section: the summary written beside the plans."""

from __future__ import annotations

from ..model.edits import EditScript
from ..model.plan import SECTION_LETTERS, Plan
from .alerts import script_alerts
from ..texttools.diff import word_count


def section_order(letter: str) -> int:
    return SECTION_LETTERS.index(letter) if letter in SECTION_LETTERS else len(SECTION_LETTERS)


def summarise(script: EditScript, plan_id: str, warnings: list[str] | None = None, plan: Plan | None = None) -> dict:
    """Section F alerts first, then sections amended, words added and removed per section, each
    change described, warnings. ``plan`` lets alerts name the table row a change is in."""
    counts: dict[str, dict[str, int]] = {}

    def count(section: str, added: int = 0, removed: int = 0) -> None:
        entry = counts.setdefault(section, {"words_added": 0, "words_removed": 0})
        entry["words_added"] += added
        entry["words_removed"] += removed

    for change in script.changes:
        count(
            change.section,
            sum(word_count(e.text) for e in change.edits if e.op == "insert"),
            sum(word_count(e.text) for e in change.edits if e.op == "delete"),
        )
    for removal in script.removals:
        count(removal.section, removed=word_count(removal.text))
    for addition in script.additions:
        count(addition.section, added=word_count(addition.text))
    for removal in script.row_removals:
        count(removal.section, removed=word_count(removal.text))
    for row in script.row_additions:
        count(row.section, added=sum(word_count(text) for cell in row.cells for text in cell))
    sections = sorted(counts, key=section_order)
    return {
        "alerts": script_alerts(script, plan),  # with the plan, table rows are named
        "plan_id": plan_id,
        "status": "amended" if sections else "unchanged",
        "sections_amended": sections,
        "sections": {letter: counts[letter] for letter in sections},
        "words_added": sum(c["words_added"] for c in counts.values()),
        "words_removed": sum(c["words_removed"] for c in counts.values()),
        "changes": script.descriptions,
        "warnings": list(warnings or []),
    }
