"""Concept extraction: which ontology concepts each document mentions, and how much.

A blank spaCy pipeline with our tokenizer (:mod:`~graph.concepts.tokenizer`) and phrase matcher
(:mod:`~graph.concepts.matcher`), misspelt names (:mod:`~graph.concepts.fuzzy`), the extraction
itself (:mod:`~graph.concepts.extract`), salience and primary topics
(:mod:`~graph.concepts.salience`), and terms the ontology lacks (:mod:`graph.concepts.candidates`).
Imports :mod:`graph.ontology` and :mod:`graph.workspace`.
"""

from graph.concepts.extract import extract_mentions, heading_ranges, make_pipeline
from graph.concepts.salience import MentionScore, score_mentions

__all__ = ["MentionScore", "extract_mentions", "heading_ranges", "make_pipeline", "score_mentions"]
