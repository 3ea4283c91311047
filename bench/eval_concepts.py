"""Score a build's concepts against hand-made gold judgements.

Usage: python bench/eval_concepts.py [GOLD] [--graph FILE] [--workspace DIR] [--half A|B]

Scoring, as ``../shared/eval/README.md`` describes: labels are normalised with
NFKC + casefold; a gold concept is found in an article when its ``name``,
``zh`` or any alias equals one of the labels or aliases of a concept node the
article mentions. Prints recall over all gold concepts and over the primary
ones, how many articles have a gold primary among their three most salient
concepts, and every miss.

``--half A`` or ``--half B`` scores one half of the gold: its articles sorted by
path, A the even positions (0, 2, ...), B the odd ones. Methods are tuned on A
and B is held out, so recall on B says how the extractor carries to articles
it was not tuned on.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.build import build_workspace  # noqa: E402
from graph.store import load_graph  # noqa: E402

SHARED = ROOT.parent / "shared"


def norm(text: str) -> str:
    """NFKC + casefold, as the gold README says."""
    return unicodedata.normalize("NFKC", text).casefold().strip()


def gold_forms(concept: dict) -> set[str]:
    """Every normalised surface form of a gold concept."""
    forms = [concept.get("name"), concept.get("zh"), *(concept.get("aliases") or [])]
    return {norm(f) for f in forms if f}


def node_forms(data: dict) -> set[str]:
    """Every normalised label and alias of a concept node."""
    return {norm(f) for f in [data.get("label", ""), *(data.get("aliases") or [])] if f}


def gold_half(gold: list[dict], half: str | None) -> list[dict]:
    """The articles of one half of the gold (sorted by path; A even, B odd positions)."""
    if not half:
        return gold
    ordered = sorted(gold, key=lambda entry: entry["path"])
    return ordered[0 if half.upper() == "A" else 1 :: 2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="?", type=Path, default=SHARED / "eval" / "concepts.json")
    parser.add_argument(
        "--graph", type=Path, help="a graph file (default: build the workspace now)"
    )
    parser.add_argument("--workspace", type=Path, default=SHARED / "corpus")
    parser.add_argument(
        "--corpus", default="NLP_ability", help="corpus the gold paths are relative to"
    )
    parser.add_argument(
        "--half", choices=["A", "B", "a", "b"], help="score one half (A: tuning, B: held out)"
    )
    args = parser.parse_args()

    gold = gold_half(json.loads(args.gold.read_text("utf-8")), args.half)
    G = load_graph(args.graph) if args.graph else build_workspace(args.workspace)

    total = found = primary_total = primary_found = top3_hits = 0
    misses: list[str] = []
    for entry in gold:
        node = f"article:links/{args.corpus}/{entry['path']}"
        if node not in G:
            print(f"missing article: {entry['path']}")
            continue
        mentioned = [
            (e.get("salience", 0.0), G.nodes[c])
            for _, c, e in G.out_edges(node, data=True)
            if e.get("kind") == "mentions"
        ]
        labels = set().union(*(node_forms(d) for _, d in mentioned)) if mentioned else set()
        top3 = sorted(mentioned, key=lambda sd: -sd[0])[:3]
        top3_labels = set().union(*(node_forms(d) for _, d in top3)) if top3 else set()
        primaries = [c for c in entry["concepts"] if c.get("primary")]
        if any(gold_forms(c) & top3_labels for c in primaries):
            top3_hits += 1
        else:
            misses.append(
                f"{entry['path']}: no gold primary in top 3 "
                f"({', '.join(d.get('label', '') for _, d in top3)})"
            )
        for concept in entry["concepts"]:
            total += 1
            hit = bool(gold_forms(concept) & labels)
            found += hit
            if concept.get("primary"):
                primary_total += 1
                primary_found += hit
            if not hit:
                tag = " [primary]" if concept.get("primary") else ""
                misses.append(
                    f"{entry['path']}: missed {concept['name']} / {concept.get('zh')}{tag}"
                )

    print(f"articles: {len(gold)}")
    print(
        f"recall (all gold concepts): {found}/{total} = {found / max(total, 1):.3f}  (target >= 0.85)"
    )
    print(
        f"recall (primary concepts):  {primary_found}/{primary_total} = "
        f"{primary_found / max(primary_total, 1):.3f}  (target 1.0)"
    )
    print(
        f"articles with a gold primary in their top-3 salient concepts: {top3_hits}/{len(gold)}  (target >= 11)"
    )
    if misses:
        print("\nmisses:")
        for line in misses:
            print(f"  {line}")


if __name__ == "__main__":
    main()
