"""Finishing a killed batch: which items are already complete, and clearing half-written files.

An item counts as complete when the earlier report lists it as amended or unchanged, its plan
and review still have the hashes recorded then, and every output file it lists is present with
the recorded SHA-256. Anything less and the item is done again.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

from .pairing import BatchItem
from .worker import DONE_STATUSES, ItemResult

CHUNK = 1 << 20


def file_sha256(path: Path) -> str | None:
    """The SHA-256 of a file, or None if it cannot be read."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as stream:
            while chunk := stream.read(CHUNK):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def completed_earlier(earlier: ItemResult | None, item: BatchItem, outdir: Path) -> ItemResult | None:
    """The earlier result of ``item``, marked resumed, if its inputs and outputs are unchanged."""
    if earlier is None or earlier.status not in DONE_STATUSES or not earlier.outputs:
        return None
    if file_sha256(item.plan) != earlier.plan_sha256 or file_sha256(item.review) != earlier.review_sha256:
        return None
    for name, digest in earlier.outputs.items():
        if file_sha256(Path(outdir) / name) != digest:
            return None
    return replace(earlier, resumed=True)


def remove_partial_files(outdir: Path) -> None:
    """Delete temporary files a killed run left (``.<name>.<random>.part``)."""
    for path in Path(outdir).glob(".*.part"):
        path.unlink(missing_ok=True)
