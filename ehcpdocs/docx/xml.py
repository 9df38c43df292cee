"""The XML layer under every Word part: a hardened parser, namespaces and faithful serialising.

The parser never resolves entities, loads DTDs or touches the network (a .docx is untrusted
input). Serialising keeps the part's own XML declaration so parts come back as Word wrote them.
"""

from __future__ import annotations

import re
import threading

from lxml import etree

from ..errors import CorruptDocumentError

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
W14_NS = "http://schemas.microsoft.com/office/word/2010/wordml"

_LOCAL = threading.local()


def hardened_parser() -> etree.XMLParser:
    """This thread's parser (lxml parsers must not be shared between threads)."""
    parser = getattr(_LOCAL, "parser", None)
    if parser is None:
        parser = etree.XMLParser(
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            dtd_validation=False,
            remove_blank_text=False,
            huge_tree=True,
        )
        _LOCAL.parser = parser
    return parser


_DECLARATION = re.compile(rb"^\s*<\?xml[^>]*\?>\s*")
_STANDARD_DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'


def w(tag: str) -> str:
    """The Clark name of a WordprocessingML tag: ``w("p")`` -> ``{...main}p``."""
    return f"{{{W_NS}}}{tag}"


def parse_xml(data: bytes, *, part: str = "", file: str | None = None) -> etree._Element:
    """Parse a part with the hardened parser; malformed XML is a ``CorruptDocumentError``."""
    where = f"part {part} " if part else ""
    try:
        root = etree.fromstring(data, hardened_parser())
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise CorruptDocumentError(f"{where}is not well-formed XML ({exc})", file=file) from None
    if root.getroottree().docinfo.doctype:
        # Office never writes a DTD; one here can only be an attempt at entity tricks (XXE).
        raise CorruptDocumentError(
            f"{where}declares a DTD, which Word documents never contain; refusing it", file=file
        )
    return root


def serialize_xml(root: etree._Element, original: bytes | None = None) -> bytes:
    """The part's bytes: the original XML declaration, then the tree as lxml keeps it."""
    declaration = _STANDARD_DECLARATION
    if original:
        match = _DECLARATION.match(original)
        if match:
            declaration = match.group(0)
    return declaration + etree.tostring(root, encoding="UTF-8")
