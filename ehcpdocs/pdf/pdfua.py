"""A consultation pack joined from tagged PDFs made one tagged PDF, with pikepdf.

Each PDF ehcpdocs renders is tagged as it is written (``structure``). A PDF joined from
several of them (the consultation pack, merged by pypdf) has their pages but no structure
tree of its own: ``retag_merged`` gives it one, each part's ``Document`` element under a new
one, pointed at the joined pages and annotations, with the ``ParentTree``, ``/StructParents``,
``/Tabs /S``, ``/MarkInfo``, ``/Lang``, ``/ViewerPreferences <</DisplayDocTitle true>>`` and XMP
metadata with ``pdfuaid:part 1``; base-14 fonts no page uses are dropped. Output stays
deterministic: no dates, a file identifier from the content.
"""

from __future__ import annotations

import io
import re
import threading

import pikepdf
import pikepdf.settings
from pikepdf import Array, Dictionary, Name, String

from ..errors import RenderError
from .structure import DEFAULT_LANGUAGE, xmp_packet

_STANDARD_FONTS = {
    "/Courier", "/Courier-Bold", "/Courier-Oblique", "/Courier-BoldOblique", "/Helvetica", "/Helvetica-Bold",
    "/Helvetica-Oblique", "/Helvetica-BoldOblique", "/Times-Roman", "/Times-Bold", "/Times-Italic",
    "/Times-BoldItalic", "/Symbol", "/ZapfDingbats",
}


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
    root.Metadata = document.make_stream(xmp_packet(title, author, lang).encode("utf-8"), Type=Name.Metadata,
                                         Subtype=Name.XML)


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
