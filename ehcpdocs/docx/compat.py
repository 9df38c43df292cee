"""Importing docxtpl and docxcompose without breaking python-docx.

docxcompose (which docxtpl imports) updates python-docx's global namespace map so that the
prefix ``cp`` means the custom-properties namespace. python-docx uses ``cp`` for the core
properties, so every document saved afterwards in the same process gets invalid core
properties (Word reports them as damaged). Import those libraries through ``docxtpl()`` and
``composer()`` here: they put python-docx's mapping back.
"""

from __future__ import annotations

import threading

CORE_PROPERTIES_NS = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
_LOCK = threading.Lock()


def _restore_core_prefix() -> None:
    from docx.oxml.ns import nsmap

    nsmap["cp"] = CORE_PROPERTIES_NS


def docxtpl():
    """The docxtpl module, imported safely."""
    with _LOCK:
        import docxtpl as module

        _restore_core_prefix()
    return module


def composer():
    """docxcompose's ``Composer`` class, imported safely."""
    with _LOCK:
        from docxcompose.composer import Composer

        _restore_core_prefix()
    return Composer
