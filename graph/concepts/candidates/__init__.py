"""Candidate concepts: terms that look like concepts but are not in the ontology.

:mod:`~graph.concepts.candidates.evidence` decides which lines count as evidence,
:mod:`~graph.concepts.candidates.filters` which terms look like concepts,
:mod:`~graph.concepts.candidates.discover` finds them (as :class:`Candidate` records,
:mod:`~graph.concepts.candidates.record`), and :mod:`~graph.concepts.candidates.nodes` turns them
into graph concepts, mentions and capped scores.
"""

from graph.concepts.candidates.discover import find_candidates, salience_caps
from graph.concepts.candidates.nodes import (
    candidate_concepts,
    candidate_id,
    candidate_mentions,
    candidate_scores,
)
from graph.concepts.candidates.record import Candidate

__all__ = [
    "Candidate",
    "candidate_concepts",
    "candidate_id",
    "candidate_mentions",
    "candidate_scores",
    "find_candidates",
    "salience_caps",
]
