"""Candidate concepts into the graph: ids, concepts, mentions and scores.

:func:`graph.concepts.candidates.find_candidates` finds terms the ontology lacks;
this module turns them into graph data. :func:`candidate_concepts` turns the
frequent ones (or those in a heading) into :class:`~graph.models.Concept`
records of type ``candidate`` with ids ``cand-<slug>``
(:func:`candidate_id`); :func:`candidate_mentions` finds them in the
documents and :func:`candidate_scores` scores those mentions like ontology
concepts, never primary and always below the vetted concepts that lead each
document (the caps of :func:`graph.concepts.candidates.salience_caps`).

Every public name here is re-exported by :mod:`graph.concepts.candidates`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from graph.concepts.candidates.record import Candidate
from graph.concepts.candidates.vocabulary import LATIN
from graph.models import Concept, Document, Mention, Ontology
from graph.ontology import normalize_label

__all__ = [
    "MIN_COUNT",
    "MIN_COUNT_CJK_HEADING",
    "candidate_concepts",
    "candidate_id",
    "candidate_mentions",
    "candidate_scores",
]

MIN_COUNT = 3
MIN_COUNT_CJK_HEADING = 2  # a Chinese heading or bold term needs this many occurrences


def candidate_id(term: str) -> str:
    """``cand-<slug>``: ASCII lower case for Latin terms, a short hash otherwise.

    Examples
    --------
    >>> candidate_id("BERT-wwm"), candidate_id("主干网络")
    ('cand-bert-wwm', 'cand-01ebabb0')
    """
    slug = re.sub(r"[^a-z0-9]+", "-", term.lower()).strip("-")
    if slug and term.isascii():
        return f"cand-{slug}"
    digest = hashlib.sha1(normalize_label(term).encode("utf-8")).hexdigest()[:8]
    return f"cand-{slug}-{digest}" if slug else f"cand-{digest}"


def candidate_concepts(
    candidates: Iterable[Candidate],
    min_count: int = MIN_COUNT,
    min_docs: int = 1,
    min_heading_count: int = MIN_COUNT_CJK_HEADING,
) -> list[Concept]:
    """The candidates that enter the graph, as concepts of type ``candidate``.

    A candidate enters with ``min_count`` occurrences in ``min_docs``
    documents or more, or when it is a heading or bold term (a Chinese one
    with ``min_heading_count`` occurrences or more).
    """
    concepts = []
    seen: set[str] = set()
    for cand in candidates:
        headed = cand.in_heading and (cand.script == "latin" or cand.count >= min_heading_count)
        if not (headed or (cand.count >= min_count and cand.doc_count >= min_docs)):
            continue
        cid = candidate_id(cand.term)
        if cid in seen:
            continue
        seen.add(cid)
        others = tuple(form for form in cand.forms if form != cand.term)
        concepts.append(
            Concept(
                id=cid,
                name=cand.term,
                zh=(cand.term,) if cand.script == "cjk" else (),
                aliases=others,
                type="candidate",
                description=(
                    f"Discovered term: {cand.count} mentions in {cand.doc_count} documents."
                ),
            )
        )
    return concepts


def candidate_mentions(
    documents: Iterable[Document],
    concepts: Sequence[Concept],
    candidates: Sequence[Candidate] = (),
) -> dict[str, list[Mention]]:
    """Find the candidate concepts' spellings in each document.

    Latin spellings match whole words (no Latin letter or digit beside
    them), ignoring case; Chinese ones anywhere. Mentions in headings are
    flagged ``in_heading``.

    Returns
    -------
    dict of str to list of Mention
        By document path, in text order; only documents with mentions.
    """
    from graph.concepts.extract import heading_ranges

    wanted = {c.id: c for c in concepts}
    paths_by_id: dict[str, set[str]] = {}
    for cand in candidates:
        cid = candidate_id(cand.term)
        if cid in wanted:
            paths_by_id[cid] = set(cand.documents)
    patterns = []
    for cid, concept in wanted.items():
        labels = sorted({*concept.zh, concept.name, *concept.aliases}, key=len, reverse=True)
        parts = []
        for label in labels:
            escaped = re.escape(label)
            if label.isascii():
                escaped = rf"(?<![{LATIN}]){escaped}(?![{LATIN}])"
            parts.append(escaped)
        patterns.append((cid, re.compile("|".join(parts), re.IGNORECASE)))
    result: dict[str, list[Mention]] = {}
    for document in documents:
        text = document.markdown.text
        ranges = heading_ranges(document.markdown)
        found = []
        for cid, pattern in patterns:
            limit = paths_by_id.get(cid)
            if limit is not None and document.path not in limit:
                continue
            for match in pattern.finditer(text):
                start = match.start()
                found.append(
                    Mention(
                        cid,
                        match.group(),
                        start,
                        match.end(),
                        any(lo <= start < hi for lo, hi, _ in ranges),
                        "exact",
                    )
                )
        if found:
            found.sort(key=lambda m: m.start)
            result[document.path] = found
    return result


def candidate_scores(
    documents: Iterable[Document],
    concepts: Sequence[Concept],
    candidates: Sequence[Candidate] = (),
) -> dict:
    """Mentions of the candidate concepts, scored like ontology concepts but never primary.

    A candidate's salience in a document is capped (``Candidate.caps``,
    see :func:`graph.concepts.candidates.salience_caps`) below the vetted concepts that lead it.

    Returns
    -------
    dict of str to dict of str to MentionScore
        By document path, then candidate id (as :func:`graph.concepts.salience.score_mentions`),
        most salient first.
    """
    from graph.concepts.salience import score_mentions

    docs = list(documents)
    found = candidate_mentions(docs, concepts, candidates)
    scores = score_mentions(docs, found, Ontology(), max_primary=0)
    caps = {(candidate_id(c.term), path): cap for c in candidates for path, cap in c.caps}
    capped = {}
    for path, per_concept in scores.items():
        limited = {
            cid: replace(score, salience=min(score.salience, caps.get((cid, path), 1.0)))
            for cid, score in per_concept.items()
        }
        capped[path] = dict(sorted(limited.items(), key=lambda item: -item[1].salience))
    return capped
