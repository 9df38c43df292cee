"""Reject All for a Word document: every tracked insertion removed, every deletion restored.

Tests use it to prove a tracked-changes redline or amended plan gives the original back.
"""

from __future__ import annotations

from .finalise import reject_revisions, resolve_package


def reject_all(docx: bytes) -> bytes:
    """The document with all its tracked changes rejected, as .docx bytes."""
    return resolve_package(docx, reject_revisions)
