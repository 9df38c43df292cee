"""The JSON Schemas of the review and referral formats, for portals and form builders."""

from __future__ import annotations

from typing import Any

from ..model.referral import Referral
from ..model.review import Review

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def with_header(schema: dict[str, Any], title: str, description: str) -> dict[str, Any]:
    return {"$schema": SCHEMA_DIALECT, "title": title, "description": description, **{
        key: value for key, value in schema.items() if key not in ("title", "description")
    }}


def review_schema() -> dict[str, Any]:
    """The JSON Schema of review data: whose plan, the meeting, the amendments, the report fields."""
    return with_header(
        Review.model_json_schema(),
        "ehcpdocs annual review",
        "An annual review: the plan it belongs to, the meeting, the amendments to make and the fields "
        "of the annual review report (Annex 2). Annex 2 also needs setting.name and recommendation.decision.",
    )


def referral_schema() -> dict[str, Any]:
    """The JSON Schema of a referral to SEND support services."""
    return with_header(
        Referral.model_json_schema(),
        "ehcpdocs SEND support services referral",
        "A school's referral to SEND support services, in the eight sections of the referral form.",
    )
