"""Fixtures of the PDF renderer tests."""

from __future__ import annotations

import pytest
from pdfhelpers import docx_bytes, sample_document

from ehcpdocs.pdf import render_pdf


@pytest.fixture(scope="session")
def sample_docx() -> bytes:
    """A generated document with headings, lists, a merged table, a link and page fields."""
    return docx_bytes(sample_document())


@pytest.fixture(scope="session")
def sample_result(sample_docx):
    """The native rendering of ``sample_docx``."""
    return render_pdf(sample_docx)
