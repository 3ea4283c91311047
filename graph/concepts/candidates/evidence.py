"""What counts as evidence of a candidate concept, line by line and around numbers.

:mod:`graph.concepts.candidates.discover` counts a term only where it is evidence:

* boilerplate lines (a line, digits masked, repeated in documents of three
  or more unrelated sources, :func:`boilerplate_lines`), bylines,
  self-introductions and calls to follow or like (:func:`is_promotional`),
  code-like lines (:func:`is_code_like`), LaTeX formulas and English
  sentences in capitals are blanked (:func:`evidence_text`); names in
  bylines (``我是X``, ``作者：X``, ``公众号：X``, ``@X``, ``X的文章 - 知乎``)
  are handles, never concepts (:func:`byline_handles`);
* a word that mostly follows a number is a unit (:func:`follows_number`);
  numbers with their unit are removed from headings (:func:`strip_quantities`);
* :func:`covered_share` tells how much of a range ontology mentions cover,
  :func:`sentence_around` gives the example sentence of an occurrence.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from functools import cache

from graph.concepts.candidates.vocabulary import CJK, alternation, char_class, term_set
from graph.concepts.memo import content_key, remembered
from graph.models import Mention
from graph.ontology import normalize_label

__all__ = [
    "BOILERPLATE_MIN_SOURCES",
    "blank_out",
    "boilerplate_lines",
    "byline_handles",
    "covered_ranges",
    "covered_share",
    "evidence_blanks",
    "evidence_text",
    "follows_number",
    "is_code_like",
    "is_promotional",
    "line_key",
    "sentence_around",
    "strip_quantities",
]

BOILERPLATE_MIN_SOURCES = 3  # a line repeated in this many unrelated sources is boilerplate
COPY_OVERLAP = 0.5  # documents sharing this share of the smaller one's lines are copies
COPY_MIN_SHARED = 3  # ... and are this many lines at least (or all of the smaller one's)
COPY_LINE_MIN_CHARS = 12  # lines shorter than this do not make two documents copies
COPY_LINE_MAX_DOCS = 50  # lines in more documents than this are not compared pairwise

_DIGITS_RE = re.compile(r"\d+")

# ------------------------------------------------------------------ evidence: lines


@cache
def _promo_re() -> re.Pattern[str]:
    """Calls to follow, like or share, and channel names: never evidence of a concept."""
    return re.compile(
        alternation("promotion_words")
        + r"|关注[^。，,！!？?\n]{0,12}(?:公众号|我|微信|知乎|专栏|博主|(?i:github))"
        r"|(?:点|给个?|求)\s*(?i:star)"
        r"|(?<![A-Za-z])(?i:follow me|subscribe|like and share|buy me a coffee)|(?i:github\.com)"
    )


# Bylines and self-introductions; group "name" is a handle.
_NAME = rf"(?P<name>[A-Za-z][A-Za-z0-9_\-]{{1,30}}|@?[{CJK}]{{2,4}}(?=[，,。；;！!\s]|$))"
_BYLINE_RES = (
    re.compile(rf"我是\s*{_NAME}"),
    re.compile(rf"(?:作者|笔者|博主|编辑|整理|撰文)\s*[:：]\s*{_NAME}"),
    re.compile(rf"(?:微信)?公众号\s*[:：「“\"『]\s*{_NAME}"),
    re.compile(r"(?<![\w.])@(?P<name>[A-Za-z][A-Za-z0-9_\-]{1,30})"),
    re.compile(
        rf"[-—–]\s*(?P<name>[A-Za-z][A-Za-z0-9_\-]{{1,30}}|[{CJK}]{{2,4}})[{CJK}]{{0,4}}"
        r"的(?:文章|博客|回答|专栏)\s*[-—–]"
    ),
    re.compile(r"[-—–]\s*(?P<name>[^\s\-—–]{1,24}?)的(?:文章|博客|回答|专栏)\s*[-—–]"),
    re.compile(
        r"^\s*(?i:by|author|written by|posted by)\s*:?\s*@?"
        r"(?P<name>[A-Z][A-Za-z0-9_\-]{1,30})\s*(?:$|[,|·•])"
    ),
    re.compile(r"\b(?i:I am|I'm|my name is)\s+(?P<name>[A-Z][A-Za-z0-9_\-]{1,30})\s*(?:$|[,.!;])"),
)
# What every byline pattern holds: lines without it need no closer look.
_BYLINE_HINT_RE = re.compile(
    r"我是|作者|笔者|博主|编辑|整理|撰文|公众号|@|的(?:文章|博客|回答|专栏)"
    r"|(?i:by|author|I am|I'm|my name)"
)
# Code: assignments, calls of lower-case or snake_case names, snake_case words.
_CODE_RE = re.compile(
    r"(?<![=!<>A-Za-z0-9_.])[A-Za-z_][A-Za-z0-9_.]*(?:\s*,\s*[A-Za-z0-9_.]+)*\s*=(?!=)\s*"
    r"[A-Za-z0-9_\[({\"'-]"
    r"|(?<![A-Za-z0-9_])[a-z][a-z0-9]*_[a-z0-9_]*(?![A-Za-z0-9_])"
    r"|(?<![A-Za-z0-9_])[a-z_][a-z0-9_]{2,}\([^()\n]*\)"
)
_MATH_RE = re.compile(r"\$\$.*?\$\$|\$[^$\n]{1,400}\$", re.DOTALL)
# Three or more words in capitals: a shouted title, not a row of acronyms, when it
# holds a function word ("A TAGGER IS ALL IT TAKES").
_SHOUTED_RUN_RE = re.compile(
    r"(?<![A-Za-z0-9])[A-Z0-9]+(?![A-Za-z0-9])(?:[ \t:,\-]+[A-Z0-9]+(?![A-Za-z0-9])){2,}"
)


def line_key(line: str) -> str:
    """A line's comparison key: whitespace collapsed, digit runs masked as ``0``.

    Examples
    --------
    >>> line_key("  全文约需阅读 6.25 分钟 ")
    '全文约需阅读 0.0 分钟'
    """
    return _DIGITS_RE.sub("0", " ".join(line.split()))


def is_promotional(line: str) -> bool:
    """True for a byline, self-introduction or call to follow, like or share.

    Examples
    --------
    >>> is_promotional("大家好，我是QUUXNLP；"), is_promotional("欢迎关注微信公众号")
    (True, True)
    >>> is_promotional("模型更关注局部信息")
    False
    """
    if _promo_re().search(line):
        return True
    return bool(_BYLINE_HINT_RE.search(line)) and any(p.search(line) for p in _BYLINE_RES)


def is_code_like(line: str) -> bool:
    """True for a line that reads as code: assignments, calls, snake_case names.

    Examples
    --------
    >>> is_code_like("tok2idx, _ = build_vocab(vocab_path)")
    True
    >>> is_code_like("ESIM 有 Input Encoding 层")
    False
    """
    return bool(_CODE_RE.search(line))


def byline_handles(texts: Iterable[str], memo=None) -> frozenset[str]:
    """Normalised names found in bylines and self-introductions.

    ``memo`` (a :class:`graph.runner.ResultStore`, or anything with its ``get`` and
    ``put``) keeps each text's names between builds.

    Examples
    --------
    >>> lines = ["大家好，我是QUUXNLP；", "PTMs - FooBar张三的文章 - 知乎", "@nlp_fan"]
    >>> sorted(byline_handles(lines))
    ['foobar', 'foobar张三', 'nlpfan', 'quuxnlp']
    """
    handles: set[str] = set()
    for text in texts:
        if memo is None:
            handles.update(_text_handles(text))
        else:
            key = content_key(text)
            handles.update(remembered(memo, "byline", key, lambda text=text: _text_handles(text)))
    return frozenset(handles)


def _text_handles(text: str) -> tuple[str, ...]:
    """The byline names of one text, sorted."""
    if not _BYLINE_HINT_RE.search(text):
        return ()
    handles = set()
    for pattern in _BYLINE_RES:
        for match in pattern.finditer(text):
            name = match.group("name").lstrip("@")
            key = normalize_label(name)
            if len(key) >= 2:
                handles.add(key)
    return tuple(sorted(handles))


def _copy_groups(line_sets: Mapping[str, set[str]]) -> dict[str, str]:
    """Map each document to a representative of its group of copies.

    Two documents are copies when the long lines they share make up
    :data:`COPY_OVERLAP` of the smaller one's long lines (a re-publication,
    or a compilation holding the other), and are :data:`COPY_MIN_SHARED`
    lines or more, or all of them (a short footer does not make two short
    notes copies).
    """
    long_sets = {p: {k for k in s if len(k) >= COPY_LINE_MIN_CHARS} for p, s in line_sets.items()}
    holders: dict[str, list[str]] = defaultdict(list)
    for path, keys in long_sets.items():
        for key in keys:
            holders[key].append(path)
    shared: dict[tuple[str, str], int] = defaultdict(int)
    for paths in holders.values():
        if 2 <= len(paths) <= COPY_LINE_MAX_DOCS:
            paths = sorted(paths)
            for i, first in enumerate(paths):
                for second in paths[i + 1 :]:
                    shared[first, second] += 1
    parent = {path: path for path in line_sets}

    def root(path: str) -> str:
        while parent[path] != path:
            parent[path] = parent[parent[path]]
            path = parent[path]
        return path

    for (first, second), count in shared.items():
        smaller = min(len(long_sets[first]), len(long_sets[second]))
        if count >= COPY_OVERLAP * smaller and (count >= COPY_MIN_SHARED or count == smaller):
            parent[root(first)] = root(second)
    return {path: root(path) for path in line_sets}


def boilerplate_lines(
    texts: Mapping[str, str], min_sources: int = BOILERPLATE_MIN_SOURCES
) -> frozenset[str]:
    """Keys (:func:`line_key`) of lines repeated across unrelated documents.

    A line counts once per group of copies (re-published articles and the
    compilations that hold them count as one source); it is boilerplate
    when ``min_sources`` groups or more hold it.

    Parameters
    ----------
    texts : mapping of str to str
        Document text by path.
    min_sources : int
        Groups of documents a line must occur in.

    Returns
    -------
    frozenset of str
        The boilerplate line keys.

    Examples
    --------
    >>> text = "Topic {0} is about thing{1}.\\n\\n阅读 {0}.5 分钟"
    >>> docs = {f"{i}.md": text.format(i, "x" * i) for i in range(3)}
    >>> sorted(boilerplate_lines(docs))
    ['阅读 0.0 分钟']
    """
    line_sets = {
        path: {key for key in map(line_key, text.split("\n")) if key}
        for path, text in texts.items()
    }
    group = _copy_groups(line_sets)
    sources: dict[str, set[str]] = defaultdict(set)
    for path, keys in line_sets.items():
        for key in keys:
            sources[key].add(group[path])
    return frozenset(key for key, groups in sources.items() if len(groups) >= min_sources)


def evidence_text(text: str, boilerplate: frozenset[str] = frozenset()) -> str:
    """``text`` with what is no evidence of a concept blanked out (offsets kept).

    Blanked: LaTeX formulas, English sentences in capitals, boilerplate
    lines, promotional or byline lines and code-like lines; every other
    character stays where it was (:func:`evidence_blanks` says which).

    Examples
    --------
    >>> evidence_text("SiamGRU 模型\\n我是QUUXNLP\\n$PE_{t}$ 和 ESIM") == (
    ...     "SiamGRU 模型\\n" + " " * 9 + "\\n" + " " * 8 + " 和 ESIM")
    True
    """
    return blank_out(text, evidence_blanks(text, boilerplate))


def evidence_blanks(text: str, boilerplate: frozenset[str] = frozenset()) -> list[tuple[int, int]]:
    """The ``(start, end)`` spans of ``text`` that :func:`evidence_text` blanks, sorted and disjoint.

    No span holds a line break, so blanking keeps the lines. The spans are what a
    build keeps between runs: a few per text, where the blanked text is as long as the text.

    Examples
    --------
    >>> evidence_blanks("ok $a\\nb$ ok")
    []
    >>> evidence_blanks("x $$a\\nb$$ y")
    [(2, 5), (6, 9)]
    """
    spans: list[tuple[int, int]] = []
    for match in _MATH_RE.finditer(text):
        start = match.start()
        for piece in match.group().split("\n"):
            if piece:
                spans.append((start, start + len(piece)))
            start += len(piece) + 1
    function_words = term_set("english_function_words")
    for run in _SHOUTED_RUN_RE.finditer(text):
        if function_words.intersection(re.findall(r"[a-z]+", run.group().lower())):
            spans.append((run.start(), run.end()))
    offset = 0
    for line in text.split("\n"):
        end = offset + len(line)
        if line.strip() and (
            line_key(line) in boilerplate or is_promotional(line) or is_code_like(line)
        ):
            spans.append((offset, end))
        offset = end + 1
    return _merged(spans)


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted spans with overlapping or touching ones joined."""
    merged: list[tuple[int, int]] = []
    for lo, hi in sorted(spans):
        if merged and lo <= merged[-1][1]:
            if hi > merged[-1][1]:
                merged[-1] = (merged[-1][0], hi)
        else:
            merged.append((lo, hi))
    return merged


def blank_out(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """``text`` with each of the sorted, disjoint ``spans`` replaced by as many spaces.

    Examples
    --------
    >>> blank_out("abcdef", [(1, 3), (4, 5)])
    'a  d f'
    """
    pieces = []
    pos = 0
    for lo, hi in spans:
        pieces.append(text[pos:lo])
        pieces.append(" " * (hi - lo))
        pos = hi
    pieces.append(text[pos:])
    return "".join(pieces)


# ------------------------------------------------------------------ units and numbers


@cache
def _quantity_re() -> re.Pattern[str]:
    """Numbers with the unit or measure word after them ("3分钟", "6.25 分钟", "一万字")."""
    return re.compile(
        rf"(?<![A-Za-z\d.])\d+(?:\.\d+)?\s*(?:{alternation('units')}|%|％)"
        rf"|[{char_class('cjk_numerals')}]+(?:{alternation('word_units')})"
        r"|(?<![A-Za-z\d.])\d+(?:\.\d+)?\s*(?:ms|min|mins|minutes?|hours?|seconds?|words?|GB|MB)\b"
    )


def strip_quantities(text: str) -> str:
    """Remove numbers together with their unit ("5分钟看懂" -> "看懂").

    Examples
    --------
    >>> strip_quantities("5分钟看懂Transformer"), strip_quantities("全文约需阅读 6.25 分钟")
    ('看懂Transformer', '全文约需阅读 ')
    """
    return _quantity_re().sub("", text)


def follows_number(text: str, start: int) -> bool:
    """True when ``text[start:]`` comes right after a number (spaces allowed between).

    Section numbers opening a line ("2.4 Data Filtering ...") are no
    quantity.

    Examples
    --------
    >>> follows_number("阅读 6.25 分钟", 8), follows_number("三分钟", 1)
    (True, True)
    >>> follows_number("FastBERT", 0)
    False
    >>> follows_number("x\\n2.4 Data Filtering", 6), follows_number("3分钟", 1)
    (False, True)
    """
    at = start - 1
    while at >= 0 and text[at] in " \t":
        at -= 1
    if at < 0 or not (text[at].isdigit() or text[at] in term_set("cjk_numerals")):
        return False
    if at == start - 1:
        return True  # glued to the number: "3分钟"
    while at >= 0 and (text[at].isdigit() or text[at] == "."):
        at -= 1
    return not (at < 0 or text[at] == "\n")  # a section number opens the line


# ------------------------------------------------------------------ ontology coverage, examples

EXAMPLE_CHARS = 160
_SENTENCE_END_RE = re.compile(r"[。！？!?；;\n]")


def covered_ranges(mentions: Sequence[Mention]) -> list[tuple[int, int]]:
    """Sorted text ranges of ontology mentions (title-only mentions excluded)."""
    return sorted((m.start, m.end) for m in mentions if m.end > m.start)


def covered_share(covered: list[tuple[int, int]], start: int, end: int) -> float:
    """The share of ``text[start:end]`` that the ranges ``covered`` cover.

    Examples
    --------
    >>> covered_share([(0, 3), (5, 6)], 2, 6)
    0.5
    """
    at = bisect.bisect_left(covered, (end, end))
    inside = 0
    while at > 0:
        at -= 1
        lo, hi = covered[at]
        if hi <= start:
            if hi < start - 64:  # mentions are short; nothing further left reaches here
                break
            continue
        inside += min(hi, end) - max(lo, start)
    return inside / max(end - start, 1)


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence around ``text[start:end]``, trimmed to :data:`EXAMPLE_CHARS`.

    Examples
    --------
    >>> sentence_around("前一句。SiamGRU 很快。后一句", 4, 11)
    'SiamGRU 很快。'
    """
    lo = max((m.end() for m in _SENTENCE_END_RE.finditer(text, 0, start)), default=0)
    hit = _SENTENCE_END_RE.search(text, end)
    hi = hit.end() if hit else len(text)
    sentence = " ".join(text[lo:hi].split())
    if len(sentence) > EXAMPLE_CHARS:
        offset = max(0, start - lo - EXAMPLE_CHARS // 2)
        sentence = "…" + sentence[offset : offset + EXAMPLE_CHARS] + "…"
    return sentence
