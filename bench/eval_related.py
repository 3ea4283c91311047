"""Score related-topic queries against hand-made gold judgements, beside two text-search baselines.

Usage: python bench/eval_related.py [GOLD] [--graph FILE] [--workspace DIR] [--misses]

Per query, as ``../shared/eval/README.md`` describes: recall@10 of the gold
``related_articles`` among the top 10 articles returned; whether a
``primary_articles`` entry is in the top 3; the reciprocal rank of the first
primary article within the top 10 (MRR@10 over queries); recall@10 of
``related_concepts`` (a gold concept matches a returned concept when its
name, zh or an alias equals one of the concept's labels or aliases after
NFKC + casefold).

Three rankers are scored in the same run:

* ``nlpmap``: :func:`graph.query.related` on the built graph, given only the query;
* ``grep``: articles ranked by how often the query and its gold ``query_forms``
  occur in their text; concepts by how many of those top 10 articles name them;
* ``tfidf``: character 2-3-gram TF-IDF cosine between the query (with its forms)
  and each article, and each concept's names, computed here without a library.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from eval_concepts import SHARED, gold_forms, node_forms, norm  # noqa: E402

from graph.build import build_workspace  # noqa: E402
from graph.errors import QueryNotFound  # noqa: E402
from graph.query import QueryIndex, related  # noqa: E402
from graph.store import load_graph  # noqa: E402

TOP = 10


def article_texts(G, workspace: Path) -> dict[str, str]:
    """The raw text of every article node, by node id (what grep would read)."""
    texts = {}
    for node, data in G.nodes(data=True):
        if data.get("kind") == "article":
            path = workspace / data["path"]
            texts[node] = path.read_text("utf-8", errors="replace") if path.is_file() else ""
    return texts


def concept_names(G) -> dict[str, set[str]]:
    return {n: node_forms(d) for n, d in G.nodes(data=True) if d.get("kind") == "concept"}


def grep_ranker(G, texts, names):
    """Count the query's forms in each article; concepts named in the top articles."""
    lowered = {n: norm(t) for n, t in texts.items()}

    def rank(entry):
        forms = {norm(f) for f in [entry["query"], *entry.get("query_forms", [])] if f}
        counts = {n: sum(t.count(f) for f in forms) for n, t in lowered.items()}
        arts = [n for n, c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])) if c][:TOP]
        hits = Counter()
        for n in arts:
            for c, forms_c in names.items():
                if any(f and f in lowered[n] for f in forms_c if len(f) > 1):
                    hits[c] += 1
        query_nodes = {c for c, f in names.items() if f & forms}
        cons = [c for c, _ in hits.most_common() if c not in query_nodes][:TOP]
        return arts, cons

    return rank


def _grams(text: str) -> Counter:
    t = " ".join(norm(text).split())
    return Counter(t[i : i + n] for n in (2, 3) for i in range(len(t) - n + 1))


class TfIdf:
    """Character 2-3-gram TF-IDF vectors (sublinear tf) with cosine similarity."""

    def __init__(self, docs: dict[str, str]):
        self.tf = {k: _grams(v) for k, v in docs.items()}
        df = Counter(g for tf in self.tf.values() for g in tf)
        n = max(len(docs), 1)
        self.idf = {g: math.log((1 + n) / (1 + d)) + 1 for g, d in df.items()}
        self.vec = {k: self._weigh(tf) for k, tf in self.tf.items()}

    def _weigh(self, tf: Counter) -> dict[str, float]:
        v = {g: (1 + math.log(c)) * self.idf.get(g, 1.0) for g, c in tf.items()}
        norm_v = math.sqrt(sum(x * x for x in v.values())) or 1.0
        return {g: x / norm_v for g, x in v.items()}

    def rank(self, query: str) -> list[str]:
        q = self._weigh(_grams(query))
        scores = {k: sum(w * v.get(g, 0.0) for g, w in q.items()) for k, v in self.vec.items()}
        return [k for k, s in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0])) if s > 0]


def tfidf_ranker(G, texts, names):
    articles = TfIdf(texts)
    concepts = TfIdf({c: " ".join(sorted(f)) for c, f in names.items()})

    def rank(entry):
        forms = [entry["query"], *entry.get("query_forms", [])]
        q = " ".join(forms)
        query_nodes = {c for c, f in names.items() if f & {norm(x) for x in forms}}
        cons = [c for c in concepts.rank(q) if c not in query_nodes][:TOP]
        return articles.rank(q)[:TOP], cons

    return rank


def nlpmap_ranker(G):
    index = QueryIndex.from_graph(G)

    def rank(entry):
        try:
            result = related(G, entry["query"], top=TOP, index=index)
        except QueryNotFound:
            return [], []
        return [a["id"] for a in result["articles"]], [c["id"] for c in result["concepts"]]

    return rank


def score(G, entry, arts, cons, prefix):
    """``(recall@10 articles, primary in top 3, reciprocal rank, recall@10 concepts)``."""
    got = [G.nodes[a]["path"].removeprefix(prefix) for a in arts]
    want = entry["related_articles"]
    ar = sum(1 for a in want if a in got) / len(want)
    t3 = float(any(a in got[:3] for a in entry["primary_articles"]))
    rr = next((1.0 / (i + 1) for i, a in enumerate(got) if a in entry["primary_articles"]), 0.0)
    labels = set().union(*(node_forms(G.nodes[c]) for c in cons)) if cons else set()
    found = [c for c in entry["related_concepts"] if gold_forms(c) & labels]
    cr = len(found) / len(entry["related_concepts"])
    missed = [a for a in want if a not in got], [
        c["name"] for c in entry["related_concepts"] if c not in found
    ]
    return (ar, t3, rr, cr), missed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="?", type=Path, default=SHARED / "eval" / "related.json")
    parser.add_argument("--graph", type=Path, help="a graph file (default: build the workspace now)")
    parser.add_argument("--workspace", type=Path, default=SHARED / "corpus")
    parser.add_argument("--corpus", default="NLP_ability")
    parser.add_argument("--misses", action="store_true", help="list nlpmap's missed gold items")
    args = parser.parse_args()

    gold = json.loads(args.gold.read_text("utf-8"))
    G = load_graph(args.graph) if args.graph else build_workspace(args.workspace)
    texts = article_texts(G, args.workspace)
    names = concept_names(G)
    rankers = {
        "nlpmap": nlpmap_ranker(G),
        "grep": grep_ranker(G, texts, names),
        "tfidf": tfidf_ranker(G, texts, names),
    }
    prefix = f"links/{args.corpus}/"
    totals = {name: [0.0] * 4 for name in rankers}
    print(f"{'query':<10} " + "  ".join(f"{n:>24}" for n in rankers))
    print(f"{'':<10} " + "  ".join(f"{'art@10 p@3  rr  con@10':>24}" for _ in rankers))
    for entry in gold:
        cells = []
        for name, rank in rankers.items():
            arts, cons = rank(entry)
            figures, missed = score(G, entry, arts, cons, prefix)
            totals[name] = [t + f for t, f in zip(totals[name], figures)]
            cells.append("{:>6.2f} {:>3.0f} {:>5.2f} {:>6.2f}".format(*figures))
            if name == "nlpmap" and args.misses:
                entry["_missed"] = missed
        print(f"{entry['query']:<10} " + "  ".join(f"{c:>24}" for c in cells))
        if args.misses:
            for a in entry["_missed"][0]:
                print(f"    missed article: {a}")
            for c in entry["_missed"][1]:
                print(f"    missed concept: {c}")
    n = len(gold)
    print()
    for name, t in totals.items():
        print(
            f"{name:<7} mean recall@10 articles {t[0] / n:.3f}; primary in top 3 {t[1]:.0f}/{n}; "
            f"MRR@10 {t[2] / n:.3f}; recall@10 concepts {t[3] / n:.3f}"
        )


if __name__ == "__main__":
    main()
