"""Matching file names and titles: comparison keys, similarity, a unique best.

:mod:`graph.links.resolve` uses these for its ``fuzzy`` and ``title`` methods and
for the suggestion of an unresolved link. Names are compared by their keys
(:func:`name_keys`: width, case, punctuation and bracketed content folded)
and then by rapidfuzz ``ratio``; a match must be unique and clearly ahead of
the runner-up (:data:`FUZZY_SAME_FOLDER`, :data:`FUZZY_ANYWHERE`,
:data:`TITLE_MIN_SCORE`, :data:`TITLE_MARGIN`).
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from types import MappingProxyType

from rapidfuzz import fuzz, process

from graph.workspace.files import MARKDOWN_SUFFIXES
from graph.workspace.text import normalize as fold

__all__ = [
    "FUZZY_ANYWHERE",
    "FUZZY_SAME_FOLDER",
    "TITLE_MARGIN",
    "TITLE_MIN_CHARS",
    "TITLE_MIN_SCORE",
    "file_keys",
    "fold_path",
    "fuzzy_confidence",
    "name_keys",
    "ranked",
    "similarity",
    "stem",
    "title_match",
    "unique_best",
    "unique_of",
]

#: Fuzzy match in the folder the link names: the best file-name similarity
#: (rapidfuzz ``ratio``, 0-100, on folded names) must reach this score and
#: beat the second best by ``margin``.
FUZZY_SAME_FOLDER = MappingProxyType({"min_score": 80.0, "margin": 5.0})
#: Fuzzy match anywhere in the corpus (wrong folder): stricter, the best
#: must be unique and clearly better than the second.
FUZZY_ANYWHERE = MappingProxyType({"min_score": 90.0, "margin": 10.0})
#: Title links: the folded anchor text must have at least this many
#: characters (generic anchors such as "原文", "链接", "dasou" never match)
#: and equal a folded title or file name, or reach ``TITLE_MIN_SCORE``.
TITLE_MIN_CHARS = 6
TITLE_MIN_SCORE = 92.0
TITLE_MARGIN = 5.0
#: File endings of Markdown articles (compared in lower case).

_BRACKETED_RE = re.compile(
    r"[(\[{<（【《「『〔][^()\[\]{}<>（）【】《》「」『』〔〕]*[)\]}>）】》」』〕]"
)
_SAME_NAME = 100.0  # the folded names are equal
_SHARED_KEY = 99.5  # equal once bracketed content is dropped on one side


# --------------------------------------------------------------------------- keys


def _strip_punctuation(text: str) -> str:
    """Keep letters, digits and marks only (punctuation, symbols, spaces dropped)."""
    return "".join(char for char in text if unicodedata.category(char)[0] in "LNM")


@lru_cache(maxsize=1 << 16)  # a name is keyed once per link to it and once per file
def name_keys(name: str) -> tuple[str, ...]:
    """The comparison keys of a file name or title, distinct and non-empty.

    The first key folds width and case and drops punctuation, symbols and
    spaces (``Fasttext解读(1)`` → ``fasttext解读1``); the second also drops
    bracketed content (``答案解析(1)—史上…`` → ``答案解析史上…``).

    Examples
    --------
    >>> name_keys("知识蒸馏入门（上）")
    ('知识蒸馏入门上', '知识蒸馏入门')
    """
    folded = fold(name)
    keys = [_strip_punctuation(folded), _strip_punctuation(_BRACKETED_RE.sub("", folded))]
    return tuple(dict.fromkeys(key for key in keys if key))


def stem(name: str) -> str:
    """A file name without its Markdown extension.

    Examples
    --------
    >>> stem("BERT.MD"), stem("notes.txt")
    ('BERT', 'notes.txt')
    """
    lowered = name.lower()
    for suffix in MARKDOWN_SUFFIXES:
        if lowered.endswith(suffix):
            return name[: -len(suffix)]
    return name


def file_keys(path: str) -> tuple[str, ...]:
    """The :func:`name_keys` of a path's file name, Markdown extension dropped.

    Examples
    --------
    >>> file_keys("links/nlp-notes/Fasttext解读(1).md")
    ('fasttext解读1', 'fasttext解读')
    """
    return name_keys(stem(posixpath.basename(path)))


def fold_path(path: str) -> str:
    """A path key for case-insensitive lookups (NFC, case-folded)."""
    return unicodedata.normalize("NFC", path).casefold()


# --------------------------------------------------------------------------- scores


def similarity(keys_a: tuple[str, ...], keys_b: tuple[str, ...]) -> float:
    """Similarity of two key sets in [0, 100].

    100 when the first keys are equal (only punctuation, width or case
    differ), 99.5 when another key is shared (bracketed content dropped),
    else the best rapidfuzz ``ratio``, capped at 99.

    Examples
    --------
    >>> similarity(name_keys("BERT (1)"), name_keys("bert-1")), similarity((), ("a",))
    (100.0, 0.0)
    """
    if not keys_a or not keys_b:
        return 0.0
    if keys_a[0] == keys_b[0]:
        return _SAME_NAME
    if set(keys_a) & set(keys_b):
        return _SHARED_KEY
    return min(99.0, max(fuzz.ratio(a, b) for a in keys_a for b in keys_b))


def ranked(
    keys: tuple[str, ...], candidates: Iterable[str], table: Mapping[str, tuple[str, ...]], own: str
) -> list[tuple[float, str]]:
    """Score candidates against ``keys``, best first.

    Args:
        keys: The keys of the name looked for.
        candidates: Paths to score (``own`` is left out).
        table: The keys of every candidate path.
        own: The path of the linking document.

    Returns:
        ``(similarity, path)`` pairs by falling similarity, then by path.
    """
    return sorted(
        ((similarity(keys, table[path]), path) for path in candidates if path != own),
        key=lambda item: (-item[0], item[1]),
    )


def unique_best(
    keys: tuple[str, ...],
    candidates: Iterable[str],
    table: Mapping[str, tuple[str, ...]],
    rule: Mapping[str, float],
    own: str,
) -> tuple[str, float] | None:
    """The unique best candidate reaching ``rule``'s score and margin, or None.

    Args:
        keys: The keys of the name looked for.
        candidates: Paths to choose from (``own`` is left out).
        table: The keys of every candidate path.
        rule: ``min_score`` and ``margin`` (:data:`FUZZY_SAME_FOLDER`, ...).
        own: The path of the linking document.

    Returns:
        ``(path, similarity)`` of the winner, or None.
    """
    return unique_of(ranked(keys, candidates, table, own), rule)


def unique_of(
    scored: list[tuple[float, str]], rule: Mapping[str, float]
) -> tuple[str, float] | None:
    """The winner of ``(similarity, path)`` pairs ranked best first (two are enough), or None.

    It must reach ``rule["min_score"]`` and, unless it shares a key, lead the
    runner-up by ``rule["margin"]``.
    """
    if not scored or scored[0][0] < rule["min_score"]:
        return None
    if len(scored) > 1:
        best, second = scored[0][0], scored[1][0]
        # A shared key beats any lower score; a mere similarity needs a margin.
        margin = 0.0 if best >= _SHARED_KEY else rule["margin"]
        if best == second or best - second < margin:
            return None
    return scored[0][1], scored[0][0]


def _near_titles(
    keys: tuple[str, ...], table: Mapping[str, tuple[str, ...]], choices: Sequence[str]
) -> list[tuple[str, float]]:
    """Articles whose title keys nearly equal ``keys``: ``(path, ratio)``, best first."""
    scored: dict[str, float] = {}
    for key in keys:
        for choice, score, _ in process.extract(
            key, choices, scorer=fuzz.ratio, score_cutoff=TITLE_MIN_SCORE - TITLE_MARGIN, limit=5
        ):
            for path in table[choice]:
                scored[path] = max(scored.get(path, 0.0), score)
    return sorted(scored.items(), key=lambda item: (-item[1], item[0]))


def fuzzy_confidence(score: float, rule: Mapping[str, float], top: float) -> float:
    """Map a similarity in [min_score, 100] to a confidence in [0.6, top].

    Examples
    --------
    >>> [fuzzy_confidence(score, FUZZY_SAME_FOLDER, 0.85) for score in (80.0, 90.0, 100.0)]
    [0.6, 0.725, 0.85]
    """
    low = rule["min_score"]
    share = (score - low) / (_SAME_NAME - low) if score < _SHARED_KEY else 1.0
    return round(0.6 + (top - 0.6) * share, 3)


# --------------------------------------------------------------------------- titles


def title_match(
    text: str,
    primary: Mapping[str, tuple[str, ...]],
    table: Mapping[str, tuple[str, ...]],
    own: str,
    choices: Sequence[str] | None = None,
    memo: dict | None = None,
) -> str | None:
    """The one article whose title or file name the anchor ``text`` (nearly) is.

    Tried in tiers: the anchor equals a title once folded; it equals one
    with bracketed content dropped; it nearly equals one (rapidfuzz
    ``ratio`` >= :data:`TITLE_MIN_SCORE`, :data:`TITLE_MARGIN` ahead of the
    next). An anchor naming the linking document itself (its paper, a copy)
    matches nothing.

    Args:
        text: The anchor text of a web link.
        primary: Articles by the first :func:`name_keys` key of their titles
            and file names.
        table: Articles by every key of their titles and file names.
        own: The path of the linking document.
        choices: The keys of ``table`` long enough for a near match (computed when None).
        memo: Near-match rankings by anchor keys, kept between calls over the same table
            (anchors repeat: each is ranked against every title once).

    Returns:
        The article's path, or None (too short, ambiguous, or no match).
    """
    keys = name_keys(text)
    if not keys or len(keys[0]) < TITLE_MIN_CHARS:
        return None
    for hits in (
        set(primary.get(keys[0], ())),
        {path for key in keys for path in table.get(key, ())},
    ):
        if own in hits:
            return None  # names the linking article itself: the paper or a copy, external
        if len(hits) == 1:
            return hits.pop()
        if hits:
            return None
    if choices is None:  # the title keys long enough for a near match (the index keeps them)
        choices = [key for key in table if len(key) >= TITLE_MIN_CHARS]
    ranking = memo.get(keys) if memo is not None else None
    if ranking is None:
        ranking = _near_titles(keys, table, choices)
        if memo is not None:
            memo[keys] = ranking
    if not ranking or ranking[0][1] < TITLE_MIN_SCORE or ranking[0][0] == own:
        return None
    if len(ranking) > 1 and ranking[0][1] - ranking[1][1] < TITLE_MARGIN:
        return None
    return ranking[0][0]
