"""Word's on/off values, read one way everywhere (reader, markup writer, PDF renderer).

An on/off property is an element (``<w:b/>``, ``<w:strike w:val="0"/>``) or an attribute
(``w:default="1"``). Present without a value means on; ``0``, ``false``, ``off`` (and
``none``, which some producers write) mean off, in any case.
"""

from __future__ import annotations

from lxml import etree

from .xml import w

_VAL = w("val")
OFF_VALUES = frozenset(("0", "false", "off", "none"))


def on_off_value(value: str | None, *, absent: bool = True) -> bool:
    """An on/off value as written; ``absent`` is what no value at all means."""
    if value is None:
        return absent
    return value.lower() not in OFF_VALUES


def toggle(element: etree._Element | None) -> bool | None:
    """The value of an on/off property element, or None when the element is absent."""
    if element is None:
        return None
    return on_off_value(element.get(_VAL))


def is_on(element: etree._Element | None) -> bool:
    """True when an on/off property element is present and not switched off."""
    return element is not None and on_off_value(element.get(_VAL))


def property_on(properties: etree._Element | None, name: str) -> bool:
    """True when the property ``name`` (``"b"``, ``"strike"``...) is on in a w:rPr or w:pPr."""
    return properties is not None and is_on(properties.find(w(name)))


def attribute_on(value: str | None) -> bool:
    """An on/off attribute such as ``w:default``: absent means off."""
    return on_off_value(value, absent=False)
