"""Python's cycle collector held off while a document is laid out.

A render builds tens of thousands of objects that stay alive until its PDF is written: the
parsed XML, flowables, spans and lines. Each pass of the cycle collector walks all of them,
and the passes a render's allocations trigger cost about a tenth of its time, yet they find
almost nothing: a 40-page plan leaves about two thousand objects in cycles, which the collector
takes in its next pass after the render. Pausing it for the render keeps that tenth.

The collector is one per process, so concurrent renders share one pause: the first to start
turns it off (if it was on) and the last to finish turns it back on.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_LOCK = threading.Lock()
_state = {"active": 0, "paused_by_us": False}


@contextmanager
def collection_paused() -> Iterator[None]:
    """Run the body with the cycle collector off, restoring it when the last such body ends."""
    with _LOCK:
        if _state["active"] == 0:
            _state["paused_by_us"] = gc.isenabled()
            if _state["paused_by_us"]:
                gc.disable()
        _state["active"] += 1
    try:
        yield
    finally:
        with _LOCK:
            _state["active"] -= 1
            if _state["active"] == 0 and _state["paused_by_us"]:
                _state["paused_by_us"] = False
                gc.enable()
