"""Pair the paragraphs of an original document with those of its marked-up copy.

``finalise --against`` and ``check`` both need to know which paragraph of the marked copy is
which paragraph of the original. The marked copy is aligned by the text it would have with its
marked additions taken out (so a paragraph with a few bold words still pairs with its original),
using the comparison's own alignment of paragraphs, rows and cells.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..docx.flatten import FlatBody, pieces, unit_texts
from ..model.comparison import Comparison, UnitPair, UnitText
from .engine import compare_units


@dataclass
class ParagraphPair:
    """An original paragraph and its marked counterpart (either may be None), with where
    they sit: the unit pair (body paragraph or row) they belong to."""

    original: object | None
    marked: object | None
    unit: UnitPair


def original_view(paragraph, styles) -> str:
    """A marked paragraph's text without its marked additions (tracked, ehcpdocs-styled)."""
    return "".join(piece.text for piece in pieces(paragraph, styles) if piece.mark != "addition")


def view_units(flat: FlatBody, styles) -> list[UnitText]:
    units = []
    for unit in flat.units:
        if unit.kind == "p":
            units.append(UnitText("p", original_view(unit.element, styles)))
        else:
            cells = tuple(tuple(original_view(p, styles) for p in cell.paragraphs) for cell in unit.cells)
            units.append(UnitText(unit.kind, "\t|\t".join(" ".join(cell) for cell in cells), cells))
    return units


def pair_documents(original: FlatBody, marked: FlatBody, marked_styles) -> Comparison:
    """Align the original's units with the marked copy's (by its original view)."""
    return compare_units(unit_texts(original), view_units(marked, marked_styles), diff=False)


def paragraph_pairs(comparison: Comparison, original: FlatBody, marked: FlatBody):
    """Every paragraph pair, in reading order, through rows and cells."""
    for unit_pair in comparison.pairs:
        old_unit = original.units[unit_pair.old] if unit_pair.old is not None else None
        new_unit = marked.units[unit_pair.new] if unit_pair.new is not None else None
        if unit_pair.kind == "p":
            yield ParagraphPair(old_unit.element if old_unit else None, new_unit.element if new_unit else None, unit_pair)
            continue
        if old_unit is None or new_unit is None:
            unit = old_unit or new_unit
            for cell in unit.cells:
                for paragraph in cell.paragraphs:
                    yield ParagraphPair(paragraph if old_unit else None, paragraph if new_unit else None, unit_pair)
            continue
        if not unit_pair.cells:  # the same text in both: cell by cell, paragraph by paragraph
            for old_cell, new_cell in zip(old_unit.cells, new_unit.cells):
                for old_paragraph, new_paragraph in zip(old_cell.paragraphs, new_cell.paragraphs):
                    yield ParagraphPair(old_paragraph, new_paragraph, unit_pair)
            continue
        for cell_pair in unit_pair.cells:
            if cell_pair.old is None or cell_pair.new is None:
                cell = new_unit.cells[cell_pair.new] if cell_pair.old is None else old_unit.cells[cell_pair.old]
                for paragraph in cell.paragraphs:
                    yield ParagraphPair(None if cell_pair.old is None else paragraph,
                                        paragraph if cell_pair.old is None else None, unit_pair)
                continue
            old_cell, new_cell = old_unit.cells[cell_pair.old], new_unit.cells[cell_pair.new]
            for text_pair in cell_pair.paragraphs:
                yield ParagraphPair(
                    old_cell.paragraphs[text_pair.old] if text_pair.old is not None else None,
                    new_cell.paragraphs[text_pair.new] if text_pair.new is not None else None,
                    unit_pair,
                )
