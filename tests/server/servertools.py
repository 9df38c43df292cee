"""Helpers the server tests share: the sample files as uploads."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "samples"
PLAN_ID = "LCC-EHCP-1001"


def sample_plan(plan_id: str = PLAN_ID) -> tuple[str, bytes, str]:
    return (f"{plan_id}.docx", (SAMPLES / "plans" / f"{plan_id}.docx").read_bytes(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document")


def sample_review(plan_id: str = PLAN_ID, folder: str = "") -> tuple[str, bytes, str]:
    path = SAMPLES / "reviews" / folder / f"{plan_id}.json"
    return (f"{plan_id}.json", path.read_bytes(), "application/json")
