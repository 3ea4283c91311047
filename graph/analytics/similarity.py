"""Article similarity: ``similar`` edges, top-k cosine over concept vectors.

An article's vector holds, per concept, its salience there times the
concept's IDF over the evidence articles, so that shared specific topics
count and shared generic words hardly do.
"""

from __future__ import annotations

import numpy as np

from graph.analytics.matrix import MentionMatrix, gram, strongest_pairs

__all__ = ["similar_articles"]


def similar_articles(
    matrix: MentionMatrix, *, per_article: int = 5, threshold: float = 0.2
) -> list[tuple[str, str, float]]:
    """The most similar article pairs ``(u, v, cosine)``, ``u < v``.

    Each article keeps its ``per_article`` nearest neighbours with a cosine
    of at least ``threshold`` (a pair stays when either side keeps it).

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
    values = weights / safe[matrix.rows]
    # the gram matrix of the rows: articles x articles
    i, j, cos = gram(matrix.cols, matrix.rows, values, (matrix.shape[1], n_articles))
    keep = cos >= threshold
    i, j, cos = i[keep], j[keep], np.minimum(cos[keep], 1.0)
    pairs = []
    for k in strongest_pairs(i, j, cos, per_article):
        u, v = sorted((matrix.articles[i[k]], matrix.articles[j[k]]))
        pairs.append((u, v, round(float(cos[k]), 4)))
    return pairs
