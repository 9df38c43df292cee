"""The documents compare, finalise and check read, opened once and checked for a body.

``load_document`` gives a side of a comparison as it reads: tracked changes accepted, its body
as units (``docx.flatten``) and, when it is a plan, which section owns each paragraph and row.
``load_marked`` gives a returned, marked-up copy as it is, tracked changes and all, for the
markup to be read or accepted.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from ..errors import EhcpDocsError, NotWordDocumentError
from .finalise import accept_revisions, has_revisions
from .flatten import FlatBody, ParsedPackage, element_sections, flatten
from .package import Package, Source, open_package
from .reading import read_plan_document, stylesheet
from .xml import w


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
