"""Text tools amend and compare share, on plain strings: the word diff (``diff``), pairing the
paragraphs or rows of two versions (``align``) and finding anchors as people mean them
(``match``). Nothing here knows about Word."""
