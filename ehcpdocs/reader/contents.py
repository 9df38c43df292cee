"""Contents lists: they name the sections but hold none of them.

A block is part of a contents list when:

- it lies in a Word TOC field, a 'toc n' style or a table-of-contents content control;
- it is a line naming a section (or a group or profile title, or "Contents") that ends in a
  page number after a dot leader, a tab or a run of spaces;
- it is one of three or more consecutive lines (or table rows) naming different sections
  with no content between them, most of whose letters are named again later in the body: a
  list of the sections ("Understanding the content of this plan"), not the sections.

Whole tables whose rows are such a list are contents too (``Contents.tables``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .blocks import Block, BlockStream, Item
from .grammar import is_group_title, is_profile_title, parse_heading, strip_page_number, title_fits, words_of
from .headings import parse_block

MIN_LISTED = 3
MAX_LISTING_TEXT = 400
CONTENTS_TITLES = frozenset(("contents", "table of contents", "index", "contents page", "what is in my plan",
                             "what is in this plan", "whats in my plan"))


@dataclass
class Contents:
    """The blocks and tables that make up contents lists."""

    blocks: set[int] = field(default_factory=set)
    tables: set[int] = field(default_factory=set)

    def __contains__(self, index: int) -> bool:
        return index in self.blocks


def _letters_of(block: Block) -> str | None:
    parsed = parse_block(block)
    return parsed.section if parsed is not None and not parsed.sub_part else None


def _paged_line(block: Block) -> bool:
    """A line that names a section or a title and ends in a page number."""
    text = block.text.rstrip()
    if not text or len(text) > MAX_LISTING_TEXT or not text[-1].isdigit():
        return False
    rest, paged = strip_page_number(text)
    if not paged:
        return False
    if parse_heading(rest) is not None or is_group_title(rest) or is_profile_title(rest):
        return True
    return block.leader or "." * 4 in text or "…" in text


def find_contents(stream: BlockStream) -> Contents:
    """The contents lists of a block stream (see the module docstring)."""
    contents = Contents()
    for block in stream.blocks:
        if block.toc:
            contents.blocks.add(block.index)
        elif _paged_line(block):
            contents.blocks.add(block.index)
    _contents_titles(stream, contents)
    later = _LastNamed(stream)
    _listed_paragraphs(stream, stream.items, contents, later)
    for row in stream.rows:
        for cell in row.cells:
            _listed_paragraphs(stream, cell.items, contents, later)
    for table in stream.tables:
        _listed_rows(stream, table.index, contents, later)
    return contents


def _contents_titles(stream: BlockStream, contents: Contents) -> None:
    """'Contents' above a contents list is part of it."""
    for position, (kind, index) in enumerate(stream.items):
        if kind != "p" or words_of(stream.blocks[index].text) not in CONTENTS_TITLES:
            continue
        for next_kind, next_index in stream.items[position + 1: position + 4]:
            if next_kind == "p" and not stream.blocks[next_index].text.strip():
                continue
            if next_kind == "p" and next_index in contents.blocks or next_kind == "t":
                contents.blocks.add(index)
            break


class _LastNamed:
    """Where each section letter is last written as a heading, to ask whether a letter is
    named again after a block."""

    def __init__(self, stream: BlockStream) -> None:
        self.last: dict[str, int] = {}
        for block in stream.blocks:
            letter = _letters_of(block)
            if letter is not None:
                self.last[letter] = block.index

    def after(self, letters: set[str], index: int) -> set[str]:
        return {letter for letter in letters if self.last.get(letter, -1) > index}


def _is_listing(letters: list[tuple[list[int], str]], later: _LastNamed) -> bool:
    distinct = {letter for _blocks, letter in letters}
    if len(distinct) < MIN_LISTED or len(distinct) < len(letters) * 0.8:
        return False
    repeated = later.after(distinct, letters[-1][0][-1])
    return len(repeated) >= max(2, (len(distinct) + 1) // 2)


def _listed_paragraphs(stream: BlockStream, items: list[Item], contents: Contents, later: _LastNamed) -> None:
    run: list[tuple[list[int], str]] = []
    for kind, index in items + [("end", -1)]:
        if kind == "p":
            block = stream.blocks[index]
            if not block.text.strip():
                continue
            letter = _letters_of(block) if index not in contents.blocks else None
            if letter is not None and letter not in {listed for _blocks, listed in run}:
                run.append(([index], letter))
                continue
            if letter is None and run and (_description_of(block, run[-1][1]) or is_group_title(block.text)):
                run[-1][0].append(index)
                continue
            if letter is not None:
                if run and _is_listing(run, later):
                    for blocks, _letter in run:
                        contents.blocks.update(blocks)
                run = [([index], letter)]
                continue
        if run and _is_listing(run, later):
            for blocks, _letter in run:
                contents.blocks.update(blocks)
        run = []


def _description_of(block: Block, letter: str) -> bool:
    """A short line after a listed section naming what the section holds."""
    text = " ".join(block.text.split())
    return 0 < len(text) <= 300 and title_fits(letter, text) and parse_block(block) is None


PAGE_OR_DATE = re.compile(r"^[\d\s/.\-–]*$|^\d{1,2}(st|nd|rd|th)?\s+\w+\s+\d{4}$", re.IGNORECASE)


def _listing_cell(text: str, letter: str) -> bool:
    """What a contents table shows beside a section's name: a page number or a date, or
    the section's title or a description of what it holds."""
    text = " ".join(text.split())
    return not text or bool(PAGE_OR_DATE.match(text)) or len(text) <= 300 and title_fits(letter, text)


def _listed_rows(stream: BlockStream, number: int, contents: Contents, later: _LastNamed) -> None:
    """A table listing the sections: its rows' first cells name three or more sections, most
    of them named again after the table, and no cell holds more than a short description."""
    rows = stream.table_rows(number)
    listed: list[tuple[list[int], str]] = []
    for row in rows:
        if any(len(cell.text) > MAX_LISTING_TEXT for cell in row.cells):
            return
        filled = row.filled
        if not filled:
            continue
        first = row.cells[filled[0]]
        heads = [index for kind, index in first.items if kind == "p" and stream.blocks[index].text.strip()]
        letter = _letters_of(stream.blocks[heads[0]]) if heads else None
        if letter is not None:
            if not all(_listing_cell(row.cells[position].text, letter) for position in filled[1:]):
                return
            listed.append(([index for cell in row.cells for index in cell.blocks], letter))
    if listed and _is_listing(listed, later):
        contents.tables.add(number)
        for row in rows:
            for cell in row.cells:
                contents.blocks.update(cell.blocks)
