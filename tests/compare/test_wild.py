"""Documents from the wild that once tripped the comparison: shapes and text boxes, hidden
text, tables reshaped, pictures, tracked changes in the input."""

from __future__ import annotations

import pytest

from builders import WILD
from comparehelpers import plain_text, without
from ehcpdocs import check, compare_documents
from ehcpdocs.docx.finalise import accept_all
from ehcpdocs.docx.reject import reject_all
from ehcpdocs.errors import DocumentError

PAIRS = [
    ("oxpt__HC061-Hyperlink-in-Field.docx", "oxpt__HW010-TableWithImage.docx"),
    ("oxpt__DB011-Body-With-Shape.docx", "oxpt__DB012-Lists-With-Different-Numberings.docx"),
    ("docx4j__DrawingML_GraphicData_wps.docx", "docx4j__LegacyForms.docx"),
    ("poi__WordWithAttachments.docx", "poi__bib-chernigovka.netdo.ru_download_docs_17459.docx"),
    ("poi__bib-chernigovka.netdo.ru_download_docs_17459.docx", "poi__bookmarks.docx"),
    ("oxpt__HC019-Hidden-Run.docx", "oxpt__HC022-Table-Of-Contents.docx"),
    ("poi__VariousPictures.docx", "poi__WordWithAttachments.docx"),
    ("poi__delins.docx", "poi__drawing.docx"),
    ("oxpt__RP028-Table-Grid-Change.docx", "oxpt__RP051-Arabic.docx"),
]


@pytest.mark.parametrize("old,new", PAIRS, ids=[f"{a[:18]}-{b[:18]}" for a, b in PAIRS])
def test_wild_pairs_read_back_check_clean_and_resolve(old, new):
    old_docx, new_docx = (WILD / old).read_bytes(), (WILD / new).read_bytes()
    # the comparison reads documents with their tracked changes accepted
    old_text, new_text = plain_text(accept_all(old_docx)), plain_text(accept_all(new_docx))
    result = compare_documents(old_docx, new_docx)
    assert without(result.redline_docx, "deleted") == new_text
    assert without(result.redline_docx, "added") == old_text
    assert check(accept_all(old_docx), result.redline_docx).clean
    tracked = compare_documents(old_docx, new_docx, markup="tracked").redline_docx
    assert plain_text(accept_all(tracked)) == new_text
    assert plain_text(reject_all(tracked)) == old_text


def wild_documents() -> list[str]:
    from ehcpdocs import EhcpDocsError
    from ehcpdocs.docx.package import open_package

    names = []
    for path in sorted(WILD.glob("*.docx")) if WILD.exists() else []:
        try:
            package = open_package(path)
            package.xml(package.main_part)
        except EhcpDocsError:
            continue  # encrypted, damaged or refused files are the package tests' business
        names.append(path.name)
    return names


DOCUMENTS = wild_documents()


@pytest.mark.parametrize("index", range(len(DOCUMENTS)), ids=DOCUMENTS)
def test_every_wild_document_against_itself_and_the_next(index):
    docx = (WILD / DOCUMENTS[index]).read_bytes()
    assert compare_documents(docx, docx).identical
    following = (WILD / DOCUMENTS[(index + 1) % len(DOCUMENTS)]).read_bytes()
    try:
        result = compare_documents(docx, following)
    except DocumentError as error:  # a damaged part in one of them: a clear error is the answer
        assert "styles" in str(error)
        return
    assert without(result.redline_docx, "deleted") == plain_text(accept_all(following))
    assert without(result.redline_docx, "added") == plain_text(accept_all(docx))
