"""Abbreviations a text defines, learnt from the text itself (Schwartz and Hearst, 2003).

A definition is a long form beside a short one in parentheses, either way round:
``Long Short-Term Memory (LSTM)``, ``条件随机场（CRF）``, ``CRF（条件随机场）``,
``LSTM (Long Short-Term Memory)``. An English long form is found by the
Schwartz-Hearst walk: the characters of the short form, from the last, are
found right to left in the words before the parenthesis, the first one at a
word's start, within ``min(|A| + 5, 2|A|)`` words. A Chinese long form is the
concept matched right before (or inside) the parenthesis.

When one side is an ontology concept matched there, every other occurrence of
the other side in that document becomes a mention of it (method
``abbreviation``): the short form is an alias of the concept for this
document. :func:`find_definitions` lists the definitions themselves, so that
terms the ontology lacks can become candidates.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from graph.concepts.tokenizer import LATIN

__all__ = ["METHOD", "Definition", "find_definitions", "learn_abbreviations", "long_form"]

METHOD = "abbreviation"
BEFORE = 200  # characters read before a parenthesis for its long form or short form
_PAREN_RE = re.compile(r"[(（]\s*([^()（）\n]{1,80}?)\s*[)）]")
_SHORT_RE = re.compile(r"[A-Za-z][A-Za-z0-9\-]{0,9}\Z")
_CJK_END_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]\Z")
_WORD_BEFORE_RE = re.compile(r"([A-Za-z][A-Za-z0-9\-]{1,9})\s*\Z")
_WORDS_RE = re.compile(r"\S+")


@dataclass(frozen=True)
class Definition:
    """One abbreviation defined in a text: the spans of its short and long forms."""

    short: str
    long: str
    short_span: tuple[int, int]
    long_span: tuple[int, int]


def is_short_form(text: str) -> bool:
    """True for a plausible abbreviation: one Latin word, 2-10 characters, a capital in it."""
    return bool(_SHORT_RE.match(text)) and len(text) >= 2 and any(c.isupper() for c in text)


def long_form(short: str, before: str) -> int | None:
    """Where in ``before`` the long form of ``short`` starts (Schwartz-Hearst), or None.

    Examples
    --------
    >>> text = "we use a Long Short-Term Memory"
    >>> text[long_form("LSTM", text):]
    'Long Short-Term Memory'
    >>> long_form("LSTM", "we use a recurrent network") is None
    True
    """
    words = list(_WORDS_RE.finditer(before))
    limit = min(len(short) + 5, 2 * len(short))
    if not words:
        return None
    lo = words[-limit].start() if len(words) >= limit else words[0].start()
    window = before[lo:]
    s, i = len(short) - 1, len(window) - 1
    while s >= 0:
        char = short[s].lower()
        if not char.isalnum():
            s -= 1
            continue
        while i >= 0 and (
            window[i].lower() != char or (s == 0 and i > 0 and window[i - 1].isalnum())
        ):
            i -= 1
        if i < 0:
            return None
        i -= 1
        s -= 1
    start = window.rfind(" ", 0, i + 1) + 1
    found = window[start:]
    if len(found) <= len(short) or short.lower() in found.lower().split():
        return None
    return lo + start


def find_definitions(text: str) -> Iterator[Definition]:
    """The abbreviation definitions of ``text`` with an English long form, either way round.

    Examples
    --------
    >>> [(d.short, d.long) for d in find_definitions("Long Short-Term Memory (LSTM) and CRF（conditional random field）")]
    [('LSTM', 'Long Short-Term Memory'), ('CRF', 'conditional random field')]
    """
    for paren in _PAREN_RE.finditer(text):
        inner, inner_span = paren.group(1), paren.span(1)
        lo, before = _before(text, paren.start())
        if is_short_form(inner):
            start = long_form(inner, before)
            if start is not None:
                span = (lo + start, lo + len(before))
                yield Definition(inner, before[start:], inner_span, span)
            continue
        word = _WORD_BEFORE_RE.search(before)
        if word and is_short_form(word.group(1)) and long_form(word.group(1), inner) == 0:
            yield Definition(
                word.group(1), inner, (lo + word.start(1), lo + word.end(1)), inner_span
            )


def _before(text: str, at: int) -> tuple[int, str]:
    """Where the text read before offset ``at`` starts, and that text (right-stripped).

    Only the last :data:`BEFORE` characters: a long form is a few words long.
    """
    lo = max(0, at - BEFORE)
    return lo, text[lo:at].rstrip()


def _pairs(
    text: str, matches: Sequence[tuple]
) -> Iterator[tuple[tuple[int, int], tuple[int, int]]]:
    """(short span, long span) of each definition, Chinese long forms taken from the matches."""
    ends = {m[2]: m for m in matches}
    starts = {m[1]: m for m in matches}
    for definition in find_definitions(text):
        yield definition.short_span, definition.long_span
    for paren in _PAREN_RE.finditer(text):
        inner, (lo, hi) = paren.group(1), paren.span(1)
        offset, before = _before(text, paren.start())
        end = offset + len(before)
        if is_short_form(inner) and _CJK_END_RE.search(before) and end in ends:
            yield (lo, hi), ends[end][1:3]  # 条件随机场（CRF）
        word = _WORD_BEFORE_RE.search(before)
        if word and is_short_form(word.group(1)) and lo in starts and starts[lo][2] == hi:
            yield (offset + word.start(1), offset + word.end(1)), (lo, hi)  # CRF（条件随机场）


def _occurrences(text: str, form: str) -> Iterator[tuple[int, int]]:
    """Where ``form`` stands in ``text`` as a whole word (a plural ``s`` allowed)."""
    edge = f"[{LATIN}]" if form[:1].isascii() else "(?!)"
    for found in re.finditer(rf"(?<!{edge}){re.escape(form)}s?(?!{edge})", text):
        yield found.span()


def learn_abbreviations(text: str, matches: Sequence[tuple]) -> list[tuple]:
    """``matches`` with the abbreviations ``text`` defines added as mentions of their concept.

    Parameters
    ----------
    text : str
        A document's prose.
    matches : sequence of tuple
        ``(concept id or ?key, start, end, method)``, in text order.

    Returns
    -------
    list of tuple
        The matches and, for each definition one side of which is a matched
        concept, the other side's occurrences (method :data:`METHOD`), in
        text order.
    """
    matches = list(matches)
    if "(" not in text and "（" not in text:
        return matches
    by_span = {(m[1], m[2]): m[0] for m in matches}
    added: list[tuple] = []
    taken = [(m[1], m[2]) for m in matches]
    for short_span, long_span in _pairs(text, matches):
        long_key = next(
            (k for (lo, hi), k in by_span.items() if hi == long_span[1] and lo >= long_span[0]),
            None,
        )
        short_key = by_span.get(short_span)
        if (long_key is None) == (short_key is None):
            continue  # both known (nothing to learn) or neither (a candidate, not a mention)
        key = long_key or short_key
        form = text[slice(*short_span)] if long_key else text[slice(*long_span)]
        for lo, hi in _occurrences(text, form):
            if all(hi <= a or lo >= b for a, b in taken):
                added.append((key, lo, hi, METHOD))
                taken.append((lo, hi))
    return sorted(matches + added, key=lambda m: m[1]) if added else matches
