"""Small text helpers shared by the library."""

from __future__ import annotations

import unicodedata

__all__ = ["normalize"]


def normalize(text: str) -> str:
    """NFKC (folds full/half width) then case folding.

    Examples
    --------
    >>> normalize("ＢＥＲＴ")
    'bert'
    """
    return unicodedata.normalize("NFKC", text).casefold()

