"""The markdown-it-py walk nlpmap used before pyromark: the reference its parser is checked against.

Only the token walk lives here; the HTML reading, loose links and prose cleaning are
those of :mod:`graph.workspace.collect` (they never depended on the parser).
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.token import Token

from graph.models import Heading, Image, ParsedMarkdown
from graph.workspace import collect as fast


def make_parser() -> MarkdownIt:
    """markdown-it: CommonMark, tables, strikethrough, no linkify, hrefs as written."""
    md = MarkdownIt("commonmark", {"linkify": False}).enable(["table", "strikethrough"])
    md.normalizeLink = lambda url: url  # type: ignore[method-assign]
    return md


def parse_markdown(text: str, parser: MarkdownIt | None = None) -> ParsedMarkdown:
    """What nlpmap's parse_markdown returned with markdown-it-py."""
    md = parser if parser is not None else make_parser()
    env: dict = {}
    tokens = md.parse(text, env)
    walker = _TokenWalker(frozenset(ref["href"] for ref in env.get("references", {}).values()))
    walker.walk_tokens(tokens)
    return walker.result()


class _TokenWalker(fast.Collector):
    """The markdown-it token walk (HTML, loose links and prose by graph's Collector)."""

    def __init__(self, ref_hrefs: frozenset[str]) -> None:
        super().__init__()
        self.ref_hrefs = ref_hrefs

    def walk_tokens(self, tokens: list[Token]) -> None:
        heading_level = 0
        for token in tokens:
            kind = token.type
            if kind == "heading_open":
                heading_level = int(token.tag[1:])
            elif kind == "heading_close":
                heading_level = 0
            elif kind == "inline":
                line = token.map[0] + 1 if token.map else 0
                if heading_level:
                    display = fast.squash(_plain_text(token.children or []))
                    self.headings.append(Heading(level=heading_level, text=display, line=line))
                    self.section = display
                prose = self._token_inline(token, line)
                if self._row is not None:
                    self._row.append(prose)
                elif prose:
                    self.blocks.append(prose)
            elif kind == "html_block":
                prose = self.html_block(token.content, token.map[0] + 1 if token.map else 0)
                if prose:
                    self.blocks.append(prose)
            elif kind == "table_open":
                self._table = []
            elif kind == "tr_open":
                self._row = []
            elif kind == "tr_close":
                self.end_row()
            elif kind == "table_close":
                self.end_table()

    def _token_inline(self, token: Token, line: int) -> str:
        out: list[str] = []
        link = html_link = None
        in_autolink = False
        strong: list[list[str]] = []
        for child in token.children or []:
            kind = child.type
            piece = ""
            if kind == "text":
                piece = "" if in_autolink else self._loose_links(child.content, line)
                if in_autolink:
                    self._loose_links(child.content, line)
            elif kind in ("softbreak", "hardbreak"):
                piece = "\n"
                line += 1 if line else 0
            elif kind == "code_inline":
                for parts in strong:
                    parts.append(child.content)
                continue
            elif kind == "link_open":
                href = str(child.attrs.get("href", ""))
                if child.markup == "autolink":
                    in_autolink = True
                    link = fast.PendingLink(href, line, "autolink")
                else:
                    known = href in self.ref_hrefs
                    inline = re.search(r"\]\(\s*<?" + re.escape(href), token.content)
                    kind_ = "reference" if known and not inline else "inline"
                    link = fast.PendingLink(href, line, kind_)
            elif kind == "link_close":
                in_autolink = False
                if link is not None:
                    text = (
                        link.href if link.kind == "autolink" else fast.squash("".join(link.parts))
                    )
                    self._add_link(link, text)
                link = None
            elif kind == "image":
                src = str(child.attrs.get("src", ""))
                if src:
                    self.images.append(Image(src=src, alt=fast.squash(child.content), line=line))
            elif kind == "html_inline":
                html_link, piece = self._inline_html(child.content, line, html_link)
                line += child.content.count("\n") if line else 0
            elif kind == "strong_open":
                strong.append([])
            elif kind == "strong_close" and strong:
                bold = fast.squash("".join(strong.pop()))
                if bold:
                    self.bold.append(bold)
            if piece:
                self.take(piece, (link, html_link), strong, out)
        return self.inline_prose(html_link, out)


def _plain_text(children: list[Token]) -> str:
    parts: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "html_inline":
            parts.extend(e[1] for e in fast.html_events(child.content) if e[0] == "text")
    return "".join(parts)
