"""The article x concept salience matrix that every analytic reads.

Rows are the articles that count as evidence (index pages left out: a page of
links co-lists everything), columns the concepts they mention. Products of it
(co-occurrence counts, cosine similarities) are computed dense with NumPy for
small maps and sparse with SciPy (imported only then) for large ones.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import numpy as np

__all__ = ["MentionMatrix", "gram", "strongest_pairs"]

DENSE_CELLS = 4_000_000  # above this many matrix cells, products go sparse


@dataclass(frozen=True)
class MentionMatrix:
    """Salience of each concept (column) in each evidence article (row)."""

    articles: tuple[str, ...]
    concepts: tuple[str, ...]
    rows: np.ndarray  # int64, one per nonzero cell
    cols: np.ndarray  # int64
    salience: np.ndarray  # float64

    @classmethod
    def from_graph(cls, G: nx.DiGraph, skip: frozenset[str] = frozenset()) -> "MentionMatrix":
        """The ``mentions`` edges from articles (but those in ``skip``) to concepts."""
        articles = tuple(
            n for n, d in G.nodes(data=True) if d.get("kind") == "article" and n not in skip
        )
        row_of = {a: i for i, a in enumerate(articles)}
        col_of: dict[str, int] = {}
        rows, cols, values = [], [], []
        for a in articles:
            for _, c, e in G.out_edges(a, data=True):
                if e.get("kind") != "mentions" or G.nodes[c].get("kind") != "concept":
                    continue
                rows.append(row_of[a])
                cols.append(col_of.setdefault(c, len(col_of)))
                values.append(float(e.get("salience", 0.5)))
        return cls(
            articles=articles,
            concepts=tuple(col_of),
            rows=np.asarray(rows, dtype=np.int64),
            cols=np.asarray(cols, dtype=np.int64),
            salience=np.asarray(values, dtype=np.float64),
        )

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.articles), len(self.concepts)

    def document_frequency(self) -> np.ndarray:
        """In how many evidence articles each concept is mentioned."""
        return np.bincount(self.cols, minlength=len(self.concepts)).astype(np.float64)

    def idf(self) -> np.ndarray:
        """``ln(N / df)`` per concept (0 for a concept every article mentions)."""
        n = max(len(self.articles), 1)
        df = np.maximum(self.document_frequency(), 1.0)
        return np.log(n / df)


def gram(rows: np.ndarray, cols: np.ndarray, values: np.ndarray, shape: tuple[int, int]):
    """``X.T @ X`` for the sparse matrix given by its cells: ``(i, j, value)`` arrays, i < j.

    Returns the upper triangle (without the diagonal) as three arrays, so
    callers never hold a dense concept x concept matrix of a large map.
    """
    n_rows, n_cols = shape
    if n_rows * n_cols <= DENSE_CELLS:
        X = np.zeros(shape)
        X[rows, cols] = values
        P = X.T @ X
        i, j = np.nonzero(np.triu(P, k=1))
        return i, j, P[i, j]
    from scipy import sparse

    X = sparse.csr_matrix((values, (rows, cols)), shape=shape)
    P = sparse.triu(X.T @ X, k=1).tocoo()
    keep = P.data != 0
    return P.row[keep].astype(np.int64), P.col[keep].astype(np.int64), P.data[keep]


def strongest_pairs(i: np.ndarray, j: np.ndarray, weight: np.ndarray, per_node: int):
    """Indices into ``i, j, weight`` of the pairs kept when each node keeps its ``per_node`` best.

    Pairs are read strongest first (ties by the node indices, so the result is
    stable); a pair stays when either of its nodes still has room.
    """
    order = np.lexsort((j, i, -weight))
    kept: dict[int, int] = {}
    chosen = []
    for k in order:
        a, b = int(i[k]), int(j[k])
        if kept.get(a, 0) >= per_node and kept.get(b, 0) >= per_node:
            continue
        kept[a] = kept.get(a, 0) + 1
        kept[b] = kept.get(b, 0) + 1
        chosen.append(int(k))
    return chosen
