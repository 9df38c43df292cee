"""Section F provision alerts: changes that reduce what the child gets.

Families say amended plans "look almost identical" to the old ones, so cuts to Section F go
unnoticed. Every amendment summary (``amend``, ``compare``, ``check``) therefore lists, first:

- ``hours_reduced``: a number of hours, minutes, sessions (lessons, periods, days) lowered:
  "25 hours" -> "20 hours", "3 sessions" -> "2 sessions";
- ``frequency_reduced``: provision made less frequent: daily -> weekly, weekly -> termly,
  "twice a week" -> "once a week";
- ``provision_removed``: a paragraph or row of Section F removed;
- ``vague_wording``: wording added that the SEND Code of Practice (9.69) says provision should
  not use, because it makes it unquantified: "as appropriate", "up to", "access to",
  "opportunities", "regular", "where possible", "as required".

Each alert is a dict: ``kind``, ``section``, ``message`` in plain words ("Speech and language
therapy: frequency reduced from weekly to termly"), ``before`` and ``after`` excerpts.

Each side of a change is read for amounts, frequencies and wording up to its first
``MAX_READ_CHARS`` (50,000, the longest prose a review field may hold): a provision is a
paragraph or a row, far shorter, and a longer text would cost seconds of pattern matching.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model.edits import EditScript
from ..texttools.diff import new_text, old_text

PROVISION_SECTIONS = ("F",)
EXCERPT_CHARS = 160
MAX_READ_CHARS = 50_000

NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30, "forty": 40, "forty-five": 45, "sixty": 60, "half an": 0.5,
}
UNITS = {
    "hour": ("time", 60), "hours": ("time", 60), "hr": ("time", 60), "hrs": ("time", 60), "h": ("time", 60),
    "minute": ("time", 1), "minutes": ("time", 1), "min": ("time", 1), "mins": ("time", 1),
    "session": ("sessions", 1), "sessions": ("sessions", 1), "lesson": ("lessons", 1),
    "lessons": ("lessons", 1), "period": ("periods", 1), "periods": ("periods", 1),
    "day": ("days", 1), "days": ("days", 1), "visit": ("visits", 1), "visits": ("visits", 1),
}
NUMBER = r"(?P<number>\d+(?:\.\d+)?|" + "|".join(sorted((re.escape(k) for k in NUMBER_WORDS), key=len, reverse=True)) + r")"
AMOUNT_RE = re.compile(NUMBER + r"\s*(?:x\s*)?(?P<unit>" + "|".join(sorted(UNITS, key=len, reverse=True)) + r")\b", re.IGNORECASE)

# Times per week.
PER_WEEK = {"daily": 5.0, "weekly": 1.0, "fortnightly": 0.5, "monthly": 0.25, "half-termly": 1 / 6,
            "termly": 1 / 13, "annually": 1 / 39}
FREQUENCY_PATTERNS: list[tuple[re.Pattern, str | None, float | None]] = [
    (re.compile(r"\b(\d+|once|twice|one|two|three|four|five)\s*(?:times?\s*|x\s*)?(?:a|per|each|every)\s+(day)\b", re.I), None, 5.0),
    (re.compile(r"\b(\d+|once|twice|one|two|three|four|five)\s*(?:times?\s*|x\s*)?(?:a|per|each|every)\s+(week)\b", re.I), None, 1.0),
    (re.compile(r"\b(\d+|once|twice|one|two|three|four|five)\s*(?:times?\s*|x\s*)?(?:a|per|each|every)\s+(fortnight)\b", re.I), None, 0.5),
    (re.compile(r"\b(\d+|once|twice|one|two|three|four|five)\s*(?:times?\s*|x\s*)?(?:a|per|each|every)\s+(month)\b", re.I), None, 0.25),
    (re.compile(r"\b(\d+|once|twice|one|two|three|four|five)\s*(?:times?\s*|x\s*)?(?:a|per|each|every)\s+(half[- ]term)\b", re.I), None, 1 / 6),
    (re.compile(r"\b(\d+|once|twice|one|two|three|four|five)\s*(?:times?\s*|x\s*)?(?:a|per|each|every)\s+(term)\b", re.I), None, 1 / 13),
    (re.compile(r"\b(\d+|once|twice|one|two|three|four|five)\s*(?:times?\s*|x\s*)?(?:a|per|each|every)\s+(year)\b", re.I), None, 1 / 39),
    (re.compile(r"\b(daily|every day|each day|per day|a day)\b", re.I), "daily", None),
    (re.compile(r"\b(weekly|every week|each week|per week|a week)\b", re.I), "weekly", None),
    (re.compile(r"\b(fortnightly|every (?:two|2) weeks|per fortnight|a fortnight)\b", re.I), "fortnightly", None),
    (re.compile(r"\b(monthly|every month|each month|per month|a month)\b", re.I), "monthly", None),
    (re.compile(r"\b(half[- ]termly|(?:every|each|per|a) half[- ]term)\b", re.I), "half-termly", None),
    (re.compile(r"(?<!half )(?<!half-)\b(termly|(?:every|each|per|a) term)\b", re.I), "termly", None),
    (re.compile(r"\b(annually|yearly|every year|each year|per year|a year)\b", re.I), "annually", None),
]
COUNT_WORDS = {"once": 1, "twice": 2, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5}
VAGUE = ("as appropriate", "up to", "access to", "opportunities", "opportunity", "regular", "regularly",
         "where possible", "as required", "as needed", "when needed", "if needed")
VAGUE_RE = re.compile(r"\b(" + "|".join(re.escape(v) for v in VAGUE) + r")\b", re.IGNORECASE)


@dataclass(frozen=True)
class ProvisionChange:
    """One change to a section's text: ``kind`` is 'changed', 'removed' or 'added'.

    ``label`` names the provision when the caller knows it (a row's first cell).
    """

    section: str
    kind: str
    before: str
    after: str
    label: str | None = None


def excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT_CHARS else text[: EXCERPT_CHARS - 1].rstrip() + "…"


def label_of(change: ProvisionChange) -> str:
    """What to call the provision in a message: the caller's label or the text's lead words."""
    if change.label and change.label.strip():
        lead = " ".join(change.label.split())
    else:
        text = " ".join((change.before or change.after).split())
        lead = re.split(r"\s[–—-]\s|:|;|\.\s|,", text, maxsplit=1)[0].strip()
    words = lead.split()
    if len(words) > 8:
        lead = " ".join(words[:8]) + "…"
    return lead or "Provision"


def amounts(text: str) -> dict[str, list[float]]:
    """Quantities by kind ('time' in minutes, 'sessions', ...), in reading order."""
    found: dict[str, list[float]] = {}
    for match in AMOUNT_RE.finditer(text):
        number = match.group("number").lower()
        value = float(number) if number[0].isdigit() else NUMBER_WORDS.get(number)
        if value is None:
            continue
        kind, scale = UNITS[match.group("unit").lower()]
        found.setdefault(kind, []).append(value * scale)
    return found


def frequency(text: str) -> tuple[str, float] | None:
    """The first stated frequency in a text: (its words, times per week)."""
    best: tuple[int, str, float] | None = None
    for pattern, name, unit in FREQUENCY_PATTERNS:
        match = pattern.search(text)
        if not match:
            continue
        if name is None:
            count_text = match.group(1).lower()
            count = float(count_text) if count_text.isdigit() else COUNT_WORDS.get(count_text, 1)
            value = count * unit
            words = match.group(0)
        else:
            value = PER_WEEK[name]
            words = match.group(0)
        if best is None or match.start() < best[0]:
            best = (match.start(), words, value)
    return (best[1], best[2]) if best else None


def format_amount(kind: str, value: float) -> str:
    if kind == "time":
        if value >= 60 and value % 60 == 0:
            hours = int(value // 60)
            return f"{hours} hour" + ("s" if hours != 1 else "")
        return f"{value:g} minutes"
    return f"{value:g} {kind}"


def alerts_for(change: ProvisionChange) -> list[dict]:
    """The alerts one change to Section F raises."""
    if not change.section or not change.section.startswith(PROVISION_SECTIONS):
        return []
    label = label_of(change)
    base = {"section": change.section, "before": excerpt(change.before), "after": excerpt(change.after)}
    if change.kind == "removed":
        if not change.before.strip():
            return []
        return [{"kind": "provision_removed", **base, "message": f"{label}: provision removed"}]
    before, after = change.before[:MAX_READ_CHARS], change.after[:MAX_READ_CHARS]
    alerts = []
    if change.kind == "changed":
        old_amounts, new_amounts = amounts(before), amounts(after)
        for kind, old_values in old_amounts.items():
            new_values = new_amounts.get(kind, [])
            for old_value, new_value in zip(old_values, new_values):
                if new_value < old_value:
                    alerts.append({
                        "kind": "hours_reduced", **base,
                        "message": f"{label}: {'time' if kind == 'time' else kind} reduced from "
                                   f"{format_amount(kind, old_value)} to {format_amount(kind, new_value)}",
                    })
                    break
        old_frequency, new_frequency = frequency(before), frequency(after)
        if old_frequency and new_frequency and new_frequency[1] < old_frequency[1] - 1e-9:
            alerts.append({
                "kind": "frequency_reduced", **base,
                "message": f"{label}: frequency reduced from {old_frequency[0].lower()} to {new_frequency[0].lower()}",
            })
    before_vague = [m.lower() for m in VAGUE_RE.findall(before)] if change.kind == "changed" else []
    added_vague = []
    for phrase in (m.lower() for m in VAGUE_RE.findall(after)):
        if phrase in before_vague:
            before_vague.remove(phrase)
        elif phrase not in added_vague:
            added_vague.append(phrase)
    if added_vague:
        quoted = ", ".join(f'"{phrase}"' for phrase in added_vague)
        alerts.append({
            "kind": "vague_wording", **base,
            "message": f"{label}: vague wording added ({quoted}); the SEND Code of Practice (9.69) says "
                       "provision should be specific and quantified",
        })
    return alerts


def provision_alerts(changes) -> list[dict]:
    """Every alert for a sequence of ``ProvisionChange`` (see the module docstring)."""
    alerts: list[dict] = []
    for change in changes:
        alerts.extend(alerts_for(change))
    return alerts


SECTION_LABEL = re.compile(r"^\W*(provision|needs?|outcomes?)?\W*\(?\s*section\s+[A-K]\d?\b", re.IGNORECASE)


def row_labels(plan) -> dict[int, str]:
    """Paragraph key -> the name of the provision its table row is about (the row's first
    cell, skipping a 'Provision (Section F)' label cell), for paragraphs in later cells."""
    labels: dict[int, str] = {}
    if plan is None:
        return labels
    for section in plan.sections.values():
        for row in section.rows:
            named = [(keys, text) for keys, text in zip(row.cells, row.texts) if text.strip() and not SECTION_LABEL.match(text)]
            if len(named) < 2:
                continue
            label = named[0][1]
            for keys, _text in named[1:]:
                for key in keys:
                    labels.setdefault(key, label)
    return labels


def changes_from_script(script: EditScript, plan=None) -> list[ProvisionChange]:
    """The changes an amendment's edit script makes, as text; ``plan`` (the plan amended)
    lets a change in a table row be named by the row's provision."""
    labels = row_labels(plan)
    changes = [
        ProvisionChange(c.section, "changed", old_text(list(c.edits)), new_text(list(c.edits)), label=labels.get(c.key))
        for c in script.changes
    ]
    changes += [ProvisionChange(r.section, "removed", r.text, "") for r in script.removals]
    changes += [ProvisionChange(a.section, "added", "", a.text) for a in script.additions]
    changes += [ProvisionChange(r.section, "removed", r.text, "") for r in script.row_removals]
    changes += [
        ProvisionChange(r.section, "added", "", " ".join(t for cell in r.cells for t in cell),
                        label=next((t for t in (r.cells[0] if r.cells else ())), None))
        for r in script.row_additions
    ]
    return changes


def script_alerts(script: EditScript, plan=None) -> list[dict]:
    """The Section F alerts of an amendment's edit script (``plan`` names table rows)."""
    return provision_alerts(changes_from_script(script, plan))
