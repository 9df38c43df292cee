"""Block streams written by hand, for testing the reader's recognisers without Word.

    stream(
        p("Section A: Views", bold=True),
        p("Zoë likes trains."),
        table(["Needs (Section B)", "Reads slowly."], ["Provision (Section F)", "Daily reading."]),
    )

``p(text, ...)`` is a paragraph with its look; a table row is a list of cells, each a string,
a ``p`` or a list of them (``cell(..., shaded=True)`` for a shaded cell); ``table(..., rows)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ehcpdocs.reader.blocks import Block, BlockStream, CellInfo, RowInfo, TableInfo


@dataclass
class P:
    text: str
    bold: bool = False
    level: int | None = None
    style: str | None = None
    toc: bool = False
    leader: bool = False
    page_ref: bool = False


@dataclass
class C:
    content: list = field(default_factory=list)
    shaded: bool = False
    span: int = 1


@dataclass
class T:
    rows: list[list]


def p(text: str, *, bold: bool = False, level: int | None = None, style: str | None = None, toc: bool = False,
      leader: bool = False) -> P:
    return P(text, bold=bold, level=level, style=style, toc=toc, leader=leader)


def h(text: str, level: int = 0) -> P:
    """A paragraph in a heading style ('Heading 1' is level 0)."""
    return P(text, level=level, style=f"Heading {level + 1}", bold=True)


def cell(*content, shaded: bool = False, span: int = 1) -> C:
    return C(list(content), shaded=shaded, span=span)


def table(*rows: list) -> T:
    return T(list(rows))


class _Builder:
    def __init__(self) -> None:
        self.stream = BlockStream()

    def add_paragraph(self, para: P, where: str | None, depth: int, table_number=None, row=None, number=None) -> int:
        index = len(self.stream.blocks)
        if where is None:
            self.stream.body_paragraphs += 1
            where = f"paragraph {self.stream.body_paragraphs}"
        self.stream.blocks.append(Block(
            index=index, text=para.text, where=where, style=para.style, heading_level=para.level,
            bold=para.bold and bool(para.text.strip()), toc=para.toc, leader=para.leader, page_ref=para.page_ref,
            table=table_number, row=row, cell=number, depth=depth,
        ))
        return index

    def items(self, content: list, where: str | None, depth: int, table_number=None, row=None, number=None, prefix=""):
        out = []
        for item in content:
            if isinstance(item, str):
                item = P(item)
            if isinstance(item, P):
                out.append(("p", self.add_paragraph(item, where, depth, table_number, row, number)))
            elif isinstance(item, T):
                out.append(("t", self.add_table(item, depth, prefix)))
            else:
                raise TypeError(item)
        return out

    def add_table(self, spec: T, depth: int, prefix: str = "") -> int:
        number = len(self.stream.tables) + 1
        where = f"{prefix}table {number}"
        info = TableInfo(index=number, rows=[], where=where, depth=depth)
        self.stream.tables.append(info)
        for row_number, cells in enumerate(spec.rows, start=1):
            key = len(self.stream.rows)
            row = RowInfo(key=key, table=number, index=row_number, cells=[])
            self.stream.rows.append(row)
            info.rows.append(key)
            for cell_number, content in enumerate(cells, start=1):
                spec_cell = content if isinstance(content, C) else C([content] if not isinstance(content, list) else content)
                where_cell = f"{where}, row {row_number}, cell {cell_number}"
                start = len(self.stream.blocks)
                items = self.items(spec_cell.content or [""], where_cell, depth + 1, number, key, cell_number,
                                   prefix=f"{where_cell}, nested ")
                blocks = list(range(start, len(self.stream.blocks)))
                text = " ".join(self.stream.blocks[index].text for index in blocks)
                row.cells.append(CellInfo(items=items, blocks=blocks, text=text, shaded=spec_cell.shaded,
                                          span=spec_cell.span))
            row.seal()
        return number


def stream(*content) -> BlockStream:
    """A body of paragraphs and tables (see the module docstring)."""
    builder = _Builder()
    builder.stream.items = builder.items(list(content), None, 0)
    return builder.stream


def texts_of(stream_: BlockStream, indexes) -> list[str]:
    return [stream_.blocks[index].text for index in sorted(indexes)]


def owners(stream_: BlockStream, reading) -> dict[str, str | None]:
    """Each non-empty block's text -> the section that owns it (None for none)."""
    owned = {place.key: letter for letter, section in reading.sections.items() for place in section.places}
    return {block.text: owned.get(block.index) for block in stream_.blocks if block.text.strip()}
