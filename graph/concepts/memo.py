"""Per-text results kept between builds: the one way the concept stages consult a result cache.

A stage that redoes the same work on an unchanged text (word corrections, the blanked evidence
of candidates) asks :func:`remembered` with a key from :func:`content_key`; the cache is
:class:`graph.runner.ResultStore` or anything with its ``get`` and ``put``, and None means none.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

__all__ = ["content_key", "remembered"]


def content_key(*parts: str) -> str:
    """A hash of the strings ``parts`` (in order, each one whole).

    Examples
    --------
    >>> content_key("a", "bc") == content_key("a", "bc") != content_key("ab", "c")
    True
    """
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


def remembered(memo, kind: str, key: str, make: Callable[[], Any]) -> Any:
    """``make()``, from ``memo`` when it holds a result of ``kind`` under ``key``; stored there after."""
    if memo is None:
        return make()
    found = memo.get(kind, key)
    if found is None:
        found = make()
        memo.put(kind, key, found)
    return found
