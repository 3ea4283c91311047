"""Benchmark: concept extraction throughput beside a pyahocorasick baseline.

Measures :func:`graph.concepts.extract_mentions` (blank spaCy pipeline,
PhraseMatcher, fuzzy pass, ambiguity settling) in MB of raw Markdown per
second on the NLP_ability articles, then on a ~50 MB corpus generated in
memory from them (each synthetic article is a real one with its paragraphs
shuffled). Beside it, in the same run and over the same texts, an
Aho-Corasick automaton (pyahocorasick) over the same label list, normalised
the same way (:func:`graph.ontology.normalize_label` on labels and text).
Peak memory is the process's maximum resident set size (``ru_maxrss``).

    python bench/extract.py                   # NLP_ability + 50 MB
    python bench/extract.py --size-mb 0       # NLP_ability only
"""

from __future__ import annotations

import dataclasses
import gc
import random
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from a checkout
    sys.path.insert(0, str(ROOT))

from graph.concepts.extract import extract_mentions, make_pipeline
from graph.models import Document, Ontology
from graph.ontology import load_ontology, normalize_label
from graph.workspace.reader import read_workspace

DEFAULT_WORKSPACE = ROOT.parent / "shared" / "corpus"


def peak_rss_mb() -> float:
    """The process's peak resident set size so far, in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def make_automaton(ontology: Ontology):
    """An Aho-Corasick automaton over every normalised label."""
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for concept in ontology.concepts.values():
        for label in concept.labels:
            key = normalize_label(label)
            if key:
                automaton.add_word(key, concept.id)
    automaton.make_automaton()
    return automaton


def aho_count(automaton, documents: list[Document]) -> int:
    """Normalise each text and title like the labels; count automaton hits."""
    hits = 0
    for doc in documents:
        for text in (doc.markdown.text, doc.title):
            for _ in automaton.iter(normalize_label(text)):
                hits += 1
    return hits


def synthetic_corpus(articles: list[Document], size_mb: float, seed: int = 13) -> list[Document]:
    """Copies of real articles, paragraphs shuffled, until ``size_mb`` MB of raw Markdown."""
    rng = random.Random(seed)
    target = size_mb * 1_000_000
    out: list[Document] = []
    total = 0
    while total < target:
        source = rng.choice(articles)
        paragraphs = source.markdown.text.split("\n\n")
        rng.shuffle(paragraphs)
        markdown = dataclasses.replace(source.markdown, text="\n\n".join(paragraphs))
        out.append(
            dataclasses.replace(
                source, path=f"synthetic/{len(out):06d}/{source.path}", markdown=markdown
            )
        )
        total += source.size
    return out


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, object]:
    """Best wall time of ``repeat`` runs, and the last result."""
    best = float("inf")
    result = None
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


@click.command()
@click.option(
    "--workspace",
    type=click.Path(path_type=Path, file_okay=False),
    default=DEFAULT_WORKSPACE,
    show_default=True,
    help="Workspace to read.",
)
@click.option("--corpus", default="NLP_ability", show_default=True, help="Corpus of the workspace.")
@click.option(
    "--size-mb",
    type=float,
    default=50.0,
    show_default=True,
    help="Size of the generated corpus (0: skip).",
)
@click.option(
    "--repeat",
    type=int,
    default=3,
    show_default=True,
    help="Runs on the small corpus (best is kept).",
)
def main(workspace: Path, corpus: str, size_mb: float, repeat: int) -> None:
    """Print extraction throughput, the Aho-Corasick baseline and peak memory."""
    start = time.perf_counter()
    ontology = load_ontology()
    load_ms = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    nlp = make_pipeline(ontology)
    build_s = time.perf_counter() - start
    automaton = make_automaton(ontology)
    labels = sum(len(c.labels) for c in ontology.concepts.values())
    ws = read_workspace(workspace)
    articles = [doc for doc in ws.articles if doc.corpus == corpus] or list(ws.articles)
    click.echo(
        f"ontology: {len(ontology.concepts)} concepts, {labels} labels, loaded in {load_ms:.0f} ms;"
        f" pipeline built in {build_s:.2f} s (spaCy import included)"
    )
    extract_mentions(nlp, articles[:5])  # warm up

    rows = []
    runs = [(f"{corpus} ({len(articles)} articles)", articles, repeat)]
    if size_mb > 0:
        runs.append((f"synthetic ~{size_mb:g} MB", None, 1))
    for name, documents, times in runs:
        if documents is None:
            documents = synthetic_corpus(articles, size_mb)
        raw_mb = sum(doc.size for doc in documents) / 1e6
        before = peak_rss_mb()
        seconds, mentions = timed(lambda docs=documents: extract_mentions(nlp, docs), times)
        rss = peak_rss_mb()
        count = sum(len(found) for found in mentions.values())  # type: ignore[union-attr]
        fuzzy = sum(m.method == "fuzzy" for found in mentions.values() for m in found)  # type: ignore[union-attr]
        del mentions
        aho_seconds, hits = timed(lambda docs=documents: aho_count(automaton, docs), times)
        rows.append((name, len(documents), raw_mb, "nlpmap (spaCy)", seconds, count, rss, before))
        rows.append((name, len(documents), raw_mb, "pyahocorasick", aho_seconds, hits, None, None))
        rows.append((name, fuzzy, seconds, aho_seconds))
        del documents
        gc.collect()

    click.echo("")
    header = (
        f"{'corpus':<28} {'docs':>6} {'MB':>7} {'method':<16} {'s':>7} {'MB/s':>7} "
        f"{'found':>8} {'peak RSS MB':>12}"
    )
    click.echo(header)
    click.echo("-" * len(header))
    for row in rows:
        if len(row) == 4:
            name, fuzzy, seconds, aho_seconds = row
            click.echo(
                f"{'':<28} ratio nlpmap/aho: {aho_seconds / seconds:.2f}"
                f" (target >= 0.25); fuzzy mentions: {fuzzy}"
            )
            continue
        name, docs, raw_mb, method, seconds, found, rss, before = row
        memory = f"{rss:.0f} (+{rss - before:.0f})" if rss is not None else ""
        click.echo(
            f"{name:<28} {docs:>6} {raw_mb:>7.2f} {method:<16} {seconds:>7.2f} "
            f"{raw_mb / seconds:>7.2f} {found:>8} {memory:>12}"
        )
    click.echo(f"\npeak RSS of the whole run: {peak_rss_mb():.0f} MB (limit 1024 MB)")


if __name__ == "__main__":
    main()
