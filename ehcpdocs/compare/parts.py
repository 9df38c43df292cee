"""What differs outside the body's text: images and other embedded media, footnotes, endnotes.

The redline marks text only, so two documents whose body text is the same but whose pictures or
notes differ would otherwise be called identical. ``other_differences`` finds them:

- media: every picture, embedded object, chart or video the body refers to, in document order,
  named by its relationship's type and the SHA-256 of the part it points to (or the address of
  a linked one); a picture replaced by another, added, removed or moved is a difference;
- notes: the text of each footnote and endnote the body refers to, in the order of its
  references, compared one by one.

They are listed in the summary as changes of their own (``image_added``, ``footnote_changed``
and so on), counted, and named in a warning, since the redline does not mark them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..amend.alerts import excerpt
from ..docx.comparison_input import NOTE_KINDS, embedded_media, note_texts


@dataclass
class OtherDifferences:
    """Media and notes that differ: counts, change entries for the summary, warnings."""

    counts: dict[str, int] = field(default_factory=dict)
    changes: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def any(self) -> bool:
        return bool(self.changes)


def compare_media(old: list[str], new: list[str], found: OtherDifferences) -> None:
    if old == new:
        return
    old_count, new_count = Counter(old), Counter(new)
    added = sum((new_count - old_count).values())
    removed = sum((old_count - new_count).values())
    found.counts["images_added"] = added
    found.counts["images_removed"] = removed
    if added:
        found.changes.append(change("image_added", f"{added} image(s) or object(s) only in the new document"))
    if removed:
        found.changes.append(change("image_removed", f"{removed} image(s) or object(s) only in the old document"))
    if not added and not removed:
        found.changes.append(change("images_reordered", "the same images or objects, in another order"))
    detail = ", ".join(
        part for part in (f"{added} added" if added else "", f"{removed} removed" if removed else "",
                          "reordered" if not added and not removed else "") if part
    )
    found.warnings.append(
        f"images or embedded objects differ ({detail}; {len(old)} in the old document, {len(new)} in the new): "
        "the redline shows the new document's and does not mark them"
    )


def compare_notes(kind: str, old: list[str], new: list[str], found: OtherDifferences) -> None:
    if old == new:
        return
    changed = 0
    for number in range(1, max(len(old), len(new)) + 1):
        before = old[number - 1] if number <= len(old) else None
        after = new[number - 1] if number <= len(new) else None
        if before == after:
            continue
        changed += 1
        what = "changed" if before is not None and after is not None else "added" if before is None else "removed"
        found.changes.append(change(f"{kind}_{what}", f"{kind} {number}", before or "", after or ""))
    found.counts[f"{kind}s_changed"] = changed
    found.warnings.append(
        f"{kind} text differs ({changed} of {max(len(old), len(new))} {kind}s): "
        f"the redline keeps the new document's {kind}s and does not mark them"
    )


def change(kind: str, where: str, before: str = "", after: str = "") -> dict:
    return {"kind": kind, "where": where, "before": excerpt(before), "after": excerpt(after)}


def other_differences(before, after) -> OtherDifferences:
    """What differs between two loaded documents outside the body's text (see the module
    docstring)."""
    found = OtherDifferences()
    compare_media(embedded_media(before), embedded_media(after), found)
    for kind in NOTE_KINDS:
        compare_notes(kind, note_texts(before, kind), note_texts(after, kind), found)
    return found
