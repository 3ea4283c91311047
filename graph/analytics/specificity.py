"""How specific each concept is to what the notes are about.

A concept that some articles are about (high salience there) and that few
articles mention scores high; a generic concept mentioned in passing
everywhere (Machine learning, Neural network) scores low:
``sum over articles of salience**2, times IDF``, scaled to [0, 1].
"""

from __future__ import annotations

import numpy as np

from graph.analytics.matrix import MentionMatrix

__all__ = ["specificity"]


def specificity(matrix: MentionMatrix) -> dict[str, float]:
    """``{concept node: specificity in [0, 1]}`` for every concept of ``matrix``.

    Examples
    --------
    >>> import numpy as np
    >>> m = MentionMatrix(("a", "b", "c"), ("x", "y"), np.array([0, 1, 2, 0]),
    ...                   np.array([0, 0, 0, 1]), np.array([0.3, 0.3, 0.3, 1.0]))
    >>> s = specificity(m)
    >>> s["y"] > s["x"]
    True
    """
    if not len(matrix.cols):
        return {}
    weight = np.bincount(matrix.cols, weights=matrix.salience**2, minlength=len(matrix.concepts))
    score = np.sqrt(weight) * matrix.idf()
    top = score.max()
    if top > 0:
        score = score / top
    return {c: round(float(s), 4) for c, s in zip(matrix.concepts, score)}
