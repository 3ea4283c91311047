"""Where a concept's names stand in an article's text: for highlighting and for snippets.

The graph says which concepts an article mentions (its ``mentions`` edges); a
:class:`NameMatcher` finds those concepts' names (label and aliases) in text, the way a
reader would spot them: case-insensitive, spaces, hyphens and underscores optional
between words (``layer-norm`` for ``Layer norm``), and a Latin name never inside a
longer Latin word (``BERT`` in ``Bert蒸馏`` but not in ``RoBERTa``). Code, URLs and link
targets are never searched: :func:`plain_text` keeps only the prose of a Markdown text.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

__all__ = ["NameMatcher", "PlainTexts", "Snippet", "plain_text", "snippet"]

_SEPARATORS = re.compile(r"[\s\-_]+")
_LATIN = re.compile(r"[A-Za-z0-9]")
#: Names shorter than this are not searched (one letter or digit matches everywhere).
MIN_NAME = 2


def name_key(text: str) -> str:
    """A name as matched: NFKC, case-folded, without spaces, hyphens or underscores."""
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", text).casefold())


def _pattern(name: str) -> str | None:
    """The regular expression of one name, None when it is too short to search."""
    parts = [re.escape(part) for part in _SEPARATORS.split(unicodedata.normalize("NFKC", name).strip()) if part]
    if not parts or len("".join(parts)) < MIN_NAME:
        return None
    body = r"[\s\-_]?".join(parts)
    head = r"(?<![A-Za-z0-9])" if _LATIN.match(name.strip()[0]) else ""
    tail = r"(?![A-Za-z0-9])" if _LATIN.match(name.strip()[-1]) else ""
    return head + body + tail


@dataclass(frozen=True)
class NameMatcher:
    """Finds the names of some concepts in text; ``owner`` maps a name key to its concept id."""

    regex: re.Pattern | None
    owner: dict

    @classmethod
    def from_names(cls, names: Iterable[tuple[str, str]]) -> NameMatcher:
        """A matcher of ``(concept id, name)`` pairs; a name two concepts share goes to the first."""
        owner: dict[str, str] = {}
        patterns: dict[str, str] = {}
        for concept, name in names:
            key = name_key(name)
            pattern = _pattern(name)
            if not key or pattern is None or key in owner:
                continue
            owner[key] = concept
            patterns[key] = pattern
        if not patterns:
            return cls(None, owner)
        ordered = sorted(patterns, key=len, reverse=True)  # the longest name wins at a position
        return cls(re.compile("|".join(patterns[key] for key in ordered), re.IGNORECASE), owner)

    def finditer(self, text: str) -> Iterator[tuple[int, int, str]]:
        """``(start, end, concept id)`` of every name found in ``text``, left to right."""
        if self.regex is None:
            return
        for match in self.regex.finditer(text):
            concept = self.owner.get(name_key(match.group()))
            if concept is not None:
                yield match.start(), match.end(), concept

    def split(self, text: str) -> list[tuple[str, str | None]]:
        """``text`` cut into ``(piece, concept id or None)``, the names standing alone."""
        if self.regex is None or not text.strip():
            return [(text, None)]
        pieces, at = [], 0
        for start, end, concept in self.finditer(text):
            if start > at:
                pieces.append((text[at:start], None))
            pieces.append((text[start:end], concept))
            at = end
        if at < len(text):
            pieces.append((text[at:], None))
        return pieces


@dataclass(frozen=True)
class Snippet:
    """A few words around one mention: ``before`` + ``match`` + ``after`` (plain text)."""

    before: str
    match: str
    after: str


def plain_text(markdown: str) -> str:
    """The prose of a Markdown text: no front matter, code, math, URLs, link targets or HTML tags."""
    from webapp.render import parse_markdown

    lines: list[str] = []
    for token in parse_markdown(markdown):
        if token.type != "inline" or not token.children:
            continue
        lines.append("".join(child.content for child in token.children if child.type == "text"))
    return "\n".join(line for line in lines if line.strip())


@dataclass
class PlainTexts:
    """The plain texts of files, kept by (path, modification time, size): a bounded cache.

    ``get(path, read)`` returns the kept text, or ``plain_text(read())`` once per file version.
    One lives in ``app.extensions`` (never a module global).
    """

    keep: int = 512
    _texts: OrderedDict = field(default_factory=OrderedDict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def get(self, path, read: Callable[[], str]) -> str:
        """The plain text of ``path`` (a :class:`pathlib.Path`); ``read()`` gives its Markdown."""
        stat = path.stat()
        key = (str(path), stat.st_mtime_ns, stat.st_size)
        with self._lock:
            if key in self._texts:
                self._texts.move_to_end(key)
                return self._texts[key]
        text = plain_text(read())
        with self._lock:
            self._texts[key] = text
            while len(self._texts) > self.keep:
                self._texts.popitem(last=False)
        return text


def snippet(text: str, matcher: NameMatcher, concept: str, width: int = 70) -> Snippet | None:
    """A mention of ``concept`` in plain ``text`` with ``width`` characters either side.

    The first mention after the first line (an article's title) when there is one, else the first.
    """
    first_line = text.find("\n")
    found = [(start, end) for start, end, owner in matcher.finditer(text) if owner == concept]
    if not found:
        return None
    start, end = next(((s, e) for s, e in found if first_line >= 0 and s > first_line), found[0])
    before = " ".join(text[max(0, start - width) : start].split())
    after = " ".join(text[end : end + width].split())
    if before and text[start - 1 : start].isspace():
        before += " "
    if after and text[end : end + 1].isspace():
        after = " " + after
    lead = "…" if start > width else ""
    trail = "…" if end + width < len(text) else ""
    return Snippet(lead + before, text[start:end], after + trail)
