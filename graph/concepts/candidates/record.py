"""The :class:`Candidate` record: what discovery finds and the graph step consumes.

:mod:`graph.concepts.candidates.discover` makes candidates and
:mod:`graph.concepts.candidates.nodes` turns them into graph concepts; both import the
record from here, so neither imports the other.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.ontology import normalize_label

__all__ = ["Candidate"]


@dataclass(frozen=True)
class Candidate:
    """A term that looks like a concept but is not in the ontology.

    ``term`` is the most frequent spelling, ``forms`` every spelling seen;
    ``count`` occurrences in ``doc_count`` documents (``documents``: their
    paths); ``in_heading`` when the term is (part of) a heading or bold
    text; ``examples`` up to two sentences using it; ``script`` ``latin``
    or ``cjk``; ``caps`` the highest salience it may get in each of its
    documents (path, cap), when ontology mentions were given.
    """

    term: str
    count: int
    doc_count: int
    examples: tuple[str, ...] = ()
    in_heading: bool = False
    forms: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()
    script: str = "latin"
    caps: tuple[tuple[str, float], ...] = ()

    @property
    def key(self) -> str:
        """The comparison key (:func:`graph.ontology.normalize_label`)."""
        return normalize_label(self.term)
