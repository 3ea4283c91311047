"""Precision of candidate concepts on English notes, against judgements made by hand.

Usage: python bench/eval_candidates.py [WORKSPACE] [--judgements FILE] [--list]

The workspace defaults to ``bench/english_blog`` (posts written for this bench)
and the judgements to its ``judgements.tsv`` (``term<TAB>yes|no``: is it a
concept a reader would want a node for). Candidates are found twice: as the
build finds them, and with the English noun-phrase filter
(:func:`graph.concepts.candidates.filters.is_english_term`) switched off, i.e.
every heading or bold phrase that is not generic. Prints both lists' precision
over the judged terms and lists terms not judged yet (``--list`` prints every
candidate with its judgement).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.concepts.candidates import filters  # noqa: E402
from graph.concepts.candidates.discover import find_candidates  # noqa: E402
from graph.concepts.extract import extract_mentions, make_pipeline  # noqa: E402
from graph.links import with_hub_titles  # noqa: E402
from graph.ontology import load_ontology  # noqa: E402
from graph.workspace import read_workspace  # noqa: E402

BLOG = ROOT / "bench" / "english_blog"


def candidate_terms(workspace: Path, *, english_filter: bool = True) -> list[str]:
    """The candidate terms of a workspace (every count), with or without the filter."""
    ws = with_hub_titles(read_workspace(workspace))
    documents = list(ws.articles)
    ontology = load_ontology()
    mentions = extract_mentions(make_pipeline(ontology), documents)
    kept = filters.is_english_term
    if not english_filter:
        filters.is_english_term = lambda phrase, **_: True
    try:
        return [c.term for c in find_candidates(documents, ontology, mentions)]
    finally:
        filters.is_english_term = kept


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workspace", nargs="?", type=Path, default=BLOG)
    parser.add_argument("--judgements", type=Path, default=BLOG / "judgements.tsv")
    parser.add_argument("--list", action="store_true", help="print every candidate")
    args = parser.parse_args()
    judged = {}
    if args.judgements.is_file():
        for line in args.judgements.read_text("utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                term, _, verdict = line.partition("\t")
                judged[term.strip()] = verdict.strip() == "yes"
    for name, terms in (
        ("with the English filter", candidate_terms(args.workspace)),
        ("without it", candidate_terms(args.workspace, english_filter=False)),
    ):
        scored = [judged[t] for t in terms if t in judged]
        good = sum(scored)
        print(
            f"{name}: {len(terms)} candidates, {len(scored)} judged, "
            f"precision {good}/{len(scored)} = {good / max(len(scored), 1):.2f}"
        )
        for term in terms:
            if args.list or term not in judged:
                mark = {True: "yes", False: "no"}.get(judged.get(term), "?")
                print(f"  {mark:>3}  {term}")


if __name__ == "__main__":
    main()
