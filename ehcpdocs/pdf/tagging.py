"""The structure of a tagged PDF, collected while the document is converted and drawn.

Converting (``body``, ``tables``, ``images``, ``footnotes``) builds a tree of ``Node``s in
document order: headings, paragraphs, lists, tables, figures and notes, each flowable holding
the node its content belongs to (``flowable.tag``). Drawing (``lines``, ``tabs``, ``grid``,
``images``) wraps each piece of content in a marked-content sequence: ``/P <</MCID 3>> BDC ...
EMC`` for content of a node, ``/Artifact BMC ... EMC`` for everything else (headers and
footers, borders, shading, rules, repeated table header rows), and records which node each
MCID of each page belongs to. ``structure.write_structure`` writes the tree with the PDF.

Amendment marks are kept apart: a run of deleted (struck) or added text is a ``Span`` child of
its paragraph whose ``/ActualText`` says so ("[deleted: two sessions]"), and a link is a
``Link`` child holding its annotation.
"""

from __future__ import annotations

from contextlib import contextmanager

from reportlab.platypus.flowables import HRFlowable

DELETED = "deleted"
ADDED = "added"
LABEL = "label"  # a list number or bullet drawn inline, at the start of its paragraph's text

ARTIFACT_BEGIN = "/Artifact BMC"
END = "EMC"


class Node:
    """One structure element: its role (``P``, ``H1``, ``TD``...), its children in reading
    order (``Node``s, ``(page, mcid)`` pairs of content and ``("annot", page, index)``
    annotations), and what it says in place of its content."""

    __slots__ = ("actual", "alt", "attributes", "kids", "label", "role", "texts")

    def __init__(self, role: str) -> None:
        self.role = role
        self.kids: list = []
        self.alt: str | None = None
        self.actual: str | None = None  # filled from texts for amendment spans
        self.attributes: dict | None = None
        self.label: Node | None = None  # a list item's Lbl, for the paragraph in its LBody
        self.texts: list[str] | None = None  # the text drawn, for marks and links

    def add(self, role: str) -> "Node":
        child = Node(role)
        self.kids.append(child)
        return child

    def __repr__(self) -> str:
        return f"Node({self.role}, {len(self.kids)} kids)"


class _ListLevel:
    __slots__ = ("item", "level", "node")

    def __init__(self, level: int, node: Node) -> None:
        self.level = level
        self.node = node
        self.item: Node | None = None


class Tags:
    """The structure tree of one render and the marked content drawn for it."""

    def __init__(self) -> None:
        self.root = Node("Document")
        self._parents: list[Node] = [self.root]
        self._lists: list[list[_ListLevel]] = [[]]
        self.pages: dict[int, list[Node]] = {}  # page index -> node of each MCID
        self.annotations: dict[int, list] = {}  # page index -> Link node (or None) per annotation
        self.headings: list[tuple[int, int]] = []  # (level asked, level given) of the headings above
        self.suppressed = 0  # inside an artifact (headers, repeated rows): content is not tagged

    # -- while converting ----------------------------------------------------------------------

    @property
    def parent(self) -> Node:
        return self._parents[-1]

    def add(self, role: str) -> Node:
        """A new element at the current place in the tree."""
        return self.parent.add(role)

    def push(self, node: Node) -> None:
        self._parents.append(node)

    def pop(self) -> None:
        if len(self._parents) > 1:
            self._parents.pop()

    @contextmanager
    def inside(self, node: Node):
        """Elements added meanwhile go into ``node``, in a new container (lists restart)."""
        self._parents.append(node)
        self._lists.append([])
        try:
            yield node
        finally:
            self._lists.pop()
            self._parents.pop()

    @contextmanager
    def detached(self):
        """Conversion whose elements are not part of the document (headers and footers)."""
        with self.inside(Node("Artifact")):
            yield

    def paragraph(self, role: str, list_level: int | None) -> Node:
        """The element of a paragraph: a heading or ``P``; a numbered paragraph (``list_level``
        its ``w:ilvl``) is the ``P`` of a new ``LI``'s ``LBody``, lists nested by level."""
        if list_level is None or role != "P":
            self.end_lists()
            return self.add(role)
        levels = self._lists[-1]
        while levels and levels[-1].level > list_level:
            levels.pop()
        if not levels or levels[-1].level < list_level:
            holder = levels[-1].item if levels and levels[-1].item is not None else self.parent
            levels.append(_ListLevel(list_level, holder.add("L")))
        level = levels[-1]
        item = level.item = level.node.add("LI")
        label = item.add("Lbl")
        node = item.add("LBody").add("P")
        node.label = label
        return node

    def end_lists(self) -> None:
        """A block that is no list item ends the lists of its container."""
        levels = self._lists[-1]
        if levels:
            levels.clear()

    # -- while drawing -------------------------------------------------------------------------

    @staticmethod
    def page_of(canvas) -> int:
        """The index of the page being drawn (pages are held until the end: see headers.py, which
        draws headers and footers on each held page as it writes them)."""
        writing = canvas.__dict__.get("_ehcp_writing_page")
        if writing is not None:
            return writing
        held = canvas.__dict__.get("_held_pages")
        return len(held) if held is not None else 0

    def begin(self, ops: list, node: Node | None, page: int) -> None:
        """Open the marked content of ``node`` (an artifact when None or suppressed) in ``ops``."""
        if node is None or self.suppressed:
            ops.append(ARTIFACT_BEGIN)
            return
        mcids = self.pages.get(page)
        if mcids is None:
            mcids = self.pages[page] = []
        ops.append(f"/{_MARK_ROLES.get(node.role, node.role)} <</MCID {len(mcids)}>> BDC")
        node.kids.append((page, len(mcids)))
        mcids.append(node)

    def annotation(self, page: int, node: Node | None) -> None:
        """The next annotation of ``page`` belongs to ``node`` (a Link), or to none."""
        found = self.annotations.get(page)
        if found is None:
            found = self.annotations[page] = []
        if node is not None:
            node.kids.append(("annot", page, len(found)))
        found.append(node)

    def inline(self, node: Node | None, link: str | None, mark: str | None) -> Node | None:
        """A new child of paragraph ``node`` for the stretch of text that starts here with this
        link or amendment mark (one per stretch, so the paragraph's text stays in order); for a
        list number drawn inline, the item's ``Lbl`` (the paragraph itself outside a list).

        A link in an artifact (a header, a footer, a repeated header row) is a ``Link`` at the
        end of the document holding only its annotation: PDF/UA has every annotation tagged,
        while the text drawn stays an artifact."""
        if self.suppressed:
            if not link:
                return None
            child = self.root.add("Link")
            child.texts = []
            return child
        if node is None:
            return None
        if mark == LABEL and not link:
            return node.label or node
        child = node.add("Link" if link else "Span")
        child.texts = []
        if mark and not link:
            child.actual = mark
        return child


# Marked-content tags are the structure roles, except for roles that hold no content themselves.
_MARK_ROLES = {"LBody": "LBody"}


@contextmanager
def artifact(canvas, kind: str | None = None):
    """Everything drawn meanwhile on ``canvas`` is one artifact (a header, a footer, a rule), with
    any content inside it left untagged."""
    tags = getattr(canvas, "_ehcp_tags", None)
    if tags is None:
        yield
        return
    code = canvas._code
    code.append(f"/Artifact <</Type /Pagination /Subtype /{kind}>> BDC" if kind else ARTIFACT_BEGIN)
    tags.suppressed += 1
    try:
        yield
    finally:
        tags.suppressed -= 1
        code.append(END)


@contextmanager
def content(canvas, node, box: tuple[float, float, float, float] | None = None):
    """Everything drawn meanwhile on ``canvas`` is marked content of ``node`` (a picture, its
    placeholder box) when the canvas is tagged; ``box`` (x1, y1, x2, y2 where it is drawn) is
    given to the element as its ``BBox``, which PDF/UA asks of a figure."""
    tags = getattr(canvas, "_ehcp_tags", None)
    if tags is None:
        yield
        return
    if box is not None and node is not None and not tags.suppressed:
        x1, y1, x2, y2 = canvas._absRect(box, 1)
        node.attributes = {**(node.attributes or {}), "O": "Layout",
                           "BBox": [round(x1, 2), round(y1, 2), round(x2, 2), round(y2, 2)]}
    tags.begin(canvas._code, node, tags.page_of(canvas))
    try:
        yield
    finally:
        canvas._code.append(END)


def wrap_artifact(ops: str, canvas) -> str:
    """Operators drawn as an artifact (borders, shading) when the canvas is tagged."""
    if getattr(canvas, "_ehcp_tags", None) is None:
        return ops
    return f"{ARTIFACT_BEGIN}\n{ops}\n{END}"


def tags_of(canvas) -> Tags | None:
    return getattr(canvas, "_ehcp_tags", None)


def tag_flowables(flowables, node: Node) -> None:
    """Give the text flowables of one paragraph (through their wrappers) their element."""
    for flowable in flowables:
        inner = flowable
        while True:
            if getattr(inner, "tag_text", False):
                if inner.tag is None:
                    inner.tag = node
                break
            nested = getattr(inner, "inner", None)
            if nested is None:
                break
            inner = nested


class NoteRule(HRFlowable):
    """The rule above the endnotes, drawn as an artifact."""

    def draw(self) -> None:
        with artifact(self.canv):
            super().draw()
