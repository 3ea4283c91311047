"""Assembling the concept map: documents, links, concepts, sections, metrics, layout.

:func:`build_graph` is pure (records in, a new graph out); :func:`build_workspace`
reads a workspace folder, loads the ontology and the spaCy pipeline, and calls it.
"""

from __future__ import annotations

import datetime as _dt
import logging
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx

from graph import __version__
from graph.models import Concept, Document, Ontology, Workspace
from graph.store import FORMAT_VERSION

if TYPE_CHECKING:
    from graph.runner import ResultStore, Runner

__all__ = ["build_counts", "build_graph", "build_workspace", "graph_stats", "load_or_build"]

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]


def build_workspace(
    path: str | Path,
    *,
    ontology_path: str | Path | None = None,
    repo_urls: Sequence[str] = (),
    candidates: bool = True,
    progress: Progress | None = None,
    executor: str | None = None,
    store: ResultStore | None = None,
) -> nx.DiGraph:
    """Read the workspace at ``path`` and build its concept map.

    Parameters
    ----------
    path : path-like
        The workspace folder (hub ``README.md`` plus ``links/<corpus>/``, or a
        plain folder of Markdown files).
    ontology_path : path-like, optional
        A user ontology (YAML or JSON) merged over the built-in one.
    repo_urls : sequence of str
        GitHub repository URLs whose ``blob``/``tree`` links name files of
        the workspace.
    candidates : bool
        Add discovered candidate concepts above their frequency threshold.
    progress : callable, optional
        ``progress(stage, done, total)``, called as documents are processed.
    executor : str, optional
        Where the per-file work runs (:func:`graph.runner.make_runner`): ``local``
        (default), ``dask`` (a LocalCluster) or ``dask=ADDRESS``.
    store : ResultStore, optional
        Per-file results of earlier builds: only new or changed texts are
        parsed and scanned; ``store`` is updated.

    Returns
    -------
    networkx.DiGraph
        The graph (schema in docs/ARCHITECTURE.md).

    Raises
    ------
    CorpusNotFound, EmptyCorpus, OntologyError
        On a missing or empty workspace, or a broken ontology.
    """
    from graph.links.titles import with_hub_titles
    from graph.runner import close_runner, make_runner
    from graph.store import few_collections
    from graph.workspace import read_workspace

    lap = _Stopwatch(progress)
    with few_collections():
        ontology = _ontology(ontology_path, store)
        lap("ontology")
        runner = make_runner(ontology, executor, store)
        try:
            lap("runner")
            workspace = with_hub_titles(read_workspace(path, parse=_parse_with(runner, progress)))
            lap("read")
            G = build_graph(
                workspace,
                ontology,
                repo_urls=repo_urls,
                candidates=candidates,
                progress=progress,
                runner=runner,
            )
        finally:
            close_runner(runner)
    G.graph["timings"] = f"{lap.summary()},{G.graph['timings']}"
    G.graph["build_seconds"] = round(sum(lap.timings.values()) + G.graph["build_seconds"], 3)
    if store is not None:
        log.info("result cache: %d texts reused, %d processed", store.hits, store.misses)
    return G


def build_graph(
    workspace: Workspace,
    ontology: Ontology,
    nlp=None,
    *,
    repo_urls: Sequence[str] = (),
    candidates: bool = True,
    progress: Progress | None = None,
    runner: Runner | None = None,
) -> nx.DiGraph:
    """Build the concept map of a read workspace.

    Parameters
    ----------
    workspace : Workspace
        What :func:`graph.workspace.read_workspace` returned.
    ontology : Ontology
        The validated ontology.
    nlp : spacy.language.Language, optional
        The pipeline of :func:`graph.concepts.make_pipeline` (built when None).
    repo_urls : sequence of str
        Extra GitHub repository URLs for the ``repo`` link method.
    candidates : bool
        Add discovered candidate concepts.
    progress : callable, optional
        ``progress(stage, done, total)``.

    Returns
    -------
    networkx.DiGraph
        A new graph; nothing given is modified.
    """
    from graph.links.resolve import resolve_workspace
    from graph.runner import LocalRunner

    lap = _Stopwatch(progress)
    if runner is None:
        runner = LocalRunner(ontology, nlp)
    documents: list[Document] = ([workspace.hub] if workspace.hub else []) + list(
        workspace.articles
    )

    G = _new_graph(workspace, ontology)
    _add_documents(G, workspace)
    lap("documents")

    resolutions = resolve_workspace(workspace, repo_urls=tuple(repo_urls))
    G.graph["unresolved"] = _add_links(G, resolutions)
    lap("links")

    _add_sections(G, workspace, resolutions)
    lap("sections")

    mentions = _extract(runner, documents, progress)
    lap("extract")
    scores, concepts = _score_concepts(
        documents, ontology, mentions, candidates=candidates, memo=getattr(runner, "store", None)
    )
    lap("salience")
    _add_concepts(G, documents, scores, concepts, ontology)
    lap("concepts")

    _add_metrics(G)
    lap("metrics")
    _add_layout(G)
    lap("layout")
    _add_analytics(G)
    lap("analytics")
    G.graph["timings"] = lap.summary()
    G.graph["build_seconds"] = round(sum(lap.timings.values()), 3)
    log.info("built %s: %s", workspace.root, G.graph["timings"])
    return G


def _ontology(ontology_path: str | Path | None, store: ResultStore | None) -> Ontology:
    """The ontology, from the result store when its files are unchanged (no YAML parsed)."""
    from graph.ontology import load_ontology
    from graph.store import ontology_fingerprint

    if store is None:
        return load_ontology(Path(ontology_path) if ontology_path else None)
    key = ontology_fingerprint(ontology_path)
    ontology = store.get("ontology", key)
    if ontology is None:
        ontology = load_ontology(Path(ontology_path) if ontology_path else None)
        store.put("ontology", key, ontology)
    return ontology


def _parse_with(runner: Runner, progress: Progress | None):
    """``parse(texts)`` by the runner, reporting to ``progress`` as stage ``read``."""
    if progress is None:
        return runner.parse

    def report(done: int, total: int) -> None:
        progress("read", done, total)

    return lambda texts: runner.parse(texts, report)


def _extract(runner: Runner, documents: list[Document], progress: Progress | None):
    """Concept mentions by document path: per-text scans by the runner, then corpus-wide typos."""
    from graph.concepts.extract import document_texts, mentions_from_scans

    texts = [text for document in documents for text in document_texts(document)]
    report = None
    if progress is not None:

        def report(done: int, total: int) -> None:
            progress("extract", done, total)

    scans = runner.scan(texts, report)
    pairs = list(zip(scans[::2], scans[1::2]))
    return mentions_from_scans(runner.tables, documents, pairs, memo=getattr(runner, "store", None))


class _Stopwatch:
    """Seconds per build stage: call it with a stage name when the stage ends.

    Each stage is logged (``nlpmap -v``) and reported done to ``progress``.
    """

    def __init__(self, progress: Progress | None = None) -> None:
        self.timings: dict[str, float] = {}
        self._clock = time.perf_counter()
        self._progress = progress

    def __call__(self, stage: str) -> None:
        now = time.perf_counter()
        self.timings[stage] = round(now - self._clock, 4)
        self._clock = now
        log.info("stage %-9s %7.3f s", stage, self.timings[stage])
        if self._progress is not None:
            self._progress(stage, 1, 1)

    def summary(self) -> str:
        """``stage=seconds`` pairs, comma-separated, in stage order."""
        return ",".join(f"{k}={v}" for k, v in self.timings.items())


def _new_graph(workspace: Workspace, ontology: Ontology) -> nx.DiGraph:
    """An empty graph carrying the build's graph-level attributes."""
    G = nx.DiGraph()
    G.graph.update(
        format_version=FORMAT_VERSION,
        nlpmap_version=__version__,
        workspace=str(Path(workspace.root).resolve()),
        layout=workspace.layout,
        corpora=",".join(workspace.corpora),
        ontology_hash=ontology.hash,
        built_at=_dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
        warnings=len(workspace.warnings),
        read_warnings=list(workspace.warnings),
    )
    return G


def _score_concepts(documents, ontology: Ontology, mentions, *, candidates: bool, memo=None):
    """Salience per document and concept, with discovered candidates when asked.

    Returns
    -------
    tuple
        ``(scores, concepts)``: ``{path: {concept id: score}}`` and every concept
        that may appear (the ontology's plus the accepted candidates).
    """
    from graph.concepts.salience import score_mentions

    scores = score_mentions(documents, mentions, ontology, memo=memo)
    concepts = dict(ontology.concepts)
    if not candidates:
        return scores, concepts
    from graph.concepts.candidates import candidate_concepts, candidate_scores, find_candidates

    found = find_candidates(documents, ontology, mentions, scores, memo=memo)
    extra = candidate_concepts(found)
    if extra:
        concepts.update({c.id: c for c in extra})
        for path, per_concept in candidate_scores(documents, extra, found).items():
            scores.setdefault(path, {}).update(per_concept)
    return scores, concepts


def _add_layout(G: nx.DiGraph) -> None:
    """``x`` and ``y`` on every node."""
    from graph.layout import layout_positions

    for node, (x, y) in layout_positions(G).items():
        G.nodes[node]["x"] = x
        G.nodes[node]["y"] = y


def _add_analytics(G: nx.DiGraph) -> None:
    """Index pages, ``co_occurs`` and ``similar`` edges, specificity, communities."""
    from graph.analytics import analyse, apply_analytics

    apply_analytics(G, analyse(G))


def _add_documents(G: nx.DiGraph, workspace: Workspace) -> None:
    """One node per article, and the hub; no two articles share a label."""
    from graph.analytics.indexpages import listed_references
    from graph.links import distinct_labels

    labels = distinct_labels(workspace.articles)
    if workspace.hub is not None:
        hub = workspace.hub
        G.add_node("hub", kind="hub", label=hub.title or "Hub", path=hub.path)
    for doc in workspace.articles:
        G.add_node(
            doc.node_id,
            kind="article",
            label=labels[doc.path],
            path=doc.path,
            corpus=doc.corpus,
            corpus_path=doc.corpus_path,
            folder=doc.folder,
            encoding=doc.encoding,
            size=doc.size,
            title_source=doc.title_source,
            refs=len(doc.markdown.links) + doc.markdown.urls,
            listed_refs=listed_references(doc.markdown),
            prose_chars=max(
                0, len(doc.markdown.text) - sum(len(link.text) for link in doc.markdown.links)
            ),
        )
        meta = doc.meta
        for name, value in (
            ("date", meta.date),
            ("tags", meta.tags),
            ("categories", meta.categories),
        ):
            if value:
                G.nodes[doc.node_id][name] = value if isinstance(value, str) else list(value)


def _add_links(G: nx.DiGraph, resolutions) -> int:
    """``links_to`` edges for resolved links; returns how many internal links failed."""
    from graph.links import PATH_METHODS, link_anchor

    unresolved = 0
    for doc, link, res in resolutions:
        if res.method == "unresolved":
            unresolved += 1
            continue
        if not res.resolved:
            continue
        target = f"article:{res.target}"
        if target == doc.node_id or target not in G:
            continue
        old = G.get_edge_data(doc.node_id, target)
        if old is not None and old.get("confidence", 0) >= res.confidence:
            continue
        G.add_edge(
            doc.node_id,
            target,
            kind="links_to",
            method=res.method,
            confidence=round(float(res.confidence), 3),
            text=link.text,
            href=link.href,
        )
        if res.method in PATH_METHODS and (anchor := link_anchor(link.href)):
            G.edges[doc.node_id, target]["anchor"] = anchor
    return unresolved


def _add_sections(G: nx.DiGraph, workspace: Workspace, resolutions) -> None:
    """Hub headings that list articles, and folders, as ``section`` nodes."""
    if workspace.hub is not None:
        _add_hub_sections(G, workspace.hub, resolutions)
    _add_folder_sections(G, workspace)


def _heading_parents(hub: Document) -> dict[str, str]:
    """Each hub heading's enclosing heading (``""`` at the top level), first use wins."""
    parents: dict[str, str] = {}
    stack: list[tuple[int, str]] = []
    for heading in hub.markdown.headings:
        while stack and stack[-1][0] >= heading.level:
            stack.pop()
        parents.setdefault(heading.text, stack[-1][1] if stack else "")
        stack.append((heading.level, heading.text))
    return parents


def _add_hub_sections(G: nx.DiGraph, hub: Document, resolutions) -> None:
    """Articles linked under a hub heading are ``in_section`` it; headings nest."""
    parents = _heading_parents(hub)
    for doc, link, res in resolutions:
        if doc.kind != "hub" or not res.resolved or not link.section:
            continue
        article = f"article:{res.target}"
        if article not in G:
            continue
        section = _hub_section(G, link.section)
        G.add_edge(article, section, kind="in_section")
        child, parent = link.section, parents.get(link.section, "")
        while parent:
            G.add_edge(_hub_section(G, child), _hub_section(G, parent), kind="in_section")
            child, parent = parent, parents.get(parent, "")


def _add_folder_sections(G: nx.DiGraph, workspace: Workspace) -> None:
    """Each article is ``in_section`` its folder; folders nest in their parents."""
    from graph.workspace.titles import without_export_id

    for doc in workspace.articles:
        if not doc.folder:
            continue
        parts = doc.folder.split("/")
        child = f"section:folder:{doc.corpus}/{doc.folder}"
        G.add_node(child, kind="section", label=without_export_id(parts[-1]), source="folder")
        G.add_edge(doc.node_id, child, kind="in_section")
        for depth in range(len(parts) - 1, 0, -1):
            parent = f"section:folder:{doc.corpus}/{'/'.join(parts[:depth])}"
            label = without_export_id(parts[depth - 1])
            G.add_node(parent, kind="section", label=label, source="folder")
            G.add_edge(child, parent, kind="in_section")
            child = parent


def _hub_section(G: nx.DiGraph, heading: str) -> str:
    """The node of a hub heading, added on first use."""
    node = f"section:hub:{heading}"
    if node not in G:
        G.add_node(node, kind="section", label=heading, source="hub")
    return node


def _add_concepts(G, documents, scores, concepts: dict[str, Concept], ontology: Ontology) -> None:
    """Concept nodes for mentioned concepts, ``mentions`` and ``relation`` edges."""
    by_path = {doc.path: doc for doc in documents}
    for path, per_concept in scores.items():
        doc = by_path.get(path)
        if doc is None:
            continue
        for concept_id, score in per_concept.items():
            concept = concepts.get(concept_id)
            if concept is None:
                continue
            node = f"concept:{concept_id}"
            if node not in G:
                G.add_node(
                    node,
                    kind="concept",
                    label=concept.name,
                    type=concept.type,
                    aliases=list(dict.fromkeys((*concept.zh, *concept.aliases))),
                    description=concept.description,
                    weak=bool(concept.weak),
                )
            G.add_edge(
                doc.node_id,
                node,
                kind="mentions",
                weight=int(score.count),
                salience=round(float(score.salience), 4),
                primary=bool(score.primary),
            )
    for rel in ontology.relations:
        u, v = f"concept:{rel.source}", f"concept:{rel.target}"
        if u in G and v in G and u != v and not G.has_edge(u, v):
            G.add_edge(u, v, kind="relation", type=rel.type)


def _add_metrics(G: nx.DiGraph) -> None:
    """PageRank and degree on every node."""
    from graph.metrics import pagerank

    for node, value in pagerank(G).items():
        G.nodes[node]["pagerank"] = round(float(value), 6)
        G.nodes[node]["degree"] = int(G.degree(node))


def graph_stats(G: nx.DiGraph) -> dict[str, int]:
    """Count articles, concepts, sections and edges by kind."""
    kinds: dict[str, int] = {}
    for _, data in G.nodes(data=True):
        kinds[data.get("kind", "?")] = kinds.get(data.get("kind", "?"), 0) + 1
    edges: dict[str, int] = {}
    for _, _, data in G.edges(data=True):
        edges[data.get("kind", "?")] = edges.get(data.get("kind", "?"), 0) + 1
    return dict(
        articles=kinds.get("article", 0),
        concepts=kinds.get("concept", 0),
        sections=kinds.get("section", 0),
        edges=G.number_of_edges(),
        links=edges.get("links_to", 0),
        mentions=edges.get("mentions", 0),
        relations=edges.get("relation", 0),
        unresolved=int(G.graph.get("unresolved", 0)),
    )


def build_counts(G: nx.DiGraph) -> dict:
    """:func:`graph_stats` plus the number and the list of files skipped or decoded by a fallback."""
    read_warnings = [str(w) for w in G.graph.get("read_warnings", [])]
    return {
        **graph_stats(G),
        "warnings": int(G.graph.get("warnings", 0)),
        "read_warnings": read_warnings,
    }


def _summary_differs(target: Path, fingerprint: str) -> bool:
    """True when the summary beside a cached graph says it is stale (no need to load it)."""
    import json

    from graph.store import summary_path

    try:
        return json.loads(summary_path(target).read_text("utf-8"))["fingerprint"] != fingerprint
    except (OSError, ValueError, KeyError, TypeError):
        return False  # no summary: the graph itself tells


def load_or_build(
    path: str | Path,
    *,
    ontology_path: str | Path | None = None,
    repo_urls: Sequence[str] = (),
    cache_dir: str | Path | None = None,
    force: bool = False,
    progress: Progress | None = None,
    executor: str | None = None,
    store: ResultStore | None = None,
) -> tuple[nx.DiGraph, Path, bool]:
    """The workspace's graph from the per-user cache, rebuilt when stale.

    The cache entry is keyed by the workspace's absolute path and carries a
    fingerprint of its Markdown files (path, size, mtime), the ontology files,
    the options and nlpmap's version; any change rebuilds. A rebuild is
    incremental: the per-file results of the last build (parsed Markdown,
    concept scans) are kept beside the graph, keyed by content hash
    (:class:`graph.runner.ResultStore`), and only new or changed texts are
    processed again; everything corpus-wide is recomputed, so the graph equals
    a cold build. ``force`` rebuilds even when the graph is fresh (the per-file
    results still count: they depend on nothing but their text). A process that
    rebuilds again and again (``serve --watch``) passes its own ``store``: it is read
    from the cache file the first time (while empty) and kept in memory after.

    Returns
    -------
    tuple
        ``(graph, cache file, rebuilt)``.
    """
    from graph.errors import CorpusNotFound, GraphFileError
    from graph.runner import ResultStore
    from graph.store import (
        build_fingerprint,
        cache_path,
        few_collections,
        load_graph,
        save_graph,
        write_summary,
    )

    root = Path(path)
    if not root.exists():
        raise CorpusNotFound(f"workspace not found: {root}")
    if not root.is_dir():
        raise CorpusNotFound(f"not a folder: {root}")
    fingerprint = build_fingerprint(root, ontology_path, repo_urls)
    target = cache_path(root, directory=cache_dir)
    if not force and target.is_file() and not _summary_differs(target, fingerprint):
        try:
            G = load_graph(target)
        except GraphFileError as exc:
            log.warning("ignoring a damaged cache entry: %s", exc)
        else:
            if G.graph.get("fingerprint") == fingerprint:
                return G, target, False
    results = target.with_name(target.stem + ".results.pickle")
    with few_collections():
        if store is None:
            store = ResultStore.load(results)
        elif store.empty:
            store.adopt(ResultStore.load(results, store.version))
        try:
            G = build_workspace(
                root,
                ontology_path=ontology_path,
                repo_urls=repo_urls,
                progress=progress,
                executor=executor,
                store=store,
            )
        except BaseException:
            store.next_build(finished=False)
            raise
        G.graph["fingerprint"] = fingerprint
        save_graph(G, target)
        write_summary(target, fingerprint, build_counts(G))
        try:
            store.save(results)
        except OSError as exc:  # the graph is saved; the next build is just not incremental
            log.warning("cannot save the result cache %s: %s", results, exc)
        store.next_build()
    return G, target, True
