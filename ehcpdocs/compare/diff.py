"""Word diffs for comparison under a time budget.

``timed_word_diff`` (from ``texttools.diff``) gives None past its budget, and the caller marks the
pair as one paragraph replaced by another; ``piece_diff`` diffs texts given as runs.
"""

from __future__ import annotations

from ..model.edits import Edit
from ..texttools.diff import MAX_DIFF_CHARS, Chunk, edits_of, text_chunks, timed_word_diff, token_chunks, tokens

__all__ = ["PIECE_DIFF_SECONDS", "piece_chunks", "piece_diff", "timed_word_diff"]


PIECE_DIFF_SECONDS = 5.0


def piece_chunks(old_pieces: list[str], new_pieces: list[str], seconds: float = PIECE_DIFF_SECONDS) -> list[Chunk]:
    """A word diff of two texts given as pieces (runs): no token spans two pieces.

    Each chunk is (op, old text, new text): an equal chunk gives both sides, which differ when
    their whitespace does ('a  b' and 'a b' compare equal), so a caller walking both texts
    moves through each by its own side's length. A marked-up paragraph holds struck and bold
    words side by side ('~~15~~**20**'); read as one text they would make one word, '1520'.
    Past ``seconds`` (or the word budget) the diff is still correct but may mark more than it
    must, so a pathological paragraph cannot hang a check.
    """
    if sum(map(len, old_pieces)) + sum(map(len, new_pieces)) > MAX_DIFF_CHARS:
        return text_chunks("".join(old_pieces), "".join(new_pieces))
    old_tokens = [token for piece in old_pieces for token in tokens(piece)]
    new_tokens = [token for piece in new_pieces for token in tokens(piece)]
    return token_chunks(old_tokens, new_tokens, seconds=seconds)[0]


def piece_diff(old_pieces: list[str], new_pieces: list[str], seconds: float = PIECE_DIFF_SECONDS) -> list[Edit]:
    """``piece_chunks`` as edits (an equal edit carries the old side's text)."""
    return edits_of(piece_chunks(old_pieces, new_pieces, seconds))
