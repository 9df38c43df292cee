"""Turn an edit script into .docx bytes with a given scheme, adding the styles it needs."""

from __future__ import annotations

import posixpath
import re

from lxml import etree

from ..model.edits import EditScript
from .markup import DocumentWriter, MarkStyles, Scheme
from ..errors import CorruptDocumentError
from .package import PKG_RELS_NS
from .reading import PlanDocument
from .write import package_bytes
from .xml import W_NS, parse_xml, serialize_xml, w

STYLES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
STYLES_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"


def write_document(document: PlanDocument, script: EditScript, scheme: Scheme, *, in_place: bool = False) -> bytes:
    """The plan with the script applied in the scheme's look, as .docx bytes."""
    root = DocumentWriter(document, scheme, in_place=in_place).apply(script)
    package = document.package
    parts = dict(package.parts)
    parts[package.main_part] = serialize_xml(root, package.parts[package.main_part])
    if scheme.styles.needed:
        add_styles(parts, package.main_part, package.styles_part(), scheme.styles)
    return package_bytes(parts)


def add_styles(parts: dict[str, bytes], main_part: str, styles_name: str | None, styles: MarkStyles) -> None:
    """Define the amendment character styles in the styles part (creating it if needed).

    The new definitions are spliced in before the closing tag, so the rest of the part stays
    byte-for-byte as it was (and a large styles part is not re-parsed on every write).
    """
    if styles_name is None:
        styles_name = create_styles_part(parts, main_part)
    data = parts[styles_name]
    existing = set(re.findall(rb'styleId="([^"]*)"', data))
    definitions = b"".join(
        style_definition(style_id, *styles.needed[style_id], existing)
        for style_id in sorted(styles.needed)
        if style_id.encode() not in existing
    )
    closing = CLOSING_STYLES.search(data)
    if closing is None:
        raise CorruptDocumentError(f"part {styles_name} has no closing styles tag", file=None)
    parts[styles_name] = data[: closing.start()] + definitions + data[closing.start():]


CLOSING_STYLES = re.compile(rb"</(?:[A-Za-z_][\w.-]*:)?styles>\s*$")


def style_definition(style_id: str, name: str, base: str | None, look: tuple[str, ...], existing: set[bytes]) -> bytes:
    """One character style as XML, carrying its own namespace declaration."""
    style = etree.Element(w("style"), nsmap={"w": W_NS})
    style.set(w("type"), "character")
    style.set(w("customStyle"), "1")
    style.set(w("styleId"), style_id)
    etree.SubElement(style, w("name")).set(w("val"), name)
    if base and base.encode() in existing:
        etree.SubElement(style, w("basedOn")).set(w("val"), base)
    etree.SubElement(style, w("uiPriority")).set(w("val"), "99")
    rpr = etree.SubElement(style, w("rPr"))
    for prop in look:
        etree.SubElement(rpr, w(prop))
    return etree.tostring(style, encoding="UTF-8")


def create_styles_part(parts: dict[str, bytes], main_part: str) -> str:
    """Add an empty styles part, its content type and its relationship; returns its name."""
    directory, base = posixpath.split(main_part)
    name = posixpath.join(directory, "styles.xml")
    parts[name] = f'<w:styles xmlns:w="{W_NS}"></w:styles>'.encode()
    types = parse_xml(parts["[Content_Types].xml"], part="[Content_Types].xml")
    override = etree.SubElement(types, f"{{{CT_NS}}}Override")
    override.set("PartName", "/" + name)
    override.set("ContentType", STYLES_CONTENT_TYPE)
    parts["[Content_Types].xml"] = serialize_xml(types, parts["[Content_Types].xml"])
    rels_name = posixpath.join(directory, "_rels", base + ".rels")
    if rels_name in parts:
        rels = parse_xml(parts[rels_name], part=rels_name)
    else:
        rels = etree.Element(f"{{{PKG_RELS_NS}}}Relationships", nsmap={None: PKG_RELS_NS})
    ids = {rel.get("Id") for rel in rels}
    number = 1
    while f"rIdEhcpStyles{number}" in ids:
        number += 1
    rel = etree.SubElement(rels, f"{{{PKG_RELS_NS}}}Relationship")
    rel.set("Id", f"rIdEhcpStyles{number}")
    rel.set("Type", STYLES_REL)
    rel.set("Target", "styles.xml")
    parts[rels_name] = serialize_xml(rels, parts.get(rels_name))
    return name
