"""The in-process runner: one Markdown parser and one spaCy pipeline, built on first use."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol

from graph.concepts.extract import TextScan, make_pipeline, scan_texts
from graph.concepts.matcher import MatchTables, match_tables
from graph.models import Ontology, ParsedMarkdown
from graph.workspace import make_parser, parse_markdown

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["LocalRunner", "Progress", "Runner"]

#: ``progress(done, total)``, called now and then while texts are processed.
Progress = Callable[[int, int], None]


class Runner(Protocol):
    """What a build asks of a runner (see :mod:`graph.runner`)."""

    ontology: Ontology

    @property
    def tables(self) -> MatchTables:
        """The ontology's match tables (:func:`graph.concepts.matcher.match_tables`)."""

    def parse(self, texts: Sequence[str], progress: Progress | None = None) -> list[ParsedMarkdown]:
        """Every text's :class:`~graph.models.ParsedMarkdown`, in order."""

    def scan(self, texts: Sequence[str], progress: Progress | None = None) -> list[TextScan]:
        """Every text's :class:`~graph.concepts.extract.TextScan`, in order."""


class LocalRunner:
    """Parse and scan in this process.

    Without a pipeline given, texts are scanned by
    :class:`~graph.concepts.plainscan.PlainScanner`, which gives the pipeline's
    results without importing spaCy (and faster: no Doc is made); only a text
    whose matches it cannot order (two match keys spelling the same tokens, which
    the built-in ontology never has) goes through the spaCy pipeline.

    Args:
        ontology (Ontology): The validated ontology.
        nlp (Language, optional): A pipeline of :func:`make_pipeline`, then used for every
            scan; built on first need when None.
        store (ResultStore, optional): Where the match tables and the plain scanner of
            this ontology are kept between builds (see :mod:`graph.runner.cache`).
    """

    def __init__(self, ontology: Ontology, nlp: Language | None = None, store=None) -> None:
        self.ontology = ontology
        self._nlp = nlp
        self._parser = None
        self._tables: MatchTables | None = None
        self._store = store

    @property
    def nlp(self) -> Language:
        """The spaCy pipeline (built on first use)."""
        if self._nlp is None:
            self._nlp = make_pipeline(self.ontology)
        return self._nlp

    @property
    def tables(self) -> MatchTables:
        """The ontology's match tables."""
        if self._tables is None:
            self._tables = self._kept("tables", match_tables)
        return self._tables

    def _kept(self, kind: str, make: Callable[[Ontology], object]):
        """``make(ontology)``, from the store when it holds one for this ontology."""
        if self._store is None:
            return make(self.ontology)
        found = self._store.get(kind, self.ontology.hash)
        if found is None:
            found = make(self.ontology)
            self._store.put(kind, self.ontology.hash, found)
        return found

    def parse(self, texts: Sequence[str], progress: Progress | None = None) -> list[ParsedMarkdown]:
        """Parse each text with one shared markdown-it parser."""
        if self._parser is None:
            self._parser = make_parser()
        parsed = []
        for done, text in enumerate(texts, 1):
            parsed.append(parse_markdown(text, self._parser))
            if progress is not None and (done % 100 == 0 or done == len(texts)):
                progress(done, len(texts))
        return parsed

    def scan(self, texts: Sequence[str], progress: Progress | None = None) -> list[TextScan]:
        """Scan each text with the pipeline."""
        if not texts:
            return []
        scans: list[TextScan | None] = [None] * len(texts)
        if self._nlp is None:
            from graph.concepts.plainscan import PlainScanner

            scanner = self._kept("scanner", PlainScanner)
            total = len(texts)
            for done, text in enumerate(texts, 1):
                scans[done - 1] = scanner.scan(text)
                if progress is not None and (done % 200 == 0 or done == total):
                    progress(done, total)
        todo = [i for i, scan in enumerate(scans) if scan is None]
        if todo:
            total = len(todo)
            report = (lambda done: progress(done, total)) if progress is not None else None
            for i, scan in zip(
                todo, scan_texts(self.nlp, [texts[i] for i in todo], progress=report)
            ):
                scans[i] = scan
        return scans  # type: ignore[return-value]
