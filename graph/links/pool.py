"""Scoring one name against many file names at once: the fuzzy lookups without a Python scan.

:class:`KeyPool` lays out the :func:`~graph.links.match.name_keys` of a set of paths once
(sorted paths, their keys flattened, dictionaries of first and shared keys). Its
:meth:`~KeyPool.scores` gives :func:`~graph.links.match.similarity` to every path in one
rapidfuzz ``cdist`` call (the same ``fuzz.ratio``, in double precision), and
:meth:`~KeyPool.best_two` the two best paths in the order :func:`~graph.links.match.ranked`
gives them (falling score, then path). A link that falls through to a corpus-wide fuzzy
match or a suggestion costs one vectorised pass instead of a loop over every article.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
from rapidfuzz import fuzz, process

__all__ = ["KeyPool"]

_SAME_NAME = 100.0  # as graph.links.match
_SHARED_KEY = 99.5
_CAP = 99.0


class KeyPool:
    """The keys of a set of paths, ready for :meth:`scores` and :meth:`best_two`.

    Args:
        paths: The candidate paths.
        table: The keys of each path (``LinkIndex.keys`` or ``folder_keys``).
    """

    def __init__(self, paths: Iterable[str], table: Mapping[str, tuple[str, ...]]) -> None:
        self.paths = sorted(set(paths))
        self.position = {path: i for i, path in enumerate(self.paths)}
        self.first: dict[str, list[int]] = {}
        self.shared: dict[str, list[int]] = {}
        flat: list[str] = []
        owners: list[int] = []
        for i, path in enumerate(self.paths):
            keys = table[path]
            if not keys:
                continue
            self.first.setdefault(keys[0], []).append(i)
            for key in dict.fromkeys(keys):
                self.shared.setdefault(key, []).append(i)
                flat.append(key)
                owners.append(i)
        self.flat = flat
        self.owners = np.array(owners, dtype=np.intp)
        self.keyed = np.zeros(len(self.paths), dtype=bool)
        self.keyed[self.owners] = True
        self._top: dict[tuple[str, ...], list[tuple[float, str]]] = {}

    def __len__(self) -> int:
        return len(self.paths)

    def scores(self, keys: tuple[str, ...]) -> np.ndarray:
        """``similarity(keys, keys of path)`` for every path, in :attr:`paths` order."""
        out = np.zeros(len(self.paths), dtype=np.float64)
        if not keys or not self.flat:
            return out
        ratios = process.cdist(list(keys), self.flat, scorer=fuzz.ratio, dtype=np.float64)
        np.maximum.at(out, self.owners, ratios.max(axis=0))
        np.minimum(out, _CAP, out=out)
        for key in dict.fromkeys(keys):
            out[self.shared.get(key, [])] = _SHARED_KEY
        out[self.first.get(keys[0], [])] = _SAME_NAME
        out[~self.keyed] = 0.0
        return out

    def best_two(self, keys: tuple[str, ...], own: str) -> list[tuple[float, str]]:
        """The (at most) two best ``(similarity, path)`` pairs, ``own`` left out, as ranked.

        The three best of each key set are kept: links repeat (the same missing file,
        the same hub entry), and leaving ``own`` out of three still leaves the best two.
        """
        top = self._top.get(keys)
        if top is None:
            top = self._top[keys] = self._best(keys, 3)
        return [item for item in top if item[1] != own][:2]

    def _best(self, keys: tuple[str, ...], count: int) -> list[tuple[float, str]]:
        """The ``count`` best ``(similarity, path)`` pairs, by falling score, then path."""
        if not self.paths:
            return []
        scores = self.scores(keys)
        found = []
        for _ in range(min(count, len(self.paths))):
            at = int(np.argmax(scores))  # the first of equal scores: the smallest path
            found.append((float(scores[at]), self.paths[at]))
            scores[at] = -np.inf
        return found
