"""How sure the reader is of a plan's sections, in words a coordinator can act on.

'high': every statutory section was found, each on clear evidence (the word "Section", a
heading style, a title cell or row label, a layout profile, or a bold line whose title reads
like the section's statutory title) and nothing else looked like a section heading. 'medium':
one or two sections missing, some found only on a bare bold line, or heading-like lines left
unused. 'low': fewer than eight sections found.
"""

from __future__ import annotations

from ..model.plan import HeadingFound, SetAside

STATUTORY = ("A", "B", "C", "D", "E", "F", "G", "H1", "H2", "I", "J", "K")
STRONG = frozenset(("explicit", "style", "title cell", "row label", "profile"))


def judge(letters: list[str], headings: list[HeadingFound], set_aside: list[SetAside]) -> tuple[str, list[str]]:
    """The confidence and the reasons for it."""
    present = set(letters)
    if "H" in present:
        present |= {"H1", "H2"}
    missing = [letter for letter in STATUTORY if letter not in present]
    weak = sorted({heading.section for heading in headings
                   if not STRONG & set(heading.evidence) and "fits" not in heading.evidence})
    unused = [item for item in set_aside if item.reason.startswith("not used")]
    notes = []
    if missing:
        notes.append("sections not found: " + ", ".join(missing))
    if weak:
        notes.append("found only on a bold line: " + ", ".join(weak))
    if unused:
        notes.append(f"{len(unused)} line(s) look like section headings but were not used")
    found = len([letter for letter in STATUTORY if letter in present])
    if found < 8:
        return "low", notes
    if missing or weak or unused:
        return "medium", notes
    return "high", notes or ["every statutory section found, each under a clear heading"]
