"""Work out what changed between two documents, as text: which units pair up, and how.

The input is each document's units (body paragraphs and table rows, see ``docx.flatten``)
reduced to text. Units are aligned first (equal ones, then similar ones, never a paragraph with
a row); a paired row's cells are paired by position (or by text when the number of cells
differs); a paired cell's paragraphs are aligned the same way; finally each changed pair of
paragraphs is diffed word by word. The result, a ``model.comparison.Comparison``, names units,
cells and paragraphs by index, so a writer (``docx.redline``) can lay it onto the new document.
"""

from __future__ import annotations

import time

from ..texttools.align import SIMILAR_ENOUGH, align, similarity
from ..model.comparison import CellPair, Comparison, TextPair, UnitPair, UnitText
from .diff import timed_word_diff

DEFAULT_BUDGET_SECONDS = 10.0


class _Budget:
    """The time left for word diffs; once spent, changed pairs are marked whole."""

    def __init__(self, seconds: float, *, diff: bool = True) -> None:
        self.deadline = time.perf_counter() + seconds
        self.fallbacks = 0
        self.enabled = diff

    def diff(self, old: str, new: str) -> TextPair:
        pair = TextPair(0, 0, old, new)
        if old == new or not self.enabled:
            return pair
        edits = timed_word_diff(old, new, self.deadline - time.perf_counter())
        if edits is None:
            self.fallbacks += 1
            pair.replaced = True
        else:
            pair.edits = edits
        return pair


def align_kinds(old: list[UnitText], new: list[UnitText]) -> list[tuple[int | None, int | None]]:
    """Align units by text, then undo any pairing of a paragraph with a row."""
    keyed_old = [unit.text if unit.kind == "p" else f"{unit.kind}\u0000{unit.text}" for unit in old]
    keyed_new = [unit.text if unit.kind == "p" else f"{unit.kind}\u0000{unit.text}" for unit in new]
    pairs = []
    for i, j in align(keyed_old, keyed_new):
        if i is not None and j is not None and (old[i].kind != new[j].kind or reshaped(old[i], new[j])):
            pairs.extend([(i, None), (None, j)])
        else:
            pairs.append((i, j))
    return pairs


def reshaped(old: UnitText, new: UnitText) -> bool:
    """Two rows with different cells and little text in common: a row removed and another
    added, not one row revised (its cells would have nowhere to go)."""
    if old.kind != "row" or len(old.cells) == len(new.cells):
        return False
    return similarity(old.text.replace("\t|\t", " "), new.text.replace("\t|\t", " ")) < SIMILAR_ENOUGH


def pair_paragraphs(old: list[str], new: list[str], budget: _Budget) -> list[TextPair]:
    """Align two lists of paragraph texts and diff the pairs that changed."""
    if old == new:
        return [TextPair(k, k, text, text) for k, text in enumerate(old)]
    pairs = []
    for i, j in align(old, new):
        if i is None or j is None:
            pairs.append(TextPair(i, j, old[i] if i is not None else "", new[j] if j is not None else ""))
            continue
        pair = budget.diff(old[i], new[j])
        pair.old, pair.new = i, j
        pairs.append(pair)
    return pairs


def pair_cells(old: tuple[tuple[str, ...], ...], new: tuple[tuple[str, ...], ...]) -> list[tuple[int | None, int | None]]:
    """Cells of two paired rows: by position when the counts agree, else by their text."""
    if len(old) == len(new):
        return [(k, k) for k in range(len(old))]
    return align([" ".join(cell) for cell in old], [" ".join(cell) for cell in new])


def compare_units(old: list[UnitText], new: list[UnitText], *, budget_seconds: float = DEFAULT_BUDGET_SECONDS,
                  diff: bool = True, order: list[tuple[int | None, int | None]] | None = None) -> Comparison:
    """Pair the units of two documents and diff what changed (see the module docstring).

    With ``diff=False`` only the pairing is done (paired paragraphs get no edits); ``order``
    gives the pairing of units instead of aligning them (text boxes pair by their paragraphs).
    """
    budget = _Budget(budget_seconds, diff=diff)
    pairs: list[UnitPair] = []
    if order is None:
        order = align_kinds(old, new)
    for i, j in order:
        kind = (old[i] if i is not None else new[j]).kind
        unit = UnitPair(kind, i, j)
        if i is not None and j is not None:
            if kind == "p":
                unit.paragraph = budget.diff(old[i].text, new[j].text)
                unit.paragraph.old, unit.paragraph.new = i, j
            elif old[i].cells != new[j].cells:
                for ci, cj in pair_cells(old[i].cells, new[j].cells):
                    cell = CellPair(ci, cj)
                    if ci is not None and cj is not None:
                        cell.paragraphs = pair_paragraphs(list(old[i].cells[ci]), list(new[j].cells[cj]), budget)
                    unit.cells.append(cell)
        pairs.append(unit)
    return Comparison(pairs, fallbacks=budget.fallbacks)
