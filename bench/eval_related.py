"""Score related-topic queries against hand-made gold judgements.

Usage: python bench/eval_related.py [GOLD] [--graph FILE] [--workspace DIR]

Per query, as ``../shared/eval/README.md`` describes: recall@10 of the gold
``related_articles`` among the top 10 articles returned; whether a
``primary_articles`` entry is in the top 3; recall@10 of ``related_concepts``
(a gold concept matches a returned concept when its name, zh or an alias
equals one of the concept's labels or aliases after NFKC + casefold).
Averages over queries and prints the misses.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from eval_concepts import SHARED, gold_forms, node_forms  # noqa: E402

from graph.build import build_workspace  # noqa: E402
from graph.errors import QueryNotFound  # noqa: E402
from graph.query import QueryIndex, related  # noqa: E402
from graph.store import load_graph  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="?", type=Path, default=SHARED / "eval" / "related.json")
    parser.add_argument(
        "--graph", type=Path, help="a graph file (default: build the workspace now)"
    )
    parser.add_argument("--workspace", type=Path, default=SHARED / "corpus")
    parser.add_argument("--corpus", default="NLP_ability")
    args = parser.parse_args()

    gold = json.loads(args.gold.read_text("utf-8"))
    G = load_graph(args.graph) if args.graph else build_workspace(args.workspace)
    index = QueryIndex.from_graph(G)
    prefix = f"links/{args.corpus}/"
    art_recall, top3, con_recall = [], [], []
    for entry in gold:
        try:
            result = related(G, entry["query"], top=10, index=index)
        except QueryNotFound:
            print(f"{entry['query']}: no match")
            art_recall.append(0.0), top3.append(0.0), con_recall.append(0.0)
            continue
        got = [a["path"].removeprefix(prefix) for a in result["articles"]]
        want = entry["related_articles"]
        ar = sum(1 for a in want if a in got) / len(want)
        t3 = float(any(a in got[:3] for a in entry["primary_articles"]))
        labels = (
            set().union(*(node_forms(G.nodes[c["id"]]) for c in result["concepts"]))
            if result["concepts"]
            else set()
        )
        found = [c for c in entry["related_concepts"] if gold_forms(c) & labels]
        cr = len(found) / len(entry["related_concepts"])
        art_recall.append(ar), top3.append(t3), con_recall.append(cr)
        print(
            f"{entry['query']:<8} articles@10 {ar:.2f}  primary@3 {t3:.0f}  concepts@10 {cr:.2f}"
            f"  -> {result['match']['label']}"
        )
        for a in want:
            if a not in got:
                print(f"    missed article: {a}")
        for c in entry["related_concepts"]:
            if c not in found:
                print(f"    missed concept: {c['name']}")
    n = len(gold)
    print(
        f"\nmean recall@10 articles {sum(art_recall) / n:.3f}; primary in top 3 {sum(top3) / n:.2f}; "
        f"recall@10 concepts {sum(con_recall) / n:.3f}  ({n} queries)"
    )


if __name__ == "__main__":
    main()
