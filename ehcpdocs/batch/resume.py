"""Finishing a killed batch: which items are already complete, and clearing half-written files.

An item counts as complete when the earlier report lists it as amended or unchanged, its plan
and review still have the hashes recorded then, and every output file it lists is present with
the recorded SHA-256. Anything less and the item is done again.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; one batch per folder is then up to the user
    fcntl = None

from ..errors import OutputError

from .pairing import BatchItem
from .worker import DONE_STATUSES, ItemResult

CHUNK = 1 << 20
LOCK_NAME = ".ehcpdocs-batch.lock"


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


@contextmanager
def claim_output_folder(outdir: Path) -> Iterator[None]:
    """Hold the output folder for one batch at a time, so two runs never clear each other's files."""
    if fcntl is None:
        yield
        return
    try:
        handle = os.open(Path(outdir) / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise OutputError(f"cannot write to the output folder ({exc.strerror})", file=str(outdir)) from None
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise OutputError("another batch is writing to this folder; wait for it to finish",
                              file=str(outdir)) from None
        yield
    finally:
        os.close(handle)
