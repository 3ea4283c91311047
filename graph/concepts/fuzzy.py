"""Misspelt concept names: long Latin words one edit away from a concept label.

:class:`FuzzyCandidates` collects, per searched text, the long Latin words
that are no exact label; :func:`fuzzy_table` maps those one edit (optimal
string alignment) from a long name to its concept when the slip is
plausible (:func:`plausible_typo`); :func:`add_typos` turns the table into
``"fuzzy"`` matches of one text.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable

from graph.concepts.tokenizer import LATIN
from graph.ontology import normalize_label

__all__ = [
    "FUZZY_MIN_LETTERS",
    "FUZZY_RARE",
    "FuzzyCandidates",
    "add_typos",
    "fuzzy_table",
    "plausible_typo",
]

FUZZY_MIN_LETTERS = 6
FUZZY_RARE = 3  # a typo may occur this often even when the right name never does

LETTER_RE = re.compile(r"[^\W\d_]")
_LATIN_WORD_RE = re.compile(rf"^[{LATIN}]+$")
_LONG_LATIN_RE = re.compile(rf"[{LATIN}]{{{FUZZY_MIN_LETTERS},}}")
_DIGITS_RE = re.compile(r"\d+")

Match = tuple[str, int, int, str]  # (concept id or ?key, start, end, method)


def long_enough(key: str) -> bool:
    """True when ``key`` has enough letters to be looked up as a typo."""
    return len(LETTER_RE.findall(key)) >= FUZZY_MIN_LETTERS


def plausible_typo(word: str, name: str) -> bool:
    """Whether ``word``, one edit from ``name``, reads as a slip rather than another word.

    Rejected: a different first letter (``learning`` / ``qlearning``,
    ``T-Encoder``), a different last letter (``performed`` / ``performer``),
    a letter added or dropped at the end other than a plural ``s``
    (``encode`` / ``encoder``, ``Robert`` / ``roberta``), and a change in the
    digits (``GPT3`` / ``GPT4``: versions, not typos).

    Examples
    --------
    >>> plausible_typo("transfomer", "transformer"), plausible_typo("gpt4", "gpt3")
    (True, False)
    """
    if not word or not name or word[0] != name[0]:
        return False
    if _DIGITS_RE.findall(word) != _DIGITS_RE.findall(name):
        return False
    if len(word) == len(name):
        diff = [i for i, (a, b) in enumerate(zip(word, name)) if a != b]
        return len(diff) == 2 or diff[0] != len(word) - 1  # a swap, or a slip inside
    short, long_ = (word, name) if len(word) < len(name) else (name, word)
    if long_.startswith(short):
        return long_[-1] == "s"
    return True


def fuzzy_table(names: dict[str, str], tokens: set[str]) -> dict[str, str]:
    """Map unmatched Latin words to concept ids when one edit (OSA) away from a long name.

    Args:
        names (dict[str, str]): Long label keys to their concept ids.
        tokens (set[str]): Normalised words to look up.

    RETURNS (dict[str, str]): Word to concept id, for the plausible typos.
    """
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    by_length: dict[int, list[str]] = {}
    for key in names:
        by_length.setdefault(len(key), []).append(key)
    found: dict[str, str] = {}
    for token in tokens:
        choices = [
            k for n in (len(token) - 1, len(token), len(token) + 1) for k in by_length.get(n, ())
        ]
        if not choices:
            continue
        for key, _, _ in process.extract(
            token, choices, scorer=OSA.distance, score_cutoff=1, limit=3
        ):
            if plausible_typo(token, key):
                found[token] = names[key]
                break
    return found


class FuzzyCandidates:
    """Which long Latin words of a batch could be typos (cached per surface form).

    Args:
        exact (set[str]): The keys of every exact label (never typos).
    """

    def __init__(self, exact: set[str]) -> None:
        self.exact = exact
        self.cache: dict[str, str | None] = {}

    def norm(self, word: str) -> str | None:
        """The norm of a long Latin word when it is no exact concept label, else None."""
        norm = self.cache.get(word, "")
        if norm == "":
            key = normalize_label(word)
            norm = key if (key not in self.exact and long_enough(key)) else None
            self.cache[word] = norm
        return norm

    def words(self, text: str) -> Counter[str]:
        """How often each long Latin word of ``text`` that is no exact label occurs (by norm)."""
        norms = Counter(self.norm(word) for word in _LONG_LATIN_RE.findall(text))
        norms.pop(None, None)
        return norms  # type: ignore[return-value]

    def split_words(self, split: Iterable[tuple[int, int, str]]) -> Counter[str]:
        """Compact forms of joined words the tokenizer split (``layner-norm``), when long."""
        return Counter(
            key
            for _, _, key in split
            if key not in self.exact and _LATIN_WORD_RE.match(key) and long_enough(key)
        )


def _overlaps(ranges: list[tuple[int, int]], start: int, end: int) -> bool:
    """True when ``[start, end)`` overlaps one of the sorted, disjoint ``ranges``."""
    at = bisect.bisect_left(ranges, (end, end))
    return at > 0 and ranges[at - 1][1] > start


def add_typos(
    text: str,
    matches: list[Match],
    split: Iterable[tuple[int, int, str]],
    words: Counter[str],
    candidates: FuzzyCandidates,
    table: dict[str, str],
) -> list[Match]:
    """Return ``matches`` of ``text`` with fuzzy matches added.

    Misspelt words no exact match covers are added; a misspelt joined word
    the tokenizer split (``split``) replaces what its parts matched.
    ``words`` are the candidate norms of ``text`` (:meth:`FuzzyCandidates.words`).
    """
    added: list[Match] = []
    if not words.keys().isdisjoint(table):
        covered = sorted((start, end) for _, start, end, _ in matches)
        for match in _LONG_LATIN_RE.finditer(text):
            norm = candidates.norm(match.group())
            cid = table.get(norm) if norm else None
            if cid and not _overlaps(covered, match.start(), match.end()):
                added.append((cid, match.start(), match.end(), "fuzzy"))
    for start, end, key in split:
        cid = table.get(key)
        if cid:  # a misspelt joined name wins over what its parts matched
            matches = [m for m in matches if not (start <= m[1] and m[2] <= end)]
            added = [m for m in added if not (start <= m[1] and m[2] <= end)]
            added.append((cid, start, end, "fuzzy"))
    if added:
        return sorted(matches + added, key=lambda m: m[1])
    return matches
