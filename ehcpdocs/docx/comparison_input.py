"""The documents compare, finalise and check read, opened once and checked for a body.

``load_document`` gives a side of a comparison as it reads: tracked changes accepted, its body
as units (``docx.flatten``) and, when it is a plan, which section owns each paragraph and row.
``load_marked`` gives a returned, marked-up copy as it is, tracked changes and all, for the
markup to be read or accepted. ``embedded_media`` and ``note_texts`` give what compare checks
outside the body's text: pictures and other media, footnotes and endnotes.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from lxml import etree

from ..errors import EhcpDocsError, NotWordDocumentError
from .finalise import accept_revisions, has_revisions
from .flatten import FlatBody, ParsedPackage, element_sections, flatten
from .package import Package, Source, open_package
from .reading import read_plan_document, stylesheet
from .text import paragraph_text
from .xml import R_NS, w

MEDIA_TYPES = ("/image", "/oleObject", "/package", "/chart", "/diagramData", "/video", "/audio", "/media")
NOTE_KINDS = {"footnote": "/footnotes", "endnote": "/endnotes"}
SEPARATORS = {"separator", "continuationSeparator", "continuationNotice"}
R_PREFIX = "{" + R_NS + "}"


@dataclass
class LoadedDocument:
    """One side of a comparison: its package, main part tree, units and plan sections."""

    package: Package
    root: etree._Element
    flat: FlatBody
    sections: dict
    had_revisions: bool


def load_document(source: Source, name: str | None) -> LoadedDocument:
    """Open a document, note its plan sections (if it is a plan), accept its tracked changes."""
    package, root = load_marked(source, name)
    try:
        plan = read_plan_document(ParsedPackage.of(package, root), require_sections=False)
        sections = element_sections(plan.paragraphs, plan.rows, plan.plan.sections)
    except EhcpDocsError:
        sections = {}  # not readable as a plan: compared as a plain document
    had_revisions = has_revisions(root)
    if had_revisions:
        accept_revisions(root)
    return LoadedDocument(package, root, flatten(root), sections, had_revisions)


def load_marked(source: Source, name: str | None) -> tuple[Package, etree._Element]:
    """A package and its main part's tree, as they are (tracked changes not yet accepted)."""
    package = open_package(source, name)
    root = package.xml(package.main_part)
    if root is None or root.find(w("body")) is None:
        raise NotWordDocumentError("has no document body", file=package.name)
    return package, root


def embedded_media(document: LoadedDocument) -> list[str]:
    """The media the body refers to, in document order, as 'kind sha256:...' (or the link)."""
    package, root = document.package, document.root
    rels = package.rels_of(package.main_part)
    found = []
    for element in root.iter():
        for name, value in element.attrib.items():
            if not name.startswith(R_PREFIX) or value not in rels:
                continue
            rel_type, target, mode = rels[value]
            kind = next((suffix.lstrip("/") for suffix in MEDIA_TYPES if rel_type.endswith(suffix)), None)
            if kind is None:
                continue
            if mode == "External":
                found.append(f"{kind} {target}")
            else:
                data = package.read(target)
                digest = hashlib.sha256(data).hexdigest() if data is not None else "missing"
                found.append(f"{kind} sha256:{digest}")
    return found


def note_texts(document: LoadedDocument, kind: str) -> list[str]:
    """The text of each note of a kind (``footnote`` or ``endnote``) the body refers to, in the
    order of its references."""
    package, root = document.package, document.root
    parts = package.related(package.main_part, NOTE_KINDS[kind])
    if not parts:
        return []
    notes_root = package.xml(parts[0])
    if notes_root is None:
        return []
    by_id = {}
    for note in notes_root.iter(w(kind)):
        if note.get(w("type")) in SEPARATORS:
            continue
        text = " ".join(paragraph_text(p) for p in note.iter(w("p")))
        by_id[note.get(w("id"))] = " ".join(text.split())
    return [by_id.get(ref.get(w("id")), "") for ref in root.iter(w(f"{kind}Reference"))]
