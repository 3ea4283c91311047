"""The article x concept salience matrix that every analytic reads.

Rows are the articles that count as evidence (index pages left out: a page of
links co-lists everything), columns the concepts they mention. Products of it
(co-occurrence counts, cosine similarities) are searched block by block for
each row's nearest rows (:func:`nearest_pairs`), dense with NumPy for small
maps and sparse with SciPy (imported only then) for large ones.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import numpy as np

__all__ = ["MentionMatrix", "nearest_pairs", "row_matrix"]

DENSE_CELLS = 4_000_000  # above this many matrix cells, the matrix is sparse (SciPy)
BLOCK_CELLS = 4_000_000  # dot products computed at a time


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


def row_matrix(rows: np.ndarray, cols: np.ndarray, values: np.ndarray, shape: tuple[int, int]):
    """The matrix with ``values`` at ``(rows, cols)``: dense NumPy when small, SciPy CSR when large."""
    if shape[0] * shape[1] <= DENSE_CELLS:
        X = np.zeros(shape)
        np.add.at(X, (rows, cols), values)
        return X
    from scipy import sparse

    return sparse.csr_matrix((values, (rows, cols)), shape=shape)


def nearest_pairs(X, score, *, per_node: int, threshold: float):
    """Each row's ``per_node`` best other rows of ``X`` by ``score(block, lo, hi)``, as pairs.

    ``score`` turns the block ``X[lo:hi] @ X.T`` (the rows' dot products with
    every row) into scores; only those of at least ``threshold`` count. The
    block is computed ``BLOCK_CELLS`` at a time, so memory stays flat however
    many rows there are. A pair ``(u, v)``, ``u < v``, is kept when it is
    among the best of either; returns ``(u, v, score, dot product)`` arrays,
    strongest first (ties by the indices, so runs are repeatable).
    """
    n = X.shape[0]
    step = max(1, BLOCK_CELLS // max(n, 1))
    XT = X.T.tocsc() if hasattr(X, "toarray") else X.T
    found_u, found_v, found_w, found_raw = [], [], [], []
    for lo in range(0, n, step):
        hi = min(n, lo + step)
        block = X[lo:hi] @ XT
        block = block.toarray() if hasattr(block, "toarray") else np.asarray(block)
        scores = score(block, lo, hi)
        scores[np.arange(hi - lo), np.arange(lo, hi)] = -np.inf  # not a row with itself
        k = min(per_node, n - 1)
        if k <= 0:
            continue
        best = np.argpartition(-scores, k - 1, axis=1)[:, :k]
        rows = np.repeat(np.arange(lo, hi), k)
        cols = best.ravel()
        vals = scores[rows - lo, cols]
        keep = vals >= threshold
        found_u.append(rows[keep])
        found_v.append(cols[keep])
        found_w.append(vals[keep])
        found_raw.append(block[rows[keep] - lo, cols[keep]])
    if not found_u:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0), np.zeros(0)
    u, v, w = np.concatenate(found_u), np.concatenate(found_v), np.concatenate(found_w)
    raw = np.concatenate(found_raw)
    u, v = np.minimum(u, v), np.maximum(u, v)
    key = u * n + v
    order = np.lexsort((key, -w))
    _, first = np.unique(key[order], return_index=True)
    picked = order[first]
    picked = picked[np.lexsort((v[picked], u[picked], -w[picked]))]
    return u[picked], v[picked], w[picked], raw[picked]
