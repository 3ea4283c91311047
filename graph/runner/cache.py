"""Per-file results kept between builds, keyed by content hash.

A :class:`ResultStore` maps ``(kind, key)`` to a plain record: ``parse`` results by the hash
of the Markdown text, ``scan`` results by the hash of the text and of the ontology. The whole
store carries :func:`code_version` (nlpmap's version and a hash of its source and data files),
so a new nlpmap never reads an old result. :class:`CachedRunner` answers from the store and
sends only the texts it has not seen to the runner it wraps. Saving keeps only what the last
build used: deleted and edited files leave the store with it.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from graph import __version__
from graph.concepts.extract import TextScan
from graph.concepts.matcher import MatchTables
from graph.models import ParsedMarkdown
from graph.runner.local import Progress, Runner
from graph.store import temp_beside

__all__ = ["CachedRunner", "ResultStore", "code_version"]

log = logging.getLogger(__name__)

_HEADER = "nlpmap-results"
_PACKAGE = Path(__file__).resolve().parent.parent  # graph/


def code_version() -> str:
    """nlpmap's version plus a hash of graph/'s Python and data files (names, sizes, bytes).

    Any change to the code or its word lists invalidates every cached result.
    """
    h = hashlib.sha256(__version__.encode())
    for path in sorted(_PACKAGE.rglob("*")):
        if path.suffix in (".py", ".txt", ".yaml", ".json") and path.is_file():
            h.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0")
            h.update(path.read_bytes())
    return h.hexdigest()[:20]


def text_key(text: str, salt: str = "") -> str:
    """The key of a text's results: a hash of the text (and of ``salt``)."""
    h = hashlib.blake2b(salt.encode(), digest_size=16)
    h.update(text.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


class ResultStore:
    """Cached per-file results, read from and written to one pickle file.

    Args:
        version (str): What the results depend on besides their keys
            (:func:`code_version`); a file of another version is ignored.
    """

    def __init__(self, version: str | None = None) -> None:
        self.version = version or code_version()
        self._old: dict[tuple[str, str], Any] = {}
        self._used: dict[tuple[str, str], Any] = {}
        self.hits = 0
        self.misses = 0

    @classmethod
    def load(cls, path: str | os.PathLike, version: str | None = None) -> ResultStore:
        """The store saved at ``path``; an empty one when missing, damaged or outdated."""
        store = cls(version)
        try:
            with open(path, "rb") as fh:
                header, saved_version, entries = pickle.load(fh)
        except FileNotFoundError:
            return store
        except Exception as exc:  # a damaged cache is rebuilt, never fatal
            log.warning("ignoring the damaged result cache %s: %s", path, exc)
            return store
        if header == _HEADER and saved_version == store.version and isinstance(entries, dict):
            store._old = entries
        else:
            log.info("result cache %s is from another nlpmap: starting afresh", path)
        return store

    def get(self, kind: str, key: str) -> Any:
        """The result stored under ``(kind, key)``, or None."""
        item = (kind, key)
        value = self._used.get(item)
        if value is None:
            value = self._old.get(item)
            if value is not None:
                self._used[item] = value
        if value is None:
            self.misses += 1
        else:
            self.hits += 1
        return value

    def put(self, kind: str, key: str, value: Any) -> None:
        """Store a result."""
        self._used[(kind, key)] = value

    def __len__(self) -> int:
        return len(self._used)

    @property
    def empty(self) -> bool:
        """True when the store holds no result at all (neither loaded nor new)."""
        return not self._old and not self._used

    def adopt(self, other: ResultStore) -> None:
        """Take the results ``other`` loaded (of the same version) as this store's own."""
        if other.version == self.version:
            self._old = {**other._old, **self._old}

    def next_build(self, *, finished: bool = True) -> None:
        """Get ready for another build in the same process (``nlpmap serve --watch``).

        After a finished build only what it used is kept, as :meth:`save` would write it;
        after a failed one everything is kept, so that nothing it had not reached is lost.
        """
        self._old = self._used if finished else {**self._old, **self._used}
        self._used = {}
        self.hits = self.misses = 0

    def save(self, path: str | os.PathLike) -> Path:
        """Write the results used since loading, atomically (temporary file, then rename)."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = temp_beside(path)
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump((_HEADER, self.version, self._used), fh, pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return path


class CachedRunner:
    """A runner that answers from a :class:`ResultStore` and runs only what it lacks.

    Args:
        inner (Runner): Does the work for texts not in the store.
        store (ResultStore): The cached results (updated in place).
    """

    def __init__(self, inner: Runner, store: ResultStore) -> None:
        self.inner = inner
        self.store = store
        self.ontology = inner.ontology

    @property
    def tables(self) -> MatchTables:
        """The ontology's match tables (no pipeline needed)."""
        return self.inner.tables

    def parse(self, texts: Sequence[str], progress: Progress | None = None) -> list[ParsedMarkdown]:
        """Parsed texts, from the store when seen before."""
        return self._cached("parse", "", texts, self.inner.parse, progress)

    def scan(self, texts: Sequence[str], progress: Progress | None = None) -> list[TextScan]:
        """Scanned texts, from the store when seen with this ontology."""
        return self._cached("scan", self.ontology.hash, texts, self.inner.scan, progress)

    def _cached(
        self,
        kind: str,
        salt: str,
        texts: Sequence[str],
        work: Callable[[list[str], Progress | None], list],
        progress: Progress | None,
    ) -> list:
        """Results for ``texts``: stored ones, and ``work`` on the others (each text once)."""
        keys = [text_key(text, salt) for text in texts]
        results: dict[str, Any] = {}
        todo: dict[str, str] = {}
        for key, text in zip(keys, texts):
            if key in results or key in todo:
                continue
            found = self.store.get(kind, key)
            if found is None:
                todo[key] = text
            else:
                results[key] = found
        if todo:
            log.info("%s: %d of %d texts changed", kind, len(todo), len(texts))
            for key, value in zip(todo, work(list(todo.values()), progress)):
                self.store.put(kind, key, value)
                results[key] = value
        return [results[key] for key in keys]
