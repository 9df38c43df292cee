"""A rendered PDF made a tagged PDF (PDF/UA-1 as the aim), with pikepdf after reportlab.

``finish`` writes the structure collected while drawing (``tagging.Tags``): the
``StructTreeRoot`` with its elements, the ``ParentTree`` from each page's marked content (and
each link annotation) back to its element, ``/StructParents`` and ``/Tabs /S`` on pages,
``/MarkInfo``, ``/Lang``, ``/ViewerPreferences <</DisplayDocTitle true>>`` and XMP metadata
with ``pdfuaid:part 1``; and drops base-14 fonts no page uses (reportlab puts Helvetica in every
page's resources). ``retag_merged`` gives a PDF joined from tagged parts (the consultation pack)
one structure tree. Output stays deterministic: no dates, a file identifier from the content.
"""

from __future__ import annotations

import io
import re
import threading
from xml.sax.saxutils import escape

import pikepdf
import pikepdf.settings
from pikepdf import Array, Dictionary, Name, String

from ..errors import RenderError
from .tagging import Node, Tags

_STANDARD_FONTS = {
    "/Courier", "/Courier-Bold", "/Courier-Oblique", "/Courier-BoldOblique", "/Helvetica", "/Helvetica-Bold",
    "/Helvetica-Oblique", "/Helvetica-BoldOblique", "/Times-Roman", "/Times-Bold", "/Times-Italic",
    "/Times-BoldItalic", "/Symbol", "/ZapfDingbats",
}
_MARKS = {"deleted": "deleted", "added": "added"}
DEFAULT_LANGUAGE = "en-GB"
MAX_TEXT = 2000  # characters of a link's or an amendment's text repeated in its element


def finish(pdf: bytes, tags: Tags, *, title: str, lang: str) -> bytes:
    """``pdf`` with the structure tree of ``tags`` and the document-level entries PDF/UA asks for."""
    try:
        with pikepdf.open(io.BytesIO(pdf)) as document:
            pages = [page.obj for page in document.pages]
            _write_tree(document, tags, pages)
            _document_entries(document, title, lang)
            _drop_unused_standard_fonts(document)
            return _save(document)
    except (pikepdf.PdfError, ValueError) as exc:
        raise RenderError(f"the PDF could not be tagged ({type(exc).__name__})") from None


def retag_merged(pdf: bytes, parts: list[bytes], *, title: str, lang: str | None = None) -> bytes:
    """A PDF joined from ``parts`` (their pages in order, as pypdf writes them) with one structure
    tree: each part's ``Document`` element under the new one, pointed at the joined pages.
    ``lang`` None: the first part's language (en-GB when it has none)."""
    try:
        with pikepdf.open(io.BytesIO(pdf)) as document:
            pages = [page.obj for page in document.pages]
            root_elem = document.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document, K=Array()))
            offset = 0
            for data in parts:
                with pikepdf.open(io.BytesIO(data)) as part:
                    count = len(part.pages)
                    if lang is None:
                        lang = str(part.Root.get("/Lang") or "") or DEFAULT_LANGUAGE
                    tree = part.Root.get("/StructTreeRoot")
                    kids = tree.get("/K") if tree is not None else None
                    if kids is not None:
                        copied = document.copy_foreign(kids)
                        # the part's pages and annotations, as copied, to the joined pages' own
                        mapping = {}
                        for index, page in enumerate(part.pages):
                            if offset + index >= len(pages):
                                break
                            target = pages[offset + index]
                            mapping[document.copy_foreign(page.obj).objgen] = target
                            annots = page.obj.get("/Annots")
                            joined = target.get("/Annots")
                            if annots is not None and joined is not None:
                                for annot, mine in zip(annots, joined):
                                    mapping[document.copy_foreign(annot).objgen] = mine
                        for element in (copied if isinstance(copied, Array) else [copied]):
                            _repoint(element, mapping, set())
                            element.P = root_elem
                            root_elem.K.append(element)
                    offset += count
            document.Root.StructTreeRoot = document.make_indirect(
                Dictionary(Type=Name.StructTreeRoot, K=root_elem, RoleMap=Dictionary()))
            root_elem.P = document.Root.StructTreeRoot
            _parent_tree(document, root_elem, pages)
            _document_entries(document, title, lang or DEFAULT_LANGUAGE)
            _drop_unused_standard_fonts(document)
            return _save(document)
    except (pikepdf.PdfError, ValueError) as exc:
        raise RenderError(f"the consultation pack PDF could not be tagged ({type(exc).__name__})") from None


# -- the tree --------------------------------------------------------------------------------


def _write_tree(document, tags: Tags, pages: list) -> None:
    """The structure tree of ``tags``, its parent tree made from the marked content recorded per
    page (no walk over the written tree)."""
    tree = document.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    pending: list = []
    elements: dict = {}
    root_elem = _element(document, tags.root, pages, pending, elements, {}) or document.make_indirect(
        Dictionary(S=Name.Document, K=Array()))
    root_elem.P = tree
    tree.K = root_elem
    document.Root.StructTreeRoot = tree
    annotations = _attach_annotations(tags, pending, pages)
    marked = {index: [elements.get(id(node)) for node in nodes] for index, nodes in tags.pages.items() if nodes}
    _write_parent_tree(document, tree, pages, marked, annotations)

_HOLDERS = {"TD", "TH", "LBody"}


def _element(document, node: Node, pages: list, pending: list, elements: dict, names: dict):
    """The structure element of ``node`` (None when it holds nothing: an empty paragraph),
    made after its children, whose ``/P`` it then sets (the caller sets its own);
    ``pending`` collects (element, its annotations, its text) for ``_attach_annotations``,
    ``elements`` the element of each node by id, ``names`` the role names made so far."""
    role = names.get(node.role)
    if role is None:
        role = names[node.role] = Name("/" + node.role)
    own = node.kids
    merged = None
    if node.role in _HOLDERS and len(own) == 1 and type(own[0]) is Node and own[0].role == "P":
        # a cell or list body holding one plain paragraph holds its text itself: a third fewer
        # elements in a plan, each of them time to write and to read
        only = own[0]
        if all(type(kid) is not Node for kid in only.kids):
            own = only.kids
            merged = only
    kids = []
    children = []
    annotations = []
    first_page = None
    for kid in own:
        if type(kid) is Node:
            child = _element(document, kid, pages, pending, elements, names)
            if child is not None:
                kids.append(child)
                children.append(child)
        elif kid[0] == "annot":
            annotations.append(kid)
        else:
            page, mcid = kid
            if page >= len(pages):
                continue
            if first_page is None:
                first_page = page
            kids.append(mcid if page == first_page else Dictionary(Type=Name.MCR, Pg=pages[page], MCID=mcid))
    if not kids:
        return None
    entries = {"/S": role}
    if first_page is not None:
        entries["/Pg"] = pages[first_page]
    # one kid is the kid itself, not an array of one (most paragraphs: one marked-content id)
    entries["/K"] = kids[0] if len(kids) == 1 and not annotations else Array(kids)
    text = "".join(node.texts).strip()[:MAX_TEXT] if node.texts else ""
    if node.alt:
        entries["/Alt"] = String(node.alt)
    if node.actual in _MARKS and text:
        # read in place of the text: a screen reader says what the amendment does
        entries["/ActualText"] = String(f"[{_MARKS[node.actual]}: {text}] ")
        entries["/Alt"] = String(f"{_MARKS[node.actual].capitalize()} text: {text}")
    if node.attributes:
        attributes = Dictionary()
        for key, value in node.attributes.items():
            attributes[Name("/" + key)] = Name("/" + value) if isinstance(value, str) else value
        entries["/A"] = attributes
    elem = document.make_indirect(Dictionary(entries))
    for child in children:
        child.P = elem
    elements[id(node)] = elem
    if merged is not None:
        elements[id(merged)] = elem
    if annotations:
        pending.append((elem, annotations, text))
    return elem


def _attach_annotations(tags: Tags, pending: list, pages: list) -> list:
    """Link elements get their annotations (an ``OBJR`` each, the link's text as ``/Contents``);
    returns the (annotation, element) pairs."""
    found = {}
    attached = []
    for elem, annotations, text in pending:
        for _kind, page, index in annotations:
            if page not in found:
                found[page] = list(pages[page].get("/Annots") or []) if page < len(pages) else []
            drawn = found[page]
            if index >= len(drawn) or len(drawn) != len(tags.annotations.get(page) or []):
                continue  # annotations not all drawn by ehcpdocs: left as they are
            annot = drawn[index]
            elem.K.append(Dictionary(Type=Name.OBJR, Obj=annot, Pg=pages[page]))
            annot.Contents = String(text or "link")
            attached.append((annot, elem))
    return attached


def _repoint(element, mapping: dict, seen: set) -> None:
    """Point a copied element's pages and annotations (``/Pg``, ``OBJR /Obj``) at the joined file's."""
    if not isinstance(element, Dictionary) or element.objgen in seen:
        return
    if element.is_indirect:
        seen.add(element.objgen)
    for key in ("/Pg", "/Obj"):
        target = element.get(key)
        if target is not None and target.objgen in mapping:
            element[key] = mapping[target.objgen]
    kids = element.get("/K")
    if isinstance(kids, Array):
        for kid in kids:
            _repoint(kid, mapping, seen)
    elif isinstance(kids, Dictionary):
        _repoint(kids, mapping, seen)


def _parent_tree(document, root_elem, pages: list) -> None:
    """The ``ParentTree`` (page -> element of each MCID; annotation -> its Link) built by walking
    the tree, and ``/StructParents``, ``/StructParent`` and ``/Tabs /S``."""
    index_of = {page.objgen: index for index, page in enumerate(pages)}
    marked: dict[int, dict[int, object]] = {}
    annotations: list = []
    stack = [(root_elem, None)]
    seen = set()
    while stack:
        elem, inherited = stack.pop()
        if elem.objgen in seen:
            continue
        seen.add(elem.objgen)
        page = elem.get("/Pg")
        page_index = index_of.get(page.objgen) if page is not None else inherited
        kids = elem.get("/K")
        if kids is None:
            continue
        items = kids if isinstance(kids, Array) else [kids]
        for kid in items:
            if isinstance(kid, int) or (hasattr(kid, "__int__") and not isinstance(kid, Dictionary)):
                if page_index is not None:
                    marked.setdefault(page_index, {})[int(kid)] = elem
            elif isinstance(kid, Dictionary):
                kind = kid.get("/Type")
                if kind == Name.MCR:
                    where = index_of.get(kid.Pg.objgen) if "/Pg" in kid else page_index
                    if where is not None:
                        marked.setdefault(where, {})[int(kid.MCID)] = elem
                elif kind == Name.OBJR:
                    annotations.append((kid.Obj, elem))
                else:
                    stack.append((kid, page_index))
    per_page = {index: [mcids.get(n) for n in range(max(mcids) + 1)] for index, mcids in marked.items() if mcids}
    _write_parent_tree(document, document.Root.StructTreeRoot, pages, per_page, annotations)


def _write_parent_tree(document, tree, pages: list, marked: dict[int, list], annotations: list) -> None:
    """The ``ParentTree`` of ``tree``: each page's marked content (``marked``: page index -> the
    element of each MCID in order) and each link annotation (``annotations``: (annotation,
    element)); ``/StructParents``, ``/StructParent`` and ``/Tabs /S`` on what they point from."""
    nums = Array()
    for index, page in enumerate(pages):
        elements = marked.get(index)
        if elements:
            page.StructParents = index
            nums.append(index)
            nums.append(document.make_indirect(Array(elements)))
        elif "/StructParents" in page:
            del page["/StructParents"]
        if "/Annots" in page:
            page.Tabs = Name.S
    key = len(pages)
    for annot, elem in annotations:
        annot.StructParent = key
        nums.append(key)
        nums.append(elem)
        key += 1
    tree.ParentTree = document.make_indirect(Dictionary(Nums=nums))
    tree.ParentTreeNextKey = key

# -- the document ----------------------------------------------------------------------------


def _document_entries(document, title: str, lang: str) -> None:
    root = document.Root
    root.MarkInfo = Dictionary(Marked=True)
    root.Lang = String(lang)
    root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
    document.docinfo[Name.Title] = String(title)
    info = document.docinfo
    author = str(info.get("/Author", "")) if "/Author" in info else ""
    root.Metadata = document.make_stream(_xmp(title, author, lang).encode("utf-8"), Type=Name.Metadata,
                                         Subtype=Name.XML)


def _xmp(title: str, author: str, lang: str) -> str:
    """XMP metadata: the title and author as in the document information, ``pdfuaid:part`` 1."""
    creator = (f"<dc:creator><rdf:Seq><rdf:li>{escape(author)}</rdf:li></rdf:Seq></dc:creator>"
               if author else "")
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" '
        'xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">'
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(title)}</rdf:li></rdf:Alt></dc:title>'
        f'{creator}<dc:language><rdf:Bag><rdf:li>{escape(lang)}</rdf:li></rdf:Bag></dc:language>'
        '<pdf:Producer>ehcpdocs</pdf:Producer><xmp:CreatorTool>ehcpdocs</xmp:CreatorTool>'
        '<pdfuaid:part>1</pdfuaid:part>'
        '</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
    )


_FONT_USE = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s+[-+.\d]+\s+Tf")


def _drop_unused_standard_fonts(document) -> None:
    """Remove base-14 fonts (never embedded) that no page's text selects from page resources."""
    used: set[str] = set()
    resources = []
    for page in document.pages:
        fonts = page.obj.get("/Resources", {}).get("/Font") if "/Resources" in page.obj else None
        if fonts is None:
            continue
        if not any(str(font.get("/BaseFont", "")) in _STANDARD_FONTS and font.get("/Subtype") == Name.Type1
                   for font in fonts.values()):
            continue
        resources.append(fonts)
        for stream in _contents(page.obj):
            used.update("/" + name.decode("latin-1") for name in _FONT_USE.findall(stream.read_bytes()))
    for fonts in resources:
        for key in list(fonts.keys()):
            font = fonts[key]
            if str(font.get("/BaseFont", "")) in _STANDARD_FONTS and key not in used and "/FontFile" not in font:
                del fonts[key]


def _contents(page) -> list:
    contents = page.get("/Contents")
    if contents is None:
        return []
    return list(contents) if isinstance(contents, Array) else [contents]


SAVE_FLATE_LEVEL = 1  # the object streams qpdf writes: level 1 halves the save time, for about 4% more bytes
QPDF_DEFAULT_FLATE_LEVEL = -1
_SAVE_LOCK = threading.Lock()


def _save(document) -> bytes:
    """The document's bytes: object streams (the structure elements compress well), a file
    identifier from the content, the XMP packet as written (pikepdf would otherwise parse it
    again to stamp the PDF version). qpdf's compression level is process-wide: it is set for the
    save and put back to qpdf's default under a lock, so renders in other threads agree."""
    out = io.BytesIO()
    with _SAVE_LOCK:
        pikepdf.settings.set_flate_compression_level(SAVE_FLATE_LEVEL)
        try:
            document.save(out, deterministic_id=True, compress_streams=True, fix_metadata_version=False,
                          object_stream_mode=pikepdf.ObjectStreamMode.generate)
        finally:
            pikepdf.settings.set_flate_compression_level(QPDF_DEFAULT_FLATE_LEVEL)
    return out.getvalue()
