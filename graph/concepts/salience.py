"""How central each mentioned concept is to each document.

:func:`score_mentions` turns the mentions of :func:`graph.concepts.extract_mentions`
into one :class:`MentionScore` per document and concept:

* weak concepts (generic words) count only with ``weak_min`` mentions or
  more, or with a mention in the title or a heading;
* salience in [0, 1] grows with the mention count (sub-linearly), with the
  concept's share of the document's mentions, with its position (title,
  headings, first paragraph) and with its rarity across the corpus (an
  IDF), then is squashed to [0, 1); a weak concept's raw score is scaled
  by ``WEAK_FACTOR`` unless the title names it (a generic word used often
  is still no main topic);
* the one to three main topics are flagged ``primary``: the concepts of the
  title (or file name) first, then the most salient non-weak ones above a
  threshold.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from graph.concepts.memo import remembered
from graph.models import Concept, Document, Mention, Ontology
from graph.ontology import normalize_label

__all__ = ["WEAK_FACTOR", "MentionScore", "rank_caps", "score_mentions"]

WEAK_MIN = 3
WEAK_FACTOR = 0.5  # a weak concept's raw score is scaled by this
MAX_PRIMARY = 3
PRIMARY_MIN = 0.35  # absolute salience a primary concept needs
PRIMARY_RATIO = 0.6  # ... and its share of the document's best salience
TITLE_BOOST = 2.5
HEADING_BOOST = 0.6
EARLY_BOOST = 0.25
EARLY_SHARE = 0.15  # the first 15 % of the text count as "early"
SCALE = 1.5  # raw score giving salience 1 - 1/e


@dataclass(frozen=True)
class MentionScore:
    """The weight of one concept in one document.

    ``count`` mentions; ``salience`` in [0, 1]; ``primary`` when it is one
    of the document's main topics; ``in_heading`` when it appears in a
    heading or the title; ``in_title`` when it appears in the title.
    """

    count: int
    salience: float
    primary: bool = False
    in_heading: bool = False
    in_title: bool = False


@dataclass(frozen=True)
class _Facts:
    """What one document says about one concept, before scoring."""

    count: int
    in_heading: bool
    in_title: bool
    first: float  # first mention's position, as a share of the text length
    shouted: bool = False  # some mention is written in capitals (MASS, not "mass")


def _title_ranges(document: Document) -> list[tuple[int, int]]:
    """Ranges of headings that repeat the document's title."""
    from graph.concepts.extract import heading_ranges

    key = normalize_label(document.title or "")
    if not key:
        return []
    text = document.markdown.text
    return [
        (lo, hi)
        for lo, hi, _ in heading_ranges(document.markdown)
        if normalize_label(text[lo:hi]) == key
    ]


def _facts(document: Document, mentions: Sequence[Mention]) -> dict[str, _Facts]:
    """Count, heading/title flags and first position per concept of one document."""
    length = max(len(document.markdown.text), 1)
    titles = _title_ranges(document)
    grouped: dict[str, list[Mention]] = {}
    for mention in mentions:
        grouped.setdefault(mention.concept_id, []).append(mention)
    facts = {}
    for cid, group in grouped.items():
        in_title = any(
            (m.start == m.end and m.in_heading) or any(lo <= m.start < hi for lo, hi in titles)
            for m in group
        )
        body = [m.start for m in group if m.end > m.start]
        facts[cid] = _Facts(
            count=len(group),
            in_heading=any(m.in_heading for m in group),
            in_title=in_title,
            first=min(body) / length if body else 0.0,
            shouted=any(_is_acronym(m.text) for m in group),
        )
    return facts


def _remembered_facts(document: Document, mentions: Sequence[Mention], memo) -> dict[str, _Facts]:
    """:func:`_facts`, from ``memo`` when the mentions carry the key they were kept under
    (they and the document's texts then are what they were); plain tuples are kept."""
    key = getattr(mentions, "key", None)
    if memo is None or key is None:
        return _facts(document, mentions)
    rows = remembered(
        memo,
        "facts",
        key,
        lambda: [
            (cid, f.count, f.in_heading, f.in_title, f.first, f.shouted)
            for cid, f in _facts(document, mentions).items()
        ],
    )
    return {cid: _Facts(*fields) for cid, *fields in rows}


@lru_cache(maxsize=1 << 16)  # a name is written the same way thousands of times
def _is_acronym(text: str) -> bool:
    """True for a Latin name in capitals of three letters or more (``MASS``, ``CLIP``)."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and text.isascii() and all(c.isupper() for c in letters)


def _weak_here(concept: Concept | None, fact: _Facts) -> bool:
    """Whether a concept counts as weak in one document.

    A weak concept whose name is an acronym in capitals (MASS, LASER, whose
    lower-case forms are English words) is not weak where the text writes
    it in capitals too.
    """
    if concept is None or not concept.weak:
        return False
    return not (fact.shouted and _is_acronym(concept.name))


def _raw_score(fact: _Facts, share: float, rarity: float) -> float:
    """Frequency x rarity x position, before squashing."""
    frequency = math.log1p(fact.count) + 2.0 * share
    position = 1.0
    if fact.in_title:
        position += TITLE_BOOST
    if fact.in_heading:
        position += HEADING_BOOST
    if fact.first < EARLY_SHARE:
        position += EARLY_BOOST
    return frequency * (0.25 + 0.75 * rarity) * position


def score_mentions(
    documents: Iterable[Document],
    mentions: Mapping[str, Sequence[Mention]],
    ontology: Ontology,
    *,
    weak_min: int = WEAK_MIN,
    weak_factor: float = WEAK_FACTOR,
    max_primary: int = MAX_PRIMARY,
    memo=None,
) -> dict[str, dict[str, MentionScore]]:
    """Score every concept each document mentions.

    Parameters
    ----------
    documents : iterable of Document
        The documents the mentions come from (for titles, headings, lengths).
    mentions : mapping of str to sequence of Mention
        By ``Document.path``, as returned by :func:`graph.concepts.extract_mentions`.
    ontology : Ontology
        For the ``weak`` flags (ids it does not know count as not weak).
    weak_min : int
        Mentions a weak concept needs outside headings and the title.
    weak_factor : float
        The factor on a weak concept's raw score (1: weak concepts score as others).
    max_primary : int
        At most this many primary concepts per document (0: none).
    memo : ResultStore, optional
        Where each document's facts (counts, heading and title flags, first position) are
        kept between builds, under the key of its mentions when they carry one
        (:class:`graph.concepts.extract.KeyedMentions`).

    Returns
    -------
    dict of str to dict of str to MentionScore
        By document path, then concept id. Weak concepts below the bar are
        left out.

    Examples
    --------
    >>> from graph.models import ParsedMarkdown
    >>> doc = Document("a.md", "c", "a.md", "BERT", "article", ParsedMarkdown(text="x"))
    >>> scores = score_mentions([doc], {"a.md": [Mention("bert", "BERT", 0, 0, True)]}, Ontology())
    >>> scores["a.md"]["bert"].primary
    True
    """
    concepts = ontology.concepts
    per_doc = _kept_facts(documents, mentions, concepts, weak_min, memo)
    n_docs = max(len(per_doc), 1)
    df: dict[str, int] = {}
    for facts in per_doc.values():
        for cid in facts:
            df[cid] = df.get(cid, 0) + 1
    norm = math.log1p(n_docs)
    result: dict[str, dict[str, MentionScore]] = {}
    for path, facts in per_doc.items():
        salience = _salience(facts, df, n_docs, norm, concepts, weak_factor)
        primary = _primary(facts, salience, concepts, max_primary)
        result[path] = {
            cid: MentionScore(
                count=fact.count,
                salience=round(salience[cid], 4),
                primary=cid in primary,
                in_heading=fact.in_heading,
                in_title=fact.in_title,
            )
            for cid, fact in sorted(facts.items(), key=lambda item: -salience[item[0]])
        }
    return result


def _kept_facts(
    documents: Iterable[Document],
    mentions: Mapping[str, Sequence[Mention]],
    concepts: Mapping[str, Concept],
    weak_min: int,
    memo=None,
) -> dict[str, dict[str, _Facts]]:
    """The facts of each document's mentions, by path then concept id.

    A weak concept mentioned fewer than ``weak_min`` times, and never in a heading,
    is left out; so are documents left without mentions.
    """
    per_doc: dict[str, dict[str, _Facts]] = {}
    for document in documents:
        found = mentions.get(document.path)
        if not found:
            continue
        kept = {}
        for cid, fact in _remembered_facts(document, found, memo).items():
            concept = concepts.get(cid)
            if _weak_here(concept, fact) and fact.count < weak_min and not fact.in_heading:
                continue
            kept[cid] = fact
        if kept:
            per_doc[document.path] = kept
    return per_doc


def _salience(
    facts: Mapping[str, _Facts],
    df: Mapping[str, int],
    n_docs: int,
    norm: float,
    concepts: Mapping[str, Concept],
    weak_factor: float,
) -> dict[str, float]:
    """Salience in 0..1 of each concept of one document.

    The raw score (:func:`_raw_score`) weighs the concept's share of the document's
    mentions and its rarity over the ``n_docs`` documents (``df``: documents per
    concept; ``norm``: ``log1p(n_docs)``); a weak concept's is scaled by ``weak_factor``.
    """
    total = sum(f.count for f in facts.values())
    salience = {}
    for cid, fact in facts.items():
        rarity = math.log1p(n_docs / df[cid]) / norm if norm else 1.0
        raw = _raw_score(fact, fact.count / total, rarity)
        concept = concepts.get(cid)
        if _weak_here(concept, fact) and not fact.in_title:
            raw *= weak_factor  # (a weak name in the title is still the topic: FLAT)
        salience[cid] = 1.0 - math.exp(-raw / SCALE)
    return salience


def _primary(
    facts: Mapping[str, _Facts], salience: Mapping[str, float], concepts: Mapping, max_primary: int
) -> set[str]:
    """The main topics: title concepts first (weak ones last), then the most salient non-weak."""
    if max_primary <= 0 or not salience:
        return set()

    def weak(cid: str) -> bool:
        concept = concepts.get(cid)
        return bool(concept is not None and concept.weak)

    ranked = sorted(salience, key=lambda cid: (-salience[cid], cid))
    titled = [cid for cid in ranked if facts[cid].in_title]
    chosen = ([cid for cid in titled if not weak(cid)] + [cid for cid in titled if weak(cid)])[
        :max_primary
    ]
    best = salience[ranked[0]]
    bar = max(PRIMARY_MIN, PRIMARY_RATIO * best)
    for cid in ranked:
        if len(chosen) >= max_primary:
            break
        if cid not in chosen and not weak(cid) and salience[cid] >= bar:
            chosen.append(cid)
    return set(chosen)


def rank_caps(
    scores: Mapping[str, Mapping[str, MentionScore]], top: int = MAX_PRIMARY, ratio: float = 0.95
) -> dict[str, float]:
    """The salience a newcomer may get in each document without entering its top ``top``.

    ``ratio`` times the salience of the document's ``top``-th concept (its
    last one, when it has fewer): below every concept that leads it.

    Examples
    --------
    >>> scores = {"a.md": {"x": MentionScore(3, 0.9), "y": MentionScore(1, 0.4)}}
    >>> rank_caps(scores, top=3, ratio=0.5)
    {'a.md': 0.2}
    """
    caps = {}
    for path, per_concept in scores.items():
        ranked = sorted((s.salience for s in per_concept.values()), reverse=True)[:top]
        if ranked:
            caps[path] = round(ratio * ranked[-1], 4)
    return caps
