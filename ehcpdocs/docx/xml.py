"""The XML layer under every Word part: a hardened parser, namespaces and faithful serialising.

The parser never resolves entities, loads DTDs or touches the network (a .docx is untrusted
input). Serialising keeps the part's own XML declaration so parts come back as Word wrote them.

A part may hold at most ``MAX_XML_PART_BYTES`` (16 MB) of XML, and elements may nest at most ``MAX_XML_DEPTH`` (256) levels deep, libxml2's own limit: deeper
parts are refused with a ``CorruptDocumentError``, so no walk over a tree (here or in the PDF
renderer, the comparison, the writers) can run out of Python's recursion limit. Only a part
the default parser refuses for its size (a text node over 10 MB, say) is parsed again with
libxml2's huge-tree option, and its depth then checked by hand.
"""

from __future__ import annotations

import re
import threading

from lxml import etree

from ..errors import CorruptDocumentError, DocumentTooLargeError

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
W14_NS = "http://schemas.microsoft.com/office/word/2010/wordml"

MAX_XML_DEPTH = 256
# The most XML one part may hold: a 40-page plan's document.xml is under 1 MB; 16 MB is over a
# thousand pages of text. Parsing holds about 10 bytes of memory per byte of XML, and amending
# holds three trees (read, marked-up, final), so this keeps any one document within 600 MiB.
MAX_XML_PART_BYTES = 16 * 1024 * 1024
MAX_ERROR_TEXT = 120

_LOCAL = threading.local()


def hardened_parser(*, huge: bool = False) -> etree.XMLParser:
    """This thread's parser (lxml parsers must not be shared between threads); ``huge`` lifts
    libxml2's size limits (and its depth limit to 2048: check the depth after)."""
    attribute = "huge_parser" if huge else "parser"
    parser = getattr(_LOCAL, attribute, None)
    if parser is None:
        parser = etree.XMLParser(
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            dtd_validation=False,
            remove_blank_text=False,
            huge_tree=huge,
        )
        setattr(_LOCAL, attribute, parser)
    return parser


_DECLARATION = re.compile(rb"^\s*<\?xml[^>]*\?>\s*")
_STANDARD_DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'


def w(tag: str) -> str:
    """The Clark name of a WordprocessingML tag: ``w("p")`` -> ``{...main}p``."""
    return f"{{{W_NS}}}{tag}"


def parse_xml(data: bytes, *, part: str = "", file: str | None = None) -> etree._Element:
    """Parse a part with the hardened parser; malformed or too deeply nested XML is a
    ``CorruptDocumentError`` naming the part."""
    where = f"part {part_label(part)} " if part else ""
    if len(data) > MAX_XML_PART_BYTES:
        raise DocumentTooLargeError(
            f"{where}holds {len(data) / (1024 * 1024):.0f} MB of XML, over the "
            f"{MAX_XML_PART_BYTES // (1024 * 1024)} MB a part may hold",
            file=file,
        )
    try:
        root = etree.fromstring(data, hardened_parser())
    except (etree.LxmlError, ValueError) as exc:
        if is_depth_error(exc):
            raise too_deep(where, file) from None
        root = _parse_huge(data, where, file)
    if root.getroottree().docinfo.doctype:
        # Office never writes a DTD; one here can only be an attempt at entity tricks (XXE).
        raise CorruptDocumentError(
            f"{where}declares a DTD, which Word documents never contain; refusing it", file=file
        )
    return root


def _parse_huge(data: bytes, where: str, file: str | None) -> etree._Element:
    """A part the default parser refused, parsed without libxml2's size limits: well-formed
    parts with a huge text node pass; anything else is refused with the parser's reason."""
    try:
        root = etree.fromstring(data, hardened_parser(huge=True))
    except (etree.LxmlError, ValueError) as exc:
        if is_depth_error(exc):
            raise too_deep(where, file) from None
        raise CorruptDocumentError(f"{where}is not well-formed XML ({error_text(exc)})", file=file) from None
    if deeper_than(root, MAX_XML_DEPTH):
        raise too_deep(where, file)
    return root


def is_depth_error(exc: BaseException) -> bool:
    return "Excessive depth" in str(exc)


def too_deep(where: str, file: str | None) -> CorruptDocumentError:
    return CorruptDocumentError(
        f"{where}nests elements more than {MAX_XML_DEPTH} levels deep, which Word documents never do", file=file
    )


def deeper_than(root: etree._Element, limit: int) -> bool:
    """True when some element lies more than ``limit`` levels below the root (the root is 1)."""
    stack = [(root, 1)]
    while stack:
        element, depth = stack.pop()
        if depth > limit:
            return True
        if len(element):
            stack.extend((child, depth + 1) for child in element)
    return False


def error_text(exc: BaseException) -> str:
    """A parser's reason on one printable line, cut with '…' (lxml may quote long names)."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    text = "".join(char if char.isprintable() else "?" for char in text)
    return text if len(text) <= MAX_ERROR_TEXT else text[: MAX_ERROR_TEXT - 1] + "…"


def part_label(part: str, limit: int = 80) -> str:
    """A part name fit for a one-line message: printable, and cut with '…' when long."""
    label = "".join(char if char.isprintable() else "?" for char in part)
    return label if len(label) <= limit else label[: limit - 1] + "…"


def serialize_xml(root: etree._Element, original: bytes | None = None) -> bytes:
    """The part's bytes: the original XML declaration, then the tree as lxml keeps it."""
    declaration = _STANDARD_DECLARATION
    if original:
        match = _DECLARATION.match(original)
        if match:
            declaration = match.group(0)
    return declaration + etree.tostring(root, encoding="UTF-8")
