"""The check that a review belongs to the plan it is applied to. It fails closed: a review is
applied only when the plan's name and date of birth can be read and both are the review's.

- Reference: where the plan shows one it must be the review's ``plan_id``.
- Date of birth: it must be found, read as one date (two different ones are refused as
  ambiguous), and be exactly the review's.
- Name: it must be found. Case, accents, apostrophes and hyphens-or-spaces are ignored; the
  family name must be the review's, and the first given name the review's first given name,
  so an extra middle name in the plan or in the review does not matter. A plan that writes
  only a full name matches either way round ("Zoë Anne Hart", "HART, Zoë", "HART Zoë").

An explicit choice (``--no-identity-check``, ``check_identity=False``) lets a plan whose name
or date of birth cannot be read be amended; what it does show must still match.

Messages name the detail, never the values: they are personal data.
"""

from __future__ import annotations

import unicodedata

from ..errors import IdentityUnprovenError, PlanMismatchError
from ..model.plan import PlanDetails
from ..model.review import Review

HOW_TO_GO_ON = ("give a layout profile naming its label (--layout), or pass --no-identity-check "
                "(library: check_identity=False) to amend without this check")


def fold(text: str) -> str:
    """Text compared without case, accents or punctuation."""
    decomposed = unicodedata.normalize("NFKD", text)
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    letters = letters.replace("'", "").replace("’", "")
    return " ".join("".join(c if c.isalnum() else " " for c in letters.casefold()).split())


def _words(text: str | None) -> list[str]:
    return fold(text or "").split()


def name_matches(details: PlanDetails, first_name: str, last_name: str) -> bool:
    """True when the plan's name is the review's (see the module docstring)."""
    given = _words(first_name)
    family = _words(last_name)
    if not given or not family:
        return False
    if details.first_name or details.last_name:
        plan_given = _words(details.first_name)
        plan_family = _words(details.last_name)
        if details.last_name and plan_family != family:
            return False
        if details.first_name and plan_given[:1] != given[:1]:
            return False
        return True
    if not details.name:
        return False
    if "," in details.name:
        family_part, _, given_part = details.name.partition(",")
        return _words(family_part) == family and _words(given_part)[:1] == given[:1]
    words = _words(details.name)
    if len(words) < len(family) + 1:
        return False
    forwards = words[:1] == given[:1] and words[-len(family):] == family
    family_first = words[:len(family)] == family and words[len(family):len(family) + 1] == given[:1]
    return forwards or family_first


def unprovable(details: PlanDetails) -> tuple[str, str] | None:
    """Why a plan's details cannot prove whose plan it is, as (field, reason), or None."""
    if details.problems:
        return "date_of_birth", details.problems[0]
    if not details.date_of_birth_text:
        return "date_of_birth", ("the plan's date of birth could not be found (looked in its details tables, "
                                 "labelled lines, headers and footers)")
    if details.date_of_birth is None:
        return "date_of_birth", "the plan's date of birth cannot be read as a date"
    if not (details.name or details.first_name or details.last_name):
        return "name", ("the child's name could not be found in the plan (looked in its details tables, "
                        "labelled lines, headers and footers)")
    return None


def check_identity(details: PlanDetails, review: Review, name: str | None = None, *, require: bool = True) -> str:
    """Refuse a review that cannot be proven to be this plan's child's (module docstring).

    With ``require=False`` a plan whose name or date of birth cannot be read is let through,
    but whatever it does show must still match. Returns 'passed' when every detail was read
    and matched, 'skipped' when some could not be read and were not required.
    """
    if details.reference and fold(details.reference) != fold(review.plan_id):
        raise PlanMismatchError(
            f"the plan's reference does not match the review's plan_id {review.plan_id}", field="reference", file=name,
        )
    gap = unprovable(details)
    if gap is not None and require:
        field, reason = gap
        raise IdentityUnprovenError(
            f"{reason}, so the plan cannot be checked against the review; {HOW_TO_GO_ON}", field=field, file=name,
        )
    child = review.child
    if details.date_of_birth is not None and not details.problems and details.date_of_birth != child.date_of_birth:
        raise PlanMismatchError(
            "the child's date of birth in the plan differs from the review's", field="date_of_birth", file=name,
        )
    if (details.name or details.first_name or details.last_name) and not name_matches(
            details, child.first_name, child.last_name):
        family_differs = (details.last_name and _words(details.last_name) != _words(child.last_name))
        field = "last_name" if family_differs else "first_name" if details.first_name else "name"
        what = {"last_name": "family name", "first_name": "first name", "name": "name"}[field]
        raise PlanMismatchError(f"the child's {what} in the plan differs from the review's", field=field, file=name)
    return "passed" if gap is None else "skipped"
