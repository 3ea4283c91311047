"""Article similarity: ``similar`` edges, top-k cosine over concept vectors.

An article's vector holds, per concept, its salience there times the
concept's IDF over the evidence articles, so that shared specific topics
count and shared generic words hardly do.
"""

from __future__ import annotations

import numpy as np

from graph.analytics.matrix import MentionMatrix, nearest_pairs, row_matrix

__all__ = ["similar_articles"]


def similar_articles(
    matrix: MentionMatrix, *, per_article: int = 5, threshold: float = 0.2
) -> list[tuple[str, str, float]]:
    """The most similar article pairs ``(u, v, cosine)``, ``u < v``.

    A pair is kept when it is among the ``per_article`` nearest neighbours of
    either article, with a cosine of at least ``threshold``.

    Examples
    --------
    >>> import numpy as np
    >>> m = MentionMatrix(("a", "b", "c"), ("x", "y", "z"), np.array([0, 0, 1, 1, 2]),
    ...                   np.array([0, 1, 0, 1, 2]), np.ones(5))
    >>> similar_articles(m)
    [('a', 'b', 1.0)]
    """
    n_articles, _ = matrix.shape
    if n_articles < 2 or not len(matrix.cols):
        return []
    weights = matrix.salience * matrix.idf()[matrix.cols]
    norms = np.sqrt(np.bincount(matrix.rows, weights=weights**2, minlength=n_articles))
    safe = np.where(norms > 0, norms, 1.0)
    X = row_matrix(matrix.rows, matrix.cols, weights / safe[matrix.rows], matrix.shape)
    u, v, w, _ = nearest_pairs(X, lambda block, lo, hi: np.minimum(block, 1.0),
                            per_node=per_article, threshold=threshold)
    return [
        (*sorted((matrix.articles[a], matrix.articles[b])), round(float(c), 4))
        for a, b, c in zip(u, v, w)
    ]
