"""Word diffs for comparison under a time budget.

``timed_word_diff`` (from ``texttools.diff``) gives None past its budget, and the caller marks the
pair as one paragraph replaced by another; ``piece_diff`` diffs texts given as runs.
"""

from __future__ import annotations

from ..texttools.diff import timed_word_diff, token_diff, tokens
from ..model.edits import Edit

__all__ = ["PIECE_DIFF_SECONDS", "piece_diff", "timed_word_diff"]


PIECE_DIFF_SECONDS = 5.0


def piece_diff(old_pieces: list[str], new_pieces: list[str], seconds: float = PIECE_DIFF_SECONDS) -> list[Edit]:
    """A word diff of two texts given as pieces (runs): no token spans two pieces.

    A marked-up paragraph holds struck and bold words side by side ('~~15~~**20**'); read as
    one text they would make one word, '1520'. Past ``seconds`` the diff is still correct but
    may mark more than it must, so a pathological paragraph cannot hang a check.
    """
    old_tokens = [token for piece in old_pieces for token in tokens(piece)]
    new_tokens = [token for piece in new_pieces for token in tokens(piece)]
    return token_diff(old_tokens, new_tokens, seconds=seconds)[0]
