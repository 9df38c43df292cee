"""The structure tree of a tagged PDF, written by reportlab with the rest of the file.

``write_structure`` turns the tree collected while drawing (``tagging.Tags``) into reportlab
document objects just before the document is formatted, so the tagged PDF is written in one
pass (no second parse and save): the ``StructTreeRoot`` with its elements, the
``ParentTree`` from each page's marked content (and each link annotation) back to its
element, ``/StructParents`` and ``/Tabs /S`` on pages, ``/StructParent`` and ``/Contents`` on
link annotations, and in the catalog ``/MarkInfo``, ``/ViewerPreferences
<</DisplayDocTitle true>>`` and XMP metadata with ``pdfuaid:part 1``. Pages, annotations and
fonts are already numbered when it runs, so each element's bytes are made at once; only the
``/P`` of an element (its parent, numbered after it) is looked up when the file is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from xml.sax.saxutils import escape

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfdoc import DummyDoc, PDFCatalog, PDFDictionary, PDFObject, PDFPage, PDFString

from .objstreams import format_with_object_streams
from .tagging import Node, Tags

MARKS = {"deleted": "deleted", "added": "added"}
DEFAULT_LANGUAGE = "en-GB"  # a PDF's /Lang when its document declares none
MAX_TEXT = 2000  # characters of a link's or an amendment's text repeated in its element
PDF_VERSION = (1, 7)  # PDF/UA-1 is defined on ISO 32000-1, PDF 1.7
_HOLDERS = {"TD", "TH", "LBody"}
_PAGE_ENTRIES = PDFPage.__NoDefault__ + ["StructParents", "Tabs"]
_CATALOG_REFS = [key for key in PDFCatalog.__Refs__ if key not in ("MarkInfo", "ViewerPreferences")]
_PLAIN = DummyDoc()  # formats strings without the document (ehcpdocs never encrypts)


@dataclass(frozen=True)
class Structure:
    """What a render's canvas writes as its structure: the tree and the document's title,
    author and language."""

    tags: Tags
    title: str
    author: str
    lang: str


class RawObject(PDFObject):
    """An indirect object whose bytes are already made."""

    __RefOnly__ = 1

    def __init__(self, data: bytes = b"") -> None:
        self.data = data

    def format(self, document) -> bytes:
        return self.data


class RawStream(RawObject):
    """A stream whose bytes are already made (never packed into an object stream)."""


class Element(PDFObject):
    """A structure element: its entries made when the tree is written, its ``/P`` (the parent
    element, registered after it) resolved when the file is."""

    __RefOnly__ = 1

    def __init__(self, body: bytes) -> None:
        self.body = body
        self.parent: PDFObject | None = None

    def format(self, document) -> bytes:
        number = document.idToObjectNumberAndVersion[self.parent.__InternalName__][0]
        return b"<</P %d 0 R%s>>" % (number, self.body)


def write_structure(document, tags: Tags, annotation_names: list[list[str]], *, title: str,
                    author: str, lang: str) -> None:
    """Add the structure tree of ``tags`` and the document-level entries PDF/UA asks for to
    reportlab's ``document`` (a ``PDFDocument`` whose pages are all added, not yet formatted).
    ``annotation_names``: each page's annotations as registered, in order."""
    numbers = document.idToObjectNumberAndVersion
    pages = document.Pages.pages
    page_refs = [b"%d 0 R" % numbers[f"Page{index + 1}"][0] for index in range(len(pages))]
    writer = _TreeWriter(document, page_refs)
    root = writer.element(tags.root)
    if root is None:
        root = Element(b"/S/Document/K[]")
        document.Reference(root)
    tree = RawObject()
    document.Reference(tree)
    root.parent = tree
    links = _attach_annotations(document, tags, writer.pending, annotation_names, page_refs)

    nums = []
    for index, page in enumerate(pages):
        nodes = tags.pages.get(index)
        if nodes:
            page.__NoDefault__ = _PAGE_ENTRIES
            page.StructParents = index
            refs = [writer.ref_of(node) for node in nodes]
            array = RawObject(b"[" + b" ".join(refs) + b"]")
            nums.append(b"%d %s" % (index, _ref(document, array)))
        if page.Annots:
            page.__NoDefault__ = _PAGE_ENTRIES
            page.Tabs = "/S"
    key = len(pages)
    for annotation, element in links:
        _set_annotation_entry(annotation, "StructParent", key)
        nums.append(b"%d %s" % (key, _ref(document, element)))
        key += 1
    parent_tree = RawObject(b"<</Nums[" + b" ".join(nums) + b"]>>")
    tree.data = b"<</Type/StructTreeRoot/K %s/ParentTree %s/ParentTreeNextKey %d>>" % (
        _ref(document, root), _ref(document, parent_tree), key)

    catalog = document.Catalog
    catalog.__Refs__ = _CATALOG_REFS
    catalog.StructTreeRoot = tree
    catalog.MarkInfo = PDFDictionary({"Marked": "true"})
    catalog.ViewerPreferences = PDFDictionary({"DisplayDocTitle": "true"})
    catalog.Lang = PDFString(lang)
    xmp = xmp_packet(title, author, lang).encode("utf-8")
    catalog.Metadata = RawStream(b"<</Type/Metadata/Subtype/XML/Length %d>>\nstream\n%s\nendstream" % (len(xmp), xmp))
    document._pdfVersion = max(document._pdfVersion, PDF_VERSION)
    # the elements are most of the file's objects: packed, they cost bytes, not a hundred each
    document.format = partial(format_with_object_streams, document, _packable)


def _packable(obj) -> bool:
    return type(obj) is Element or type(obj) is RawObject


class _TreeWriter:
    """Makes the elements of a tree of ``Node``s, children first."""

    def __init__(self, document, page_refs: list[bytes]) -> None:
        self.document = document
        self.page_refs = page_refs
        self.elements: dict[int, Element] = {}  # node id -> its element
        self.pending: list = []  # (element, its annotations, its text)
        self.roles: dict[str, bytes] = {}

    def ref_of(self, node: Node) -> bytes:
        element = self.elements.get(id(node))
        return _ref(self.document, element) if element is not None else b"null"

    def element(self, node: Node) -> Element | None:
        """The element of ``node`` (None when it holds nothing: an empty paragraph)."""
        role = self.roles.get(node.role)
        if role is None:
            role = self.roles[node.role] = _name(node.role)
        own = node.kids
        merged = None
        if node.role in _HOLDERS and len(own) == 1 and type(own[0]) is Node and own[0].role == "P":
            # a cell or list body holding one plain paragraph holds its text itself: a third fewer
            # elements in a plan, each of them time to write and to read
            only = own[0]
            if all(type(kid) is not Node for kid in only.kids):
                own = only.kids
                merged = only
        kids: list[bytes] = []
        children: list[Element] = []
        annotations = []
        first_page = None
        page_count = len(self.page_refs)
        for kid in own:
            if type(kid) is Node:
                child = self.element(kid)
                if child is not None:
                    kids.append(_ref(self.document, child))
                    children.append(child)
            elif kid[0] == "annot":
                annotations.append(kid)
            else:
                page, mcid = kid
                if page >= page_count:
                    continue
                if first_page is None:
                    first_page = page
                kids.append(b"%d" % mcid if page == first_page else
                            b"<</Type/MCR/Pg %s/MCID %d>>" % (self.page_refs[page], mcid))
        if not kids and not annotations:
            return None
        parts = [b"/S", role]
        if first_page is not None:
            parts.append(b"/Pg " + self.page_refs[first_page])
        text = "".join(node.texts).strip()[:MAX_TEXT] if node.texts else ""
        if node.alt:
            parts.append(b"/Alt" + _string(node.alt))
        if node.actual in MARKS and text:
            # read in place of the text: a screen reader says what the amendment does
            parts.append(b"/ActualText" + _string(f"[{MARKS[node.actual]}: {text}] "))
            parts.append(b"/Alt" + _string(f"{MARKS[node.actual].capitalize()} text: {text}"))
        if node.attributes:
            parts.append(b"/A<<" + b"".join(_name(key) + _value(value) for key, value in node.attributes.items())
                         + b">>")
        element = Element(b"")
        self.document.Reference(element)
        if annotations:
            # its annotations' OBJRs are added to /K once the annotations are known
            self.pending.append((element, annotations, text, parts, kids))
        else:
            # one kid is the kid itself, not an array of one (most paragraphs: one marked-content id)
            parts.append(b"/K " + kids[0] if len(kids) == 1 else b"/K[" + b" ".join(kids) + b"]")
            element.body = b"".join(parts)
        for child in children:
            child.parent = element
        self.elements[id(node)] = element
        if merged is not None:
            self.elements[id(merged)] = element
        return element


def _attach_annotations(document, tags: Tags, pending: list, annotation_names: list[list[str]],
                        page_refs: list[bytes]) -> list:
    """Link elements get their annotations (an ``OBJR`` each, the link's text as ``/Contents``);
    returns the (annotation, element) pairs."""
    numbers = document.idToObjectNumberAndVersion
    objects = document.idToObject
    attached = []
    for element, annotations, text, parts, kids in pending:
        kids = list(kids)
        for _kind, page, index in annotations:
            names = annotation_names[page] if page < len(annotation_names) else []
            if index >= len(names) or len(names) != len(tags.annotations.get(page) or []):
                continue  # annotations not all drawn by ehcpdocs: left as they are
            annotation = objects[names[index]]
            kids.append(b"<</Type/OBJR/Obj %d 0 R/Pg %s>>" % (numbers[names[index]][0], page_refs[page]))
            _set_annotation_entry(annotation, "Contents", PDFString(text or "link"))
            attached.append((annotation, element))
        parts.append(b"/K " + kids[0] if len(kids) == 1 else b"/K[" + b" ".join(kids) + b"]")
        element.body = b"".join(parts)
    return attached


def _set_annotation_entry(annotation, key: str, value) -> None:
    """An entry of a link annotation as reportlab holds it: a dictionary (URI links) or a
    ``LinkAnnotation`` (links inside the document), whose entries it checks against a list."""
    if isinstance(annotation, PDFDictionary):
        annotation[key] = value
    elif key == "Contents":
        annotation.Contents = value.s if isinstance(value, PDFString) else value
    else:
        if key not in annotation.permitted:
            annotation.permitted = annotation.permitted + (key,)
        annotation.otherkw[key] = value


def _ref(document, obj: PDFObject) -> bytes:
    """A reference to ``obj``, registered as an indirect object if it is not yet."""
    name = getattr(obj, "__InternalName__", None)
    if name is None:
        name = document.Reference(obj).name
    return b"%d 0 R" % document.idToObjectNumberAndVersion[name][0]


def _name(name: str) -> bytes:
    """A PDF name of a structure role or attribute (ASCII letters, from ehcpdocs' own tables)."""
    return b"/" + name.encode("ascii")


def _value(value) -> bytes:
    if isinstance(value, str):
        return _name(value)
    if isinstance(value, bool):
        return b" true" if value else b" false"
    if isinstance(value, (list, tuple)):
        return b"[" + b" ".join(fp_str(number).encode("ascii") for number in value) + b"]"
    return b" %d" % value if isinstance(value, int) else b" %s" % str(value).encode("ascii")


def _string(text: str) -> bytes:
    return PDFString(text).format(_PLAIN)


def xmp_packet(title: str, author: str, lang: str) -> str:
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
