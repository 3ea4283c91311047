"""The ``nlpmap_concepts`` pipeline component: ontology labels matched on NORM.

:class:`ConceptMatcher` holds a ``PhraseMatcher`` over every label of the
ontology (with its compact, space-split and plural spellings, see
:func:`graph.concepts.tokenizer.label_variants`). Patterns are given to the
``PhraseMatcher`` as tuples of token attribute hashes, computed from the
words with the vocabulary's own attribute getter, so no pattern ``Doc`` (and
no lexeme) is made: the trie is the one ``Doc`` patterns would build.
Matches go to ``doc.spans["concepts"]`` (label: concept id) and, for labels
several concepts share, ``doc.spans["concepts_ambiguous"]`` (label:
``?<key>``); overlapping matches of one concept are merged into one span,
then overlaps are cut like ``spacy.util.filter_spans``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from graph.concepts.fuzzy import FUZZY_MIN_LETTERS, long_enough
from graph.concepts.tokenizer import ConceptTokenizer, is_latin_label, label_variants
from graph.models import Ontology
from graph.ontology import normalize_label

if TYPE_CHECKING:  # spaCy is imported lazily: ``import spacy`` costs ~0.5 s
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = [
    "AMBIGUOUS_KEY",
    "FACTORY",
    "MATCHES_KEY",
    "SPANS_KEY",
    "ConceptMatcher",
    "ConceptPatterns",
    "MatchTables",
    "concept_patterns",
    "first_longest",
    "match_tables",
]

log = logging.getLogger(__name__)

FACTORY = "nlpmap_concepts"
SPANS_KEY = "concepts"
AMBIGUOUS_KEY = "concepts_ambiguous"
MATCHES_KEY = "nlpmap_matches"  # doc.user_data: the spans of both groups as tuples


class ConceptMatcher:
    """The ``nlpmap_concepts`` component: ontology labels matched on NORM.

    Args:
        nlp (Language): The pipeline (its tokenizer splits patterns).
        name (str): The component name.
        spans_key (str): The span group written.
        attr (str): The token attribute matched (``NORM``: normalised forms).
    """

    def __init__(
        self, nlp: Language, name: str = FACTORY, *, spans_key: str = SPANS_KEY, attr: str = "NORM"
    ) -> None:
        from spacy.matcher import PhraseMatcher

        self.nlp = nlp
        self.name = name
        self.spans_key = spans_key
        self.attr = attr
        self.matcher = PhraseMatcher(nlp.vocab, attr=attr)
        self.ambiguous: dict[str, tuple[str, ...]] = {}
        self.fuzzy_names: dict[str, str] = {}
        self.exact_keys: set[str] = set()
        self.neighbours: dict[str, frozenset[str]] = {}
        self.patterns: ConceptPatterns | None = None

    def add_ontology(self, ontology: Ontology) -> None:
        """Add a pattern per label of every concept (and its compact/split forms).

        Labels listed as ambiguous in the ontology are matched under a
        shared key and settled later from the document's context.
        """
        found = concept_patterns(ontology, self.nlp.tokenizer)
        self.patterns = found  # kept: a PlainScanner can reuse them (graph.concepts.plainscan)
        self.ambiguous.update(found.ambiguous)
        self.fuzzy_names.update(found.fuzzy_names)
        self.exact_keys.update(found.exact_keys)
        self.neighbours.update(found.neighbours)
        words = {word for sequences in found.patterns.values() for seq in sequences for word in seq}
        hashes = self._hashes(words)
        strings = self.nlp.vocab.strings
        for match_key, sequences in found.patterns.items():
            strings.add(match_key)
            keyed = dict.fromkeys(tuple([hashes[word] for word in seq]) for seq in sequences)
            self.matcher.add(match_key, list(keyed))
        log.debug(
            "concept matcher: %d keys, %d ambiguous", len(found.patterns), len(found.ambiguous)
        )

    def _hashes(self, words: set[str]) -> dict[str, int]:
        """The hash of each word's matched attribute, as its lexeme would hold it."""
        from spacy.attrs import IDS

        getter = self.nlp.vocab.lex_attr_getters.get(IDS[self.attr.upper()])
        strings = self.nlp.vocab.strings
        hashes = {}
        for word in words:
            value = getter(word) if getter is not None else word
            hashes[word] = strings[value] if isinstance(value, str) else int(value)
        return hashes

    def __call__(self, doc: Doc) -> Doc:
        """Match concepts; RETURNS (Doc): ``doc`` with ``doc.spans[spans_key]`` set."""
        from spacy.attrs import IDX, LENGTH
        from spacy.tokens import Span
        from spacy.util import filter_spans

        matches = first_longest(self.matcher(doc))
        spans = filter_spans([Span(doc, start, end, label=key) for key, start, end in matches])
        labels = [span.label_ for span in spans]
        doc.spans[self.spans_key] = [s for s, lab in zip(spans, labels) if lab[0] != "?"]
        doc.spans[AMBIGUOUS_KEY] = [s for s, lab in zip(spans, labels) if lab[0] == "?"]
        # The same matches as plain tuples, cheaper to read than Span objects:
        # (label, first token, end token, start char, end char).
        found = []
        if spans:
            import numpy

            offsets = doc.to_array([IDX, LENGTH])
            starts = [span.start for span in spans]
            ends = [span.end for span in spans]
            lasts = numpy.array(ends) - 1
            first_chars = offsets[starts, 0].tolist()
            end_chars = (offsets[lasts, 0] + offsets[lasts, 1]).tolist()
            found = sorted(
                zip(labels, starts, ends, first_chars, end_chars), key=lambda item: item[1]
            )
        doc.user_data[MATCHES_KEY] = found
        return doc


@dataclass(frozen=True)
class ConceptPatterns:
    """What :func:`concept_patterns` derives from an ontology.

    ``patterns`` maps each match key (a concept id, or ``?<key>`` for a
    label several concepts share) to its token sequences, in the order
    they are added; ``ambiguous`` maps ``?<key>`` to the concept ids;
    ``fuzzy_names`` maps long Latin label keys to their concept (typo
    targets); ``exact_keys`` holds every label key; ``neighbours`` the
    ontology neighbours of each concept with an ambiguous label.
    """

    patterns: dict[str, tuple[tuple[str, ...], ...]]
    ambiguous: dict[str, tuple[str, ...]]
    fuzzy_names: dict[str, str]
    exact_keys: frozenset[str]
    neighbours: dict[str, frozenset[str]]


@dataclass(frozen=True)
class MatchTables:
    """The lookups extraction needs besides the matcher itself (no spaCy needed).

    ``ambiguous`` maps ``?<key>`` to the concept ids sharing that label;
    ``fuzzy_names`` maps long Latin label keys to their concept (typo
    targets); ``exact_keys`` holds every label key; ``neighbours`` the
    ontology neighbours of each concept with an ambiguous label.
    """

    ambiguous: dict[str, tuple[str, ...]]
    fuzzy_names: dict[str, str]
    exact_keys: frozenset[str]
    neighbours: dict[str, frozenset[str]]


def _label_owners(ontology: Ontology) -> tuple[dict[str, list[str]], dict[str, set[str]]]:
    """Each label key's concepts (in ontology order) and its spellings."""
    owners: dict[str, list[str]] = {}
    spelled: dict[str, set[str]] = {}
    for concept in ontology.concepts.values():
        for label in concept.labels:
            key = normalize_label(label)
            if not key:
                continue
            if concept.id not in owners.setdefault(key, []):
                owners[key].append(concept.id)
            spelled.setdefault(key, set()).add(label)
    return owners, spelled


def _match_key(key: str, ids: list[str], ambiguous_keys: set[str]) -> str:
    """The match key of a label key: its concept id, or ``?<key>`` when shared."""
    return f"?{key}" if len(ids) > 1 or key in ambiguous_keys else ids[0]


def match_tables(ontology: Ontology) -> MatchTables:
    """The ambiguity, typo and neighbour tables of an ontology's labels.

    The same tables :func:`concept_patterns` returns, without splitting a
    pattern: extraction can be finished from cached scans without spaCy.
    """
    owners, spelled = _label_owners(ontology)
    ambiguous_keys = {normalize_label(label) for label in ontology.ambiguous}
    related: dict[str, set[str]] = {}
    for rel in ontology.relations:
        related.setdefault(rel.source, set()).add(rel.target)
        related.setdefault(rel.target, set()).add(rel.source)
    ambiguous: dict[str, tuple[str, ...]] = {}
    fuzzy_names: dict[str, str] = {}
    for key, ids in owners.items():
        match_key = _match_key(key, ids, ambiguous_keys)
        if match_key[0] == "?":
            ambiguous[match_key] = tuple(sorted(ids))
        elif (
            len(key) >= FUZZY_MIN_LETTERS
            and long_enough(key)
            and all(is_latin_label(label) for label in spelled[key])
        ):
            fuzzy_names[key] = ids[0]
    neighbours = {cid: frozenset(related.get(cid, ())) for ids in ambiguous.values() for cid in ids}
    return MatchTables(ambiguous, fuzzy_names, frozenset(owners), neighbours)


def concept_patterns(ontology: Ontology, tokenizer: ConceptTokenizer) -> ConceptPatterns:
    """The token sequences that spell every concept label, by match key.

    Parameters
    ----------
    ontology : Ontology
        The validated ontology.
    tokenizer : ConceptTokenizer
        The pipeline's tokenizer: labels are split like the text.

    Returns
    -------
    ConceptPatterns
        Patterns and the lookup tables of :class:`ConceptMatcher`.
    """
    tables = match_tables(ontology)
    owners, spelled = _label_owners(ontology)
    ambiguous_keys = {normalize_label(label) for label in ontology.ambiguous}
    # match key -> its token sequences (a dict: ordered, without repeats)
    patterns: dict[str, dict[tuple[str, ...], None]] = {}
    for key, ids in owners.items():
        sequences = patterns.setdefault(_match_key(key, ids, ambiguous_keys), {})
        for label in sorted(spelled[key]):
            sequences.update(dict.fromkeys(label_variants(tokenizer, label, owners)))
    return ConceptPatterns(
        patterns={key: tuple(seq for seq in seqs if seq) for key, seqs in patterns.items()},
        ambiguous=tables.ambiguous,
        fuzzy_names=tables.fuzzy_names,
        exact_keys=tables.exact_keys,
        neighbours=tables.neighbours,
    )


def _merge_same_key(matches: list[tuple]) -> list[tuple]:
    """Join overlapping matches of one key into a match of their union.

    Two labels of the same concept that overlap (``状态转移概率`` and
    ``转移概率矩阵`` in ``状态转移概率矩阵``) spell that concept once; cutting
    one of them would leave a fragment (``矩阵``) to match another concept.
    """
    by_key: dict[int, list[tuple[int, int]]] = {}
    for key, start, end in matches:
        by_key.setdefault(key, []).append((start, end))
    if len(by_key) == len(matches):
        return matches
    merged: list[tuple[int, int, int]] = []
    for key, ranges in by_key.items():
        ranges.sort()
        lo, hi = ranges[0]
        for start, end in ranges[1:]:
            if start < hi:  # overlapping (touching matches stay two mentions)
                hi = max(hi, end)
            else:
                merged.append((key, lo, hi))
                lo, hi = start, end
        merged.append((key, lo, hi))
    return merged


def first_longest(matches: list[tuple]) -> list[tuple]:
    """Drop matches that overlap a longer (or, equally long, earlier) one.

    The rule of ``spacy.util.filter_spans``, applied to plain match tuples
    so that Span objects are only made for the matches that stay; first,
    overlapping matches of the same key are merged (:func:`_merge_same_key`).
    """
    if len(matches) < 2:
        return matches
    matches = _merge_same_key(matches)
    kept: list[tuple[int, int, int]] = []
    taken: set[int] = set()
    for match in sorted(matches, key=lambda m: (m[1] - m[2], m[1])):
        if taken.isdisjoint(range(match[1], match[2])):
            kept.append(match)
            taken.update(range(match[1], match[2]))
    return sorted(kept, key=lambda m: m[1])
