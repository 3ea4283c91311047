"""Markdown parsing: links, images, headings, bold texts and readable prose.

One public function, :func:`parse_markdown`, turns a Markdown string into a
:class:`~graph.models.ParsedMarkdown`. It reads the event stream of pyromark
(pulldown-cmark: CommonMark plus tables and strikethrough, no linkify), with
byte ranges for line numbers, into a :class:`graph.workspace.collect.Collector`
(raw HTML, loose links, prose). Nothing inside fenced, indented or inline code
becomes a link, an image or prose.

The walk gives what nlpmap's earlier markdown-it-py walk gave (a test compares
both on every text of the test suite and the notes): the same prose, the same
links and kinds, the same line numbers (a link's line is its block's first line
plus the line breaks before it), single ``~`` left as text, ``javascript:``,
``vbscript:``, ``file:`` and ``data:`` (but images) destinations dropped. The
article pages are still rendered by markdown-it-py (``webapp.render``).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

import pyromark

from graph.models import Heading, Image, ParsedMarkdown
from graph.workspace.collect import Collector, PendingLink, html_events, squash

__all__ = ["MarkdownParser", "make_parser", "parse_markdown"]

# Destinations a link may not have (markdown-it's validateLink): dropped, as an XSS guard.
_BAD_PROTO_RE = re.compile(r"^(vbscript|javascript|file|data):")
_GOOD_DATA_RE = re.compile(r"^data:image\/(gif|png|jpeg|webp);")

# Inline events (the rest are blocks): they are gathered per block, then read.
_INLINE_TAGS = frozenset({"Emphasis", "Strong", "Strikethrough", "Link", "Image"})
_INLINE_EVENTS = frozenset({"Text", "Code", "InlineHtml", "InlineMath", "FootnoteReference"})
_BREAKS = frozenset({"SoftBreak", "HardBreak"})


@dataclass(frozen=True)
class MarkdownParser:
    """The parser's settings: pyromark's options (CommonMark, tables, strikethrough)."""

    options: int = pyromark.Options.ENABLE_TABLES | pyromark.Options.ENABLE_STRIKETHROUGH


def make_parser() -> MarkdownParser:
    """Return the parser settings :func:`parse_markdown` uses (no linkify, HTML read).

    Link destinations are kept as written (no percent-encoding), so
    :attr:`Link.href` is the raw target.
    """
    return MarkdownParser()


def parse_markdown(text: str, parser: MarkdownParser | None = None) -> ParsedMarkdown:
    """Parse a Markdown document.

    Parameters
    ----------
    text : str
        The Markdown source.
    parser : MarkdownParser, optional
        Settings from :func:`make_parser` (the defaults when None).

    Returns
    -------
    ParsedMarkdown
        Links (inline, reference, autolink, raw HTML), images (Markdown and
        ``<img>``), headings, bold texts and the readable prose. Every link
        carries its 1-based source line and the nearest heading above it.

    Examples
    --------
    >>> parsed = parse_markdown("# BERT\\n\\nSee [TinyBERT](tinybert.md).")
    >>> parsed.links[0].href, parsed.links[0].line, parsed.links[0].section
    ('tinybert.md', 3, 'BERT')
    >>> parsed.text
    'BERT\\n\\nSee TinyBERT.'
    """
    options = (parser or _DEFAULT).options
    if "\x00" in text:
        text = text.replace("\x00", "\ufffd")  # as CommonMark says (markdown-it does it)
    walker = _Walker(text)
    walker.walk(pyromark.events_with_range(text, options=options))
    return walker.result()


_DEFAULT = MarkdownParser()


# --------------------------------------------------------------------------- HTML


class _Walker(Collector):
    """Walk pyromark's events once, collecting links, images, headings, prose.

    Block events delimit the inline runs (a paragraph, a heading, a table cell,
    the text of a tight list item); each run is gathered, then read as one
    inline token: texts merged, links, images, bold, breaks.
    """

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text
        self.source = b""  # the UTF-8 bytes, encoded when a range is read
        self.line_starts: list[int] | None = None
        self.definitions: frozenset[str] | None = None

    # -- positions

    def _bytes(self) -> bytes:
        if not self.source:
            self.source = self.text.encode("utf-8", "surrogatepass")
        return self.source

    def _line(self, offset: int) -> int:
        """The 1-based line of a byte offset."""
        if self.line_starts is None:
            source = self._bytes()
            starts = [0]
            find = source.find
            at = find(b"\n")
            while at >= 0:
                starts.append(at + 1)
                at = find(b"\n", at + 1)
            self.line_starts = starts
        return bisect.bisect_right(self.line_starts, offset)

    def _slice(self, start: int, end: int) -> str:
        return self._bytes()[start:end].decode("utf-8", "surrogatepass")

    # -- blocks

    def walk(self, events) -> None:
        run: list = []  # the inline events of the current block
        run_line = 0  # the line of the block holding the run (0: the run's first event)
        heading = 0
        code = 0
        html: list[str] | None = None
        html_line = 0
        for event, span in events:
            if type(event) is str:
                name, value = event, None
            else:
                ((name, value),) = event.items()
            if name == "Text":  # the most frequent event
                if not code:
                    if not run and not run_line:
                        run_line = self._line(span["start"])  # a tight list item's text
                    run.append((name, value, span))
                continue
            if name == "Start":
                tag = value if type(value) is str else next(iter(value))
                if tag in _INLINE_TAGS:
                    if not code:
                        if not run and not run_line:
                            run_line = self._line(span["start"])  # a tight list item's text
                        run.append((name, value, span))
                    continue
                if run:
                    self._read_run(run, run_line, heading)
                    run = []
                run_line = 0
                if tag == "Paragraph" or tag == "TableCell":
                    run_line = self._line(span["start"])
                elif tag == "Heading":
                    heading = int(value["Heading"]["level"][1:])
                    run_line = self._line(span["start"])
                elif tag == "CodeBlock":
                    code += 1
                elif tag == "HtmlBlock":
                    html, html_line = [], self._line(span["start"])
                elif tag == "Table":
                    self._table = []
                elif tag == "TableHead" or tag == "TableRow":
                    self._row = []
            elif name == "End":
                tag = value if type(value) is str else next(iter(value))
                if tag in _INLINE_TAGS:
                    if not code:
                        run.append((name, value, span))
                    continue
                if tag == "CodeBlock":
                    code -= 1
                    continue
                if tag == "TableCell":
                    self._read_run(run, run_line, heading, cell=True)
                    run = []
                    run_line = 0
                    continue
                if run or tag == "Heading":  # an empty heading is a heading still
                    self._read_run(run, run_line, heading)
                    run = []
                run_line = 0
                if tag == "Heading":
                    heading = 0
                elif tag == "HtmlBlock":
                    prose = self.html_block("".join(html or ()), html_line)
                    if prose:
                        self.blocks.append(prose)
                    html = None
                elif tag == "TableHead" or tag == "TableRow":
                    self.end_row()
                elif tag == "Table":
                    self.end_table()
            elif code:
                continue  # nothing in code counts
            elif name == "Html":
                if html is not None:
                    html.append(value)
            elif name in _INLINE_EVENTS or name in _BREAKS:
                if not run and not run_line:
                    run_line = self._line(span["start"])  # a tight list item's text
                run.append((name, value, span))
            elif run:  # a rule, a task marker...
                self._read_run(run, run_line, heading)
                run = []
                run_line = 0
        if run:
            self._read_run(run, run_line, heading)

    def _read_run(self, run: list, line: int, heading: int, cell: bool = False) -> None:
        """Read one block's inline events (one markdown-it inline token)."""
        if len(run) == 1 and not heading and run[0][0] == "Text" and run[0][1].strip():
            prose = self.prose(self._loose_links(run[0][1], line))  # plain text: the usual case
            if cell and self._row is not None:
                self._row.append(prose)
            elif prose:
                self.blocks.append(prose)
            return
        run = self._merged(run)
        while run and self._blank(run[0]):
            del run[0]  # markdown-it strips a block's content as Python does (NBSP, U+3000)
        if heading:
            display = squash(self._plain_text(run))
            self.headings.append(Heading(level=heading, text=display, line=line))
            self.section = display
        prose = self._inline(run, line)
        if cell and self._row is not None:
            self._row.append(prose)
        elif prose:
            self.blocks.append(prose)

    def _blank(self, item: tuple) -> bool:
        """True for a whitespace text or a line break made of whitespace."""
        name, value, span = item
        if name == "Text":
            return not value.strip() and not self._slice(span["start"], span["end"]).strip()
        if name == "SoftBreak":
            return True
        return name == "HardBreak" and self._bytes()[span["start"] : span["start"] + 1] != b"\\"

    # -- inline

    def _merged(self, run: list) -> list:
        """The run with adjacent texts joined (as markdown-it's text tokens), images folded.

        An image becomes one ``("Image", (src, alt), None)`` item: nothing inside it is read.
        A single ``~`` pair (not strikethrough in markdown-it) stays text.
        """
        out: list = []
        texts: list[str] = []
        first = last = None  # the source range of the texts being joined
        i, n = 0, len(run)
        while i < n:
            name, value, span = run[i]
            if name == "Text":
                texts.append(value)
                first = span if len(texts) == 1 else first
                last = span
                i += 1
                continue
            if name == "Start" or name == "End":
                tag = value if type(value) is str else next(iter(value))
                if tag == "Strikethrough" and self._single_tilde(span):
                    texts.append("~")
                    first = span if len(texts) == 1 else first
                    last = span
                    i += 1
                    continue
                if name == "Start" and (tag == "Link" or tag == "Image"):
                    target = value[tag]
                    href = target["dest_url"]
                    if target["link_type"] == "Email":
                        href = f"mailto:{href}"
                    if not _valid_link(href):  # no link in markdown-it: its source is text
                        texts.append(self._slice(span["start"], span["end"]))
                        first = span if len(texts) == 1 else first
                        last = span
                        i = _skip_to_end(run, i, tag)
                        continue
                if tag == "Image" and name == "Start":
                    if texts:
                        out.append(("Text", "".join(texts), _joined(first, last)))
                        texts = []
                    end = _skip_to_end(run, i, "Image")
                    out.append(("Image", self._image(run, i, end), None))
                    i = end
                    continue
            if texts:
                out.append(("Text", "".join(texts), _joined(first, last)))
                texts = []
            out.append(run[i])
            i += 1
        if texts:
            out.append(("Text", "".join(texts), _joined(first, last)))
        return out

    def _single_tilde(self, span: dict) -> bool:
        """True when a strikethrough is written ``~x~`` (one tilde on each side)."""
        source = self._bytes()
        return source[span["start"] + 1 : span["start"] + 2] != b"~"

    def _image(self, run: list, start: int, end: int) -> tuple[str, str]:
        """``(src, alt)`` of the image opened at ``run[start]``; the alt is its label's source."""
        _, value, span = run[start]
        src = value["Image"]["dest_url"]
        inner = [item[2] for item in run[start + 1 : end - 1] if item[2] is not None]
        label_end = max((s["end"] for s in inner), default=span["start"] + 2)
        return src, squash(self._slice(span["start"] + 2, label_end))

    def _plain_text(self, run: list) -> str:
        """The visible text of a heading's events, inline code included."""
        parts: list[str] = []
        autolink = False
        for name, value, _ in run:
            if name == "Text":
                parts.append(_link_text(value) if autolink else value)
            elif name == "Code":
                parts.append(value)
            elif name in _BREAKS:
                parts.append(" ")
            elif name == "InlineHtml":
                parts.extend(event[1] for event in html_events(value) if event[0] == "text")
            elif name == "Start" and type(value) is dict and "Link" in value:
                autolink = value["Link"]["link_type"] in ("Autolink", "Email")
            elif name == "End" and value == "Link":
                autolink = False
        return "".join(parts)

    def _inline(self, run: list, line: int) -> str:
        """Collect links, images and bold texts of one block's events; return its prose."""
        out: list[str] = []
        link: PendingLink | None = None  # a Markdown link being read
        html_link: PendingLink | None = None  # a raw <a href> being read
        in_autolink = False
        strong: list[list[str]] = []
        for name, value, span in run:
            piece = ""
            if name == "Text":
                piece = self._loose_links(value, line)
                if in_autolink:
                    piece = ""
            elif name in _BREAKS:
                piece = "\n"
                line += 1 if line else 0
            elif name == "Code":
                for parts in strong:
                    parts.append(value)
                continue
            elif name == "Start":
                tag = value if type(value) is str else next(iter(value))
                if tag == "Link":
                    target = value["Link"]
                    kind = target["link_type"]
                    if kind == "Autolink" or kind == "Email":
                        in_autolink = True
                        href = target["dest_url"]
                        link = PendingLink(
                            href if kind == "Autolink" else f"mailto:{href}", line, "autolink"
                        )
                    else:
                        href = target["dest_url"]
                        link = PendingLink(href, line, self._link_kind(href, kind, run))
                elif tag == "Strong":
                    strong.append([])
            elif name == "End":
                if value == "Link":
                    in_autolink = False
                    if link is not None:
                        text = link.href if link.kind == "autolink" else squash("".join(link.parts))
                        self._add_link(link, text)
                    link = None
                elif value == "Strong" and strong:
                    bold = squash("".join(strong.pop()))
                    if bold:
                        self.bold.append(bold)
            elif name == "Image":
                src, alt = value
                if src:
                    self.images.append(Image(src=src, alt=alt, line=line))
            elif name == "InlineHtml":
                html_link, piece = self._inline_html(value, line, html_link)
                line += value.count("\n") if line else 0
            if piece:
                self.take(piece, (link, html_link), strong, out)
        return self.inline_prose(html_link, out)

    def _link_kind(self, href: str, link_type: str, run: list) -> str:
        """``reference`` when ``href`` comes from a definition and is not written inline."""
        if link_type in ("Reference", "Collapsed", "Shortcut"):
            known = True
        else:
            if self.definitions is None:
                self.definitions = _definitions(self.text)
            known = href in self.definitions
        if known and not re.search(r"\]\(\s*<?" + re.escape(href), self._run_source(run)):
            return "reference"
        return "inline"

    def _run_source(self, run: list) -> str:
        """The Markdown source of a block's inline events."""
        spans = [item[2] for item in run if item[2] is not None]
        if not spans:
            return ""
        return self._slice(min(s["start"] for s in spans), max(s["end"] for s in spans))


# --------------------------------------------------------------------------- helpers


def _joined(first: dict, last: dict) -> dict:
    """The source range from ``first`` to ``last``."""
    return {"start": first["start"], "end": last["end"]}


def _skip_to_end(run: list, start: int, tag: str) -> int:
    """The index after the ``End`` of the ``tag`` opened at ``run[start]``."""
    depth = 0
    for i in range(start, len(run)):
        name, value, _ = run[i]
        if name == "Start" and type(value) is dict and tag in value:
            depth += 1
        elif name == "End" and value == tag:
            depth -= 1
            if depth == 0:
                return i + 1
    return len(run)


def _valid_link(url: str) -> bool:
    """False for the destinations markdown-it refuses (``javascript:`` and the like)."""
    url = url.strip().lower()
    return bool(_GOOD_DATA_RE.search(url)) if _BAD_PROTO_RE.search(url) else True


def _definitions(text: str) -> frozenset[str]:
    """The destinations of the document's link reference definitions."""
    if "]:" not in text:
        return frozenset()
    return frozenset(
        d["dest"] for d in pyromark.reference_definitions(text).values() if _valid_link(d["dest"])
    )


def _link_text(url: str) -> str:
    """An autolink's shown text, as markdown-it decodes it (percent-escapes, punycode)."""
    if "%" not in url and "xn--" not in url.lower():
        return url
    from markdown_it.common.normalize_url import normalizeLinkText

    return normalizeLinkText(url)
