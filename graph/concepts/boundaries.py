"""Chinese matches that cut through a word are refused, by a segmenter's word frequencies.

A label matched inside Chinese text may be made of characters that, read with
their neighbours, belong to other words: ``机场`` in ``条件随机场``. For each
Chinese match, the best segmentation of a window around it (the words of
jieba's dictionary, a unigram model as jieba's own ``cut(HMM=False)``) is
compared with the best one that keeps the match whole (a word at least
:data:`TERM_COUNT` times as common, since it is a known term); when keeping it
costs more than :data:`MARGIN` (natural log), the match cuts through a word
and is dropped (``词表`` across ``单词/表达``, ``分词`` across ``部分/词汇``). Only the boundaries of matched spans
are looked at, never the whole text, and the dictionary (jieba's ``dict.txt``,
read without importing jieba) is loaded on the first Chinese match only, then
kept in a small marshal file in the temporary folder.
"""

from __future__ import annotations

import functools
import importlib.util
import logging
import marshal
import math
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path

__all__ = ["MARGIN", "WINDOW", "cuts_through", "refuse_cut_through", "word_frequencies"]

log = logging.getLogger(__name__)

MARGIN = math.log(20)  # a segmentation 20 times likelier than one that keeps the match whole
TERM_COUNT = 300  # a matched label counts as a word this common at least (of ~60 million)
WINDOW = 4  # Chinese characters read on either side of a match
MAX_WORD = 6  # longest dictionary word considered
CROSS_WORD = 4  # longest word looked for across a match's edge
MIN_COUNT = 5  # rarer words of the dictionary are left out (they hardly change a segmentation)
_CJK_RE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CJK_RUN_RE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]*")
_CJK_TAIL_RE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]*\\Z")


@functools.lru_cache(maxsize=1)
def word_frequencies() -> dict[str, int]:
    """The words of jieba's dictionary (up to 6 characters, counted 5 times or more); {} without it."""
    spec = importlib.util.find_spec("jieba")
    folders = list(spec.submodule_search_locations or ()) if spec else []
    source = next((Path(f) / "dict.txt" for f in folders if (Path(f) / "dict.txt").is_file()), None)
    if source is None:
        log.warning("jieba's dictionary not found: Chinese matches are not checked for cuts")
        return {}
    stat = source.stat()
    kept = (
        Path(tempfile.gettempdir())
        / f"nlpmap-words-{MIN_COUNT}-{stat.st_size}-{int(stat.st_mtime)}.marshal"
    )
    try:
        return marshal.loads(kept.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        pass
    table: dict[str, int] = {}
    for line in source.read_text("utf-8").splitlines():
        word, _, rest = line.partition(" ")
        count = int(rest.partition(" ")[0] or 1)
        if 1 <= len(word) <= MAX_WORD and (count >= MIN_COUNT or len(word) == 1):
            table[word] = count
    try:
        part = kept.with_suffix(".part")
        part.write_bytes(marshal.dumps(table))
        part.replace(kept)
    except OSError:  # a read-only temporary folder: read the dictionary each time
        pass
    return table


def _best(text: str, freq: dict[str, int], log_total: float) -> float:
    """The log probability of the likeliest segmentation of ``text`` (unigram words)."""
    n = len(text)
    best = [0.0] + [-math.inf] * n
    for end in range(1, n + 1):
        for start in range(max(0, end - MAX_WORD), end):
            word = text[start:end]
            count = freq.get(word)
            if count is None and end - start > 1:
                continue
            score = best[start] + math.log(count or 1) - log_total
            best[end] = max(best[end], score)
    return best[n]


def cuts_through(text: str, start: int, end: int, freq: dict[str, int] | None = None) -> bool:
    """True when the Chinese match ``text[start:end]`` cuts through a word around it.

    Examples
    --------
    >>> cuts_through("每个单词表达的特征", 3, 5)  # 词表 (a vocabulary) across 单词/表达
    True
    >>> cuts_through("每个单词表达的特征", 2, 4)
    False
    """
    freq = word_frequencies() if freq is None else freq
    if not freq:
        return False
    if freq is word_frequencies():  # the same window reads the same way: ask once
        lo, hi = _window(text, start, end)
        return _cuts_window(text[lo:hi], start - lo, end - lo)
    return _cuts(text, start, end, freq)


def _window(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of ``text`` read around a match: up to :data:`WINDOW` Chinese characters a side."""
    before = text[max(0, start - WINDOW) : start]
    lo = start - len(before) + _CJK_TAIL_RE.search(before).start()  # type: ignore[union-attr]
    hi = _CJK_RUN_RE.match(text, end, end + WINDOW).end()  # type: ignore[union-attr]
    return lo, hi


@functools.lru_cache(maxsize=65536)
def _cuts_window(window: str, start: int, end: int) -> bool:
    """:func:`_cuts` of a window with the default dictionary (cached by window)."""
    return _cuts(window, start, end, word_frequencies())


def _cuts(text: str, start: int, end: int, freq: dict[str, int]) -> bool:
    """True when ``text[start:end]`` cuts through a word of ``freq`` around it."""
    lo, hi = _window(text, start, end)
    if (lo == start and hi == end) or not _crossed(text, start, end, lo, hi, freq):
        return False
    log_total = math.log(sum_counts(freq))
    term = text[start:end]
    local = _WithTerm(freq, term, max(freq.get(term, 0), TERM_COUNT))
    free = _best(text[lo:hi], local, log_total)
    kept = _best(text[lo:start], freq, log_total) + _best(text[end:hi], freq, log_total)
    kept += math.log(local[term]) - log_total
    return free - kept > MARGIN


def _crossed(text: str, start: int, end: int, lo: int, hi: int, freq: dict[str, int]) -> bool:
    """True when a dictionary word of ``text[lo:hi]`` crosses ``start`` or ``end``."""
    for edge in (start, end):
        for a in range(max(lo, edge - CROSS_WORD + 1), edge):
            for c in range(edge + 1, min(hi, a + CROSS_WORD) + 1):
                if text[a:c] in freq:
                    return True
    return False


class _WithTerm(dict):
    """A frequency table read through, with one more word (the matched label)."""

    def __init__(self, base: dict[str, int], term: str, count: int) -> None:
        super().__init__()
        self.base, self.term, self.count = base, term, count

    def get(self, word: str, default: int | None = None) -> int | None:  # type: ignore[override]
        return self.count if word == self.term else self.base.get(word, default)

    def __getitem__(self, word: str) -> int:
        return self.count if word == self.term else self.base[word]


_TOTALS: dict[int, int] = {}


def sum_counts(freq: dict[str, int]) -> int:
    """The total count of a frequency table (computed once per table)."""
    key = id(freq)
    if key not in _TOTALS:
        _TOTALS[key] = sum(freq.values()) or 1
    return _TOTALS[key]


def refuse_cut_through(text: str, matches: Sequence[tuple]) -> list[tuple]:
    """``matches`` (``(key, start, end, method)``) without the Chinese ones that cut a word."""
    kept = []
    for match in matches:
        _, start, end = match[:3]
        edge_cjk = end > start and (_CJK_RE.match(text[start]) or _CJK_RE.match(text[end - 1]))
        if edge_cjk and cuts_through(text, start, end):
            log.debug("refused %r: it cuts through a word", text[start:end])
            continue
        kept.append(match)
    return kept
