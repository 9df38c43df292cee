"""Field types shared by the review, Annex 2 and referral schemas: text a Word document can hold,
dates in the range the statutory calendar works in, and problems placed on a field.

``Text`` is a string that refuses control characters other than tab and line breaks (newline,
or carriage return, which the writers turn into newlines), lone surrogates and the two
non-characters XML cannot hold (U+FFFE, U+FFFF), and more than ``MAX_BREAKS`` tabs and line
breaks (each one an element of the document), so such input is a schema problem at its JSON path, not a
failure deep in the writer. ``Line`` and ``Prose`` are ``Text`` of at most 1,000 and 50,000 characters, for the form fields.
``PlanDate`` is a date from 1 January 1900 to 31 December 2199: the
due dates that follow from a meeting (weeks later, a February or March deadline a year on) always
exist, and the school year of any date can be worked out.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Annotated, Any

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

MAX_BREAKS = 20_000  # tabs and line breaks in one text (a section of 500 paragraphs needs 1,000)
EARLIEST = date(1900, 1, 1)
LATEST = date(2199, 12, 31)

# Every control character but tab, newline and carriage return; lone surrogates; U+FFFE, U+FFFF.
NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def describe_character(char: str) -> str:
    """'U+0007 (a control character)', 'U+D800 (a lone surrogate)' and so on."""
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        kind = "a lone surrogate, not a character"
    elif code in (0xFFFE, 0xFFFF):
        kind = "not a character"
    else:
        name = unicodedata.name(char, "")
        kind = "a control character" + (f", {name.lower()}" if name else "")
    return f"U+{code:04X} ({kind})"


def text_problem(value: str) -> str | None:
    """Why a Word document cannot hold a string (its first bad character and where), or None."""
    found = NOT_TEXT.search(value)
    if found is None:
        return None
    count = sum(1 for _ in NOT_TEXT.finditer(value))
    more = f" (and {count - 1} more)" if count > 1 else ""
    return (f"holds {describe_character(found.group())} at position {found.start()}{more}, which a Word document "
            "cannot store; only tab and line breaks are allowed among control characters")


def check_text(value: str) -> str:
    """A string a Word document can hold, or a schema problem naming the first bad character
    (or too many tabs and line breaks: each is an element of its own in the document)."""
    problem = text_problem(value)
    if problem is not None:
        raise PydanticCustomError("text_character", "{problem}", {"problem": problem})
    breaks = value.count("\n") + value.count("\r") + value.count("\t")
    if breaks > MAX_BREAKS:
        raise PydanticCustomError(
            "text_breaks", "holds {breaks} tabs and line breaks; at most {limit} are allowed",
            {"breaks": breaks, "limit": MAX_BREAKS},
        )
    return value


def check_date(value: date) -> date:
    """A date from 1900 to 2199."""
    if not EARLIEST <= value <= LATEST:
        raise PydanticCustomError(
            "date_range", "must be between {earliest} and {latest}",
            {"earliest": EARLIEST.isoformat(), "latest": LATEST.isoformat()},
        )
    return value


Text = Annotated[str, AfterValidator(check_text)]
PlanDate = Annotated[date, AfterValidator(check_date)]

# Form fields (Annex 2, referral) are bounded too, so a form is a few pages, not thousands:
# a name, role or phone number is one line; a view, reason or note is at most some 8,000 words.
LINE_MAX = 1_000
PROSE_MAX = 50_000


def at_most(limit: int):
    """A check that a string has at most ``limit`` characters."""

    def check(value: str) -> str:
        if len(value) > limit:
            raise PydanticCustomError("text_too_long", "is {length} characters long; at most {limit} are allowed",
                                      {"length": len(value), "limit": limit})
        return value

    return check


Line = Annotated[Text, AfterValidator(at_most(LINE_MAX)), Field(json_schema_extra={"maxLength": LINE_MAX})]
Prose = Annotated[Text, AfterValidator(at_most(PROSE_MAX)), Field(json_schema_extra={"maxLength": PROSE_MAX})]


def field_problem(path: str, message: str) -> PydanticCustomError:
    """An error a model-level rule raises about one of its fields: ``path`` is the field's
    dotted path below the model ('child.date_of_birth'); ``problems_of`` puts it there."""
    return PydanticCustomError("field_problem", "{message}", {"path": path, "message": message})


def problem_location(item: dict[str, Any]) -> tuple[Any, ...]:
    """An error's location, with a ``field_problem``'s own path appended."""
    location = tuple(item["loc"])
    if item.get("type") == "field_problem":
        location += tuple(int(part) if part.isdigit() else part for part in item["ctx"]["path"].split("."))
    return location
