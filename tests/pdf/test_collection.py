"""The cycle collector is paused for a render and given back as it was found."""

from __future__ import annotations

import gc

import pytest
from docx import Document
from pdfhelpers import docx_bytes

from ehcpdocs.pdf import render_pdf
from ehcpdocs.pdf.collection import collection_paused


@pytest.fixture(autouse=True)
def collector_on():
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_the_collector_is_off_inside_and_back_on_after():
    with collection_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_overlapping_renders_share_one_pause_until_the_last_ends():
    first, second = collection_paused(), collection_paused()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)
    assert not gc.isenabled()  # the second render is still running
    second.__exit__(None, None, None)
    assert gc.isenabled()


def test_a_collector_the_caller_turned_off_stays_off():
    gc.disable()
    with collection_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_an_error_inside_still_gives_the_collector_back():
    with pytest.raises(ValueError):
        with collection_paused():
            raise ValueError("bad document")
    assert gc.isenabled()


def test_render_pdf_leaves_the_collector_on():
    document = Document()
    document.add_paragraph("Plan LCC-EHCP-1001.")
    assert render_pdf(docx_bytes(document)).pages == 1
    assert gc.isenabled()
