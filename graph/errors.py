"""The exceptions nlpmap raises: one tree under :class:`NlpmapError`."""

from __future__ import annotations


class NlpmapError(Exception):
    """Base class of every error nlpmap raises on purpose.

    ``exit_code`` is what the CLI exits with when this error reaches it.
    """

    exit_code = 2


class CorpusNotFound(NlpmapError):
    """The workspace path does not exist or is not a folder."""


class EmptyCorpus(NlpmapError):
    """The workspace holds no readable Markdown article."""


class ArticleNotFound(NlpmapError):
    """No article of the workspace has the requested path."""


class ConceptNotFound(NlpmapError):
    """No concept of the graph has the requested id."""


class OntologyError(NlpmapError):
    """An ontology file is missing, unreadable or fails validation."""


class GraphFileError(NlpmapError):
    """A stored graph file is missing, corrupt or of an unknown format."""


class QueryNotFound(NlpmapError):
    """A related-topics query matched no concept or article.

    Parameters
    ----------
    query : str
        The query as given.
    suggestions : list of str
        The closest names, best first.
    known : str, optional
        The name of the ontology concept the query names, when no article of
        the map mentions it.
    """

    exit_code = 1

    def __init__(self, query: str, suggestions: list[str] | None = None, known: str | None = None):
        self.query = query
        self.suggestions = list(suggestions or [])
        self.known = known
        hint = f" Did you mean: {', '.join(self.suggestions)}?" if self.suggestions else ""
        if known:
            super().__init__(f"No article of this map mentions {known} ({query!r} names it in "
                             f"nlpmap's ontology).{hint}")
        else:
            super().__init__(f"No concept or article matches {query!r}.{hint}")


class NoPath(NlpmapError):
    """Two nodes of the graph are not joined by any path."""

    exit_code = 1


class SourceError(NlpmapError):
    """A git source could not be cloned or updated (bad URL, unknown ref, no network)."""


class ExportError(NlpmapError):
    """An export was asked in an unknown format, or its format and output path disagree."""
