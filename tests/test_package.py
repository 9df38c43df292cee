"""Opening Word files safely: every bad input is a typed EhcpDocsError that names the file."""

from __future__ import annotations

import io
import zipfile

import pytest

from ehcpdocs import EhcpDocsError, read_plan
from ehcpdocs.docx.package import open_package
from ehcpdocs.errors import (
    CorruptDocumentError,
    DocumentTooLargeError,
    EncryptedDocumentError,
    LegacyDocError,
    NotWordDocumentError,
)

from builders import WILD


def zip_of(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_encrypted_word_file_is_told_apart():
    with pytest.raises(EncryptedDocumentError) as caught:
        open_package(WILD / "poi__bug53475-password-is-pass.docx")
    assert "poi__bug53475-password-is-pass.docx" in str(caught.value)
    assert "password" in str(caught.value)


def test_truncated_zip_is_corrupt():
    with pytest.raises(CorruptDocumentError, match="damaged zip"):
        open_package(WILD / "poi__truncated62886.docx")


def test_a_password_protected_word_97_file_is_encrypted_not_legacy():
    import olebuilder

    with pytest.raises(EncryptedDocumentError, match="password"):
        open_package(olebuilder.word_97(encrypted=True), name="locked.doc")
    with pytest.raises(LegacyDocError, match="Word 97-2003"):
        open_package(olebuilder.word_97(encrypted=False), name="old.doc")
    with pytest.raises(EncryptedDocumentError, match="password"):
        open_package(olebuilder.encrypted_ooxml(), name="locked.docx")


def test_legacy_doc_is_told_apart():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600 + "WordDocument".encode("utf-16-le")
    with pytest.raises(LegacyDocError, match="Word 97-2003"):
        open_package(ole, name="old.doc")


@pytest.mark.parametrize("data, message", [
    (b"", "empty"),
    (b"%PDF-1.7 not a word file", "not a zip"),
    (b"hello world", "not a zip"),
])
def test_not_word(data, message):
    with pytest.raises(NotWordDocumentError, match=message):
        open_package(data, name="x.docx")


def test_zip_that_is_not_a_word_document():
    with pytest.raises(NotWordDocumentError, match="Content_Types"):
        open_package(zip_of({"hello.txt": b"hi"}), name="x.docx")


def test_missing_file_names_it(tmp_path):
    with pytest.raises(NotWordDocumentError) as caught:
        read_plan(tmp_path / "nowhere.docx")
    assert "nowhere.docx" in str(caught.value)


def test_zip_bomb_is_refused():
    bomb = zip_of({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<a>" + b" " * (50 * 1024 * 1024) + b"</a>"})
    with pytest.raises(DocumentTooLargeError):
        open_package(bomb, name="bomb.docx")


def test_malformed_xml_is_corrupt():
    data = zip_of({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document><oops"})
    with pytest.raises(CorruptDocumentError, match="not well-formed"):
        read_plan(data, name="bad.docx")


def test_text_mode_file_is_refused(tmp_path):
    path = tmp_path / "plan.docx"
    path.write_bytes(b"PK")
    with open(path, encoding="latin-1") as handle, pytest.raises(NotWordDocumentError, match="text mode"):
        read_plan(handle)


def test_every_error_is_an_ehcpdocs_error():
    for error in (EncryptedDocumentError, CorruptDocumentError, LegacyDocError, NotWordDocumentError):
        assert issubclass(error, EhcpDocsError)


def test_a_dtd_is_refused_so_entities_cannot_read_files():
    with pytest.raises(CorruptDocumentError, match="DTD"):
        read_plan(WILD / "poi__ExternalEntityInText.docx")
