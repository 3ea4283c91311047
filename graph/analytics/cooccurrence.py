"""Concept co-occurrence: ``co_occurs`` edges weighted by NPMI over articles.

Normalised pointwise mutual information of two concepts being mentioned in
the same article, ``log(p(x,y) / (p(x) p(y))) / -log p(x,y)``, in [-1, 1]:
1 when they always come together, 0 when independent. Pairs seen in fewer
than ``min_count`` articles are noise; each concept keeps its ``per_concept``
strongest partners above ``threshold`` so that the map stays readable.
"""

from __future__ import annotations

import numpy as np

from graph.analytics.matrix import MentionMatrix, gram, strongest_pairs

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
    n_articles, _ = matrix.shape
    if n_articles < 2 or not len(matrix.cols):
        return []
    ones = np.ones(len(matrix.cols))
    i, j, counts = gram(matrix.rows, matrix.cols, ones, matrix.shape)
    keep = counts >= min_count
    i, j, counts = i[keep], j[keep], counts[keep]
    if not len(i):
        return []
    df = matrix.document_frequency()
    p_xy = counts / n_articles
    with np.errstate(divide="ignore", invalid="ignore"):
        pmi = np.log(p_xy / ((df[i] / n_articles) * (df[j] / n_articles)))
        npmi = np.where(p_xy >= 1.0, 1.0, pmi / -np.log(p_xy))
    keep = npmi >= threshold
    i, j, counts, npmi = i[keep], j[keep], counts[keep], npmi[keep]
    pairs = []
    for k in strongest_pairs(i, j, npmi, per_concept):
        u, v = sorted((matrix.concepts[i[k]], matrix.concepts[j[k]]))
        pairs.append((u, v, round(float(npmi[k]), 4), int(counts[k])))
    return pairs
