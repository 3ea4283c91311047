"""Incremental builds equal cold builds: after an edit, an added, a deleted and a renamed file.

The workspace is a real copy of part of NLP_ability (the hub and a dozen articles). Each
incremental build goes through :func:`graph.build.load_or_build` with a result cache on disk;
the reference is a cold build of the same files, compared with tools/compare_graphs.py.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from graph.build import build_graph, load_or_build
from graph.concepts.extract import document_texts, make_pipeline, scan_texts
from graph.concepts.plainscan import PlainScanner
from graph.links.titles import with_hub_titles
from graph.ontology import load_ontology
from graph.runner import ResultStore
from graph.workspace import read_workspace

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def builtin():
    """The built-in ontology and its pipeline, built once for the module."""
    ontology = load_ontology()
    return ontology, make_pipeline(ontology)


@pytest.fixture()
def small_workspace(nlp_ability_part) -> Path:
    """The hub and five articles of three NLP_ability folders."""
    return nlp_ability_part(("Bert", "模型蒸馏", "词向量"), 5)


def cold(root: Path, ontology, nlp):
    """A build from scratch, without any cache."""
    return build_graph(with_hub_titles(read_workspace(root)), ontology, nlp)


def articles(root: Path) -> list[Path]:
    return sorted((root / "links").rglob("*.md"))


def test_incremental_build_equals_cold_build_after_each_change(
    small_workspace, tmp_path, builtin, graph_differences
):
    differences = graph_differences
    ontology, nlp = builtin
    cache = tmp_path / "cache"
    G, _, rebuilt = load_or_build(small_workspace, cache_dir=cache)
    assert rebuilt and differences(G, cold(small_workspace, ontology, nlp), set()) == []
    files = articles(small_workspace)

    def check(change: str) -> None:
        incremental, target, rebuilt = load_or_build(small_workspace, cache_dir=cache)
        assert rebuilt, change
        reference = cold(small_workspace, ontology, nlp)
        assert differences(incremental, reference, set()) == [], change
        store = ResultStore.load(target.with_name(target.stem + ".results.pickle"))
        assert len(store._old) > 0, change  # the results were kept for the next build

    with files[0].open("a", encoding="utf-8") as fh:  # an edit: a new paragraph on BERT
        fh.write("\n\n## 新的一节\n\nTinyBERT 和 DistilBERT 都是 BERT 的知识蒸馏。\n")
    check("edit")
    added = files[1].parent / "新文章.md"
    added.write_text(
        "# 新文章\n\nWord2Vec 与 GloVe 的比较，见 [FastBERT](FastBert.md)。\n", "utf-8"
    )
    check("add")
    files[2].unlink()
    check("delete")
    files[3].rename(files[3].with_name("改名之后.md"))
    check("rename")


def test_a_rebuild_processes_only_the_changed_texts(small_workspace, tmp_path):
    from graph.build import build_workspace

    store = ResultStore()
    build_workspace(small_workspace, store=store)
    first_misses = store.misses
    file = articles(small_workspace)[0]
    file.write_text(file.read_text("utf-8") + "\n\nELMo.\n", "utf-8")
    again = ResultStore()
    again._old = dict(store._used)
    build_workspace(small_workspace, store=again)
    assert first_misses > 20
    # The edited file's parse, its prose scan, its mentions, their salience facts, its bylines
    # and its evidence for candidates (the spans blanked); its title and every other file come
    # from the store.
    assert again.misses == 6, again.misses
    kinds = {kind for kind, _ in again._used} - {"ontology"}
    assert {"parse", "scan", "mentions", "facts", "byline", "evidence_blanks"} <= kinds


def test_plain_scanner_matches_the_spacy_pipeline_on_every_nlp_ability_text(shared_corpus, builtin):
    ontology, nlp = builtin
    ws = with_hub_titles(read_workspace(shared_corpus))
    texts = [text for doc in (ws.hub, *ws.articles) for text in document_texts(doc)]
    scanner = PlainScanner(ontology)
    plain = [scanner.scan(text) for text in texts]
    expected = scan_texts(nlp, texts)
    assert [found for found in plain if found is not None] == [
        scan for found, scan in zip(plain, expected) if found is not None
    ]
    assert sum(found is not None for found in plain) > 0.9 * len(texts)
    from graph.concepts.matcher import FACTORY

    reused = PlainScanner(ontology, nlp.get_pipe(FACTORY).patterns)  # what a cold build keeps
    assert reused.trie == scanner.trie and reused.order == scanner.order


def test_the_builtin_ontology_never_needs_spacy_to_order_matches(builtin):
    """No two match keys spell the same tokens, so the plain scanner settles every text."""
    ontology, _ = builtin
    scanner = PlainScanner(ontology)
    ends, stack = [], [scanner.trie]
    while stack:
        for children, keys in stack.pop().values():
            stack.append(children)
            if keys is not None:
                ends.append(keys)
    assert len(ends) > 1000 and all(len(keys) == 1 for keys in ends)
    assert scanner.scan("Two AEs, an autoencoder's plural").matches[0][0] == "autoencoder"


def test_a_cold_build_never_imports_spacy(tmp_path: Path):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.md").write_text("# BERT\n\nBERT 与知识蒸馏, see [b](b.md).\n", "utf-8")
    (notes / "b.md").write_text("# TinyBERT\n\nTinyBERT is distilled from BERT.\n", "utf-8")
    code = (
        "import sys; from graph.build import build_workspace; "
        f"G = build_workspace({str(notes)!r}); "
        "print(G.number_of_nodes(), 'spacy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    nodes, spacy_loaded = out.stdout.split()
    assert int(nodes) > 2 and spacy_loaded == "False"


def test_remembered_mentions_follow_the_ontology_tables(builtin):
    """A document's mentions come from the store only while the tables that settle its
    ambiguous labels are the same: an ontology that changes what ``GD`` may mean re-settles."""
    import dataclasses

    from graph.concepts.extract import mentions_from_scans
    from graph.concepts.matcher import match_tables
    from graph.models import Document
    from graph.workspace.markdown import parse_markdown

    ontology, nlp = builtin
    markdown = parse_markdown(
        "# 两阶段蒸馏\n\nGD 先做 general distillation，再做任务蒸馏；general distillation "
        "不需要标注。gradient descent 照常训练。\n"
    )
    doc = Document("a.md", "c", "a.md", "两阶段蒸馏", "article", markdown)
    scans = [tuple(scan_texts(nlp, document_texts(doc)))]
    tables = match_tables(ontology)
    assert "?gd" in tables.ambiguous
    store = ResultStore()
    first = mentions_from_scans(tables, [doc], scans, memo=store)["a.md"]
    assert mentions_from_scans(tables, [doc], scans, memo=store)["a.md"] == first
    assert store.hits > 0  # the second time, from the store
    narrowed = dataclasses.replace(
        tables, ambiguous={**tables.ambiguous, "?gd": ("gradient-descent",)}
    )
    again = mentions_from_scans(narrowed, [doc], scans, memo=store)["a.md"]
    assert again == mentions_from_scans(narrowed, [doc], scans)["a.md"]
    meant = (
        {m.concept_id for m in first if m.text == "GD"},
        {m.concept_id for m in again if m.text == "GD"},
    )
    assert meant == ({"general-distillation"}, {"gradient-descent"})


def test_a_store_kept_in_memory_serves_rebuild_after_rebuild(
    small_workspace, tmp_path, builtin, graph_differences, caplog
):
    """``serve --watch`` keeps one store: read from the cache file once, then each rebuild
    redoes only the changed file; a failed rebuild loses none of it."""
    import logging
    import re

    ontology, nlp = builtin
    cache = tmp_path / "cache"
    load_or_build(small_workspace, cache_dir=cache)  # a first build leaves a cache file
    file = articles(small_workspace)[0]
    store = ResultStore()

    def processed() -> int:
        """How many texts the last build did not find in the store."""
        counts = re.findall(r"(\d+) texts reused, (\d+) processed", caplog.text)
        caplog.clear()
        return int(counts[-1][1])

    caplog.set_level(logging.INFO, logger="graph.build")
    for round_ in range(2):  # the first time from the file on disk, then from memory
        file.write_text(file.read_text("utf-8") + f"\n\n第 {round_} 次修改：ELMo。\n", "utf-8")
        G, _, rebuilt = load_or_build(small_workspace, cache_dir=cache, store=store)
        assert rebuilt
        assert graph_differences(G, cold(small_workspace, ontology, nlp), set()) == []
        assert processed() == 6  # the edited file's results (as in the test above)
        for saved in cache.glob("*.results.pickle"):
            saved.unlink()  # from now on the results are in memory only
    kept = dict(store._old)
    broken = tmp_path / "broken.yaml"
    broken.write_text("concepts:\n  - {id: x, name: X, type: model, relations: {is_a: [nope]}}\n")
    with pytest.raises(Exception, match="nope"):
        load_or_build(small_workspace, cache_dir=cache, store=store, ontology_path=broken)
    assert kept.items() <= store._old.items()  # nothing lost
    G, _, _ = load_or_build(small_workspace, cache_dir=cache, store=store, force=True)
    assert processed() == 0
    assert graph_differences(G, cold(small_workspace, ontology, nlp), set()) == []
