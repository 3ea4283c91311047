"""Concept co-occurrence: ``co_occurs`` edges weighted by NPMI over articles.

Normalised pointwise mutual information of two concepts being mentioned in
the same article, ``log(p(x,y) / (p(x) p(y))) / -log p(x,y)``, in [-1, 1]:
1 when they always come together, 0 when independent. Pairs seen in fewer
than ``min_count`` articles are noise; a pair is kept when it is among the
``per_concept`` strongest of either concept and above ``threshold``, so that
the map stays readable.
"""

from __future__ import annotations

import numpy as np

from graph.analytics.matrix import MentionMatrix, nearest_pairs, row_matrix

__all__ = ["co_occurrences"]


def co_occurrences(
    matrix: MentionMatrix,
    *,
    min_count: int = 2,
    threshold: float = 0.2,
    per_concept: int = 8,
) -> list[tuple[str, str, float, int]]:
    """Strongly co-occurring concept pairs ``(u, v, npmi, count)``, ``u < v``, strongest first.

    Parameters
    ----------
    matrix : MentionMatrix
        Mentions of the evidence articles.
    min_count : int
        Articles a pair must share.
    threshold : float
        Lowest NPMI kept.
    per_concept : int
        Partners kept per concept (a pair stays when either side keeps it).

    Examples
    --------
    >>> import numpy as np
    >>> m = MentionMatrix(("a", "b", "c"), ("x", "y", "z"), np.array([0, 0, 1, 1, 2]),
    ...                   np.array([0, 1, 0, 1, 2]), np.ones(5))
    >>> [(u, v, round(w, 2), n) for u, v, w, n in co_occurrences(matrix=m)]
    [('x', 'y', 1.0, 2)]
    """
    n_articles, n_concepts = matrix.shape
    if n_articles < 2 or not len(matrix.cols):
        return []
    present = row_matrix(matrix.cols, matrix.rows, np.ones(len(matrix.cols)),
                         (n_concepts, n_articles))
    present = present.minimum(1) if hasattr(present, "minimum") else np.minimum(present, 1)
    p = matrix.document_frequency() / n_articles

    def npmi(counts: np.ndarray, lo: int, hi: int) -> np.ndarray:
        p_xy = counts / n_articles
        with np.errstate(divide="ignore", invalid="ignore"):
            value = np.log(p_xy / (p[lo:hi, None] * p[None, :])) / -np.log(p_xy)
        value = np.where(p_xy >= 1.0, 1.0, value)
        value[counts < min_count] = -np.inf
        return value

    u, v, w, shared = nearest_pairs(present, npmi, per_node=per_concept, threshold=threshold)
    pairs = []
    for a, b, value, count in zip(u, v, w, shared):
        x, y = sorted((matrix.concepts[a], matrix.concepts[b]))
        pairs.append((x, y, round(float(value), 4), int(count)))
    return pairs

