"""Importing docxtpl/docxcompose through ehcpdocs must leave python-docx's core properties valid."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import docx

from ehcpdocs.docx import compat


def test_core_properties_keep_their_namespace_after_docxcompose():
    compat.docxtpl()
    compat.composer()
    document = docx.Document()
    document.core_properties.revision = 3
    document.core_properties.modified = dt.datetime(2025, 1, 1, 9, 0, 0)
    buffer = io.BytesIO()
    document.save(buffer)
    core = zipfile.ZipFile(buffer).read("docProps/core.xml").decode()
    assert "custom-properties" not in core
    assert "<cp:revision>3</cp:revision>" in core
    assert '<dcterms:modified xsi:type="dcterms:W3CDTF">2025-01-01T09:00:00Z</dcterms:modified>' in core
