"""The character classes the candidate modules share.

``LATIN`` and ``CJK`` are regular-expression character-class bodies: the ASCII
letters and digits a Latin candidate is made of, and the CJK ideographs of a
Chinese one.
"""

from __future__ import annotations

__all__ = ["CJK", "LATIN"]

LATIN = "0-9A-Za-z"
CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
