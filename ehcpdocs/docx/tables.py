"""Tables as Word stores them, seen the same way by the plan reader, the markup writer, the
comparison and the PDF renderer.

Rows and cells may be wrapped in content controls (``w:sdt``), custom XML, tracked-insertion
wrappers or markup-compatibility ``mc:AlternateContent`` (its ``mc:Choice`` is read, as Word
does); the functions here look through all of them, so no caller can see a different table.
The walks are iterative: any depth of wrappers costs no recursion.
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from .xml import MC_NS, w

P, TBL, TR, TC, TRPR = w("p"), w("tbl"), w("tr"), w("tc"), w("trPr")
SDT, SDT_CONTENT, CUSTOM_XML, INS, MOVE_TO = w("sdt"), w("sdtContent"), w("customXml"), w("ins"), w("moveTo")
ALTERNATE, CHOICE, FALLBACK = f"{{{MC_NS}}}AlternateContent", f"{{{MC_NS}}}Choice", f"{{{MC_NS}}}Fallback"
WRAPPERS = frozenset((SDT, SDT_CONTENT, CUSTOM_XML, INS, MOVE_TO, ALTERNATE))
BLOCKS = frozenset((P, TBL))


def unwrap(wrapper: etree._Element) -> etree._Element | None:
    """The element whose children a wrapper shows: a content control's content, an
    AlternateContent's first Choice (its Fallback when it has none), or the wrapper itself."""
    tag = wrapper.tag
    if tag == SDT:
        return wrapper.find(SDT_CONTENT)
    if tag == ALTERNATE:
        choice = wrapper.find(CHOICE)
        return choice if choice is not None else wrapper.find(FALLBACK)
    return wrapper


def children_through_wrappers(parent: etree._Element, tag: str) -> list[etree._Element]:
    """The children of ``parent`` with ``tag``, including those inside wrappers."""
    return list(block_content(parent, frozenset((tag,))))


def table_rows(table: etree._Element) -> list[etree._Element]:
    """A table's ``w:tr`` in order."""
    return children_through_wrappers(table, TR)


def row_cells(row: etree._Element) -> list[etree._Element]:
    """A row's ``w:tc`` in order."""
    return children_through_wrappers(row, TC)


def row_parts(row: etree._Element) -> tuple[etree._Element | None, list[etree._Element]]:
    """A row's ``w:trPr`` (or None) and its cells, in one pass."""
    trpr = None
    cells = []
    for child in row:
        tag = child.tag
        if tag == TC:
            cells.append(child)
        elif tag == TRPR:
            trpr = child
        elif tag in WRAPPERS:
            content = unwrap(child)
            if content is not None:
                cells.extend(children_through_wrappers(content, TC))
    return trpr, cells


def block_content(container, keep: frozenset[str] = BLOCKS) -> Iterator[etree._Element]:
    """The paragraphs and tables (and any other tags in ``keep``) directly in a body, cell or
    content control, or in a sequence of such children, in order, looking through block-level
    wrappers."""
    stack = [iter(container)]
    while stack:
        for child in stack[-1]:
            tag = child.tag
            if tag in keep:
                yield child
            elif tag in WRAPPERS:
                content = unwrap(child)
                if content is not None:
                    stack.append(iter(content))
                    break
        else:
            stack.pop()
