"""Small text helpers shared by the library: label normalisation."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["label_key", "normalize"]

_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_.·・/]+")


def normalize(text: str) -> str:
    """NFKC (folds full/half width) then case folding.

    Examples
    --------
    >>> normalize("ＢＥＲＴ")
    'bert'
    """
    return unicodedata.normalize("NFKC", text).casefold()


def label_key(text: str) -> str:
    """The matching key of a label: :func:`normalize`, separators removed.

    ``layer-norm``, ``LayerNorm`` and ``layer norm`` share one key.

    Examples
    --------
    >>> label_key("Layer-Norm") == label_key("layer norm") == "layernorm"
    True
    """
    return _SEPARATORS.sub("", normalize(text))
