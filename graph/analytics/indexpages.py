"""Index pages: hubs, folder READMEs and tag pages that mostly list links.

A page is an index page when it makes references (links and bare URLs) and has
little prose of its own per reference: its own text is what is left after the
anchor texts. A reference counts fully when it is listed, a bare URL or a link
on a line of its own (a list item, "See also: [[a]] and [[b]]"); a link inside a
sentence ("LoRA is one of the [[peft]] methods, next to adapters") counts for
less, so a short note that links as it explains stays an article. The name of
a file is never enough (a README can be an article), but a page whose own text
is nearly empty and whose front matter or name marks it as a listing (a tag,
category or archive page) is one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

    from graph.models import ParsedMarkdown

__all__ = ["index_pages", "is_index_page", "listed_references"]

MIN_REFERENCES = 1  # a page with no reference at all lists nothing
PROSE_PER_REFERENCE = 80  # characters of own text per listed reference below which a page lists
PROSE_PER_INLINE = 50  # ... per reference of any kind (inline links in sentences too)
THIN_PROSE = 60  # characters: a page with less of its own is empty around its listing
LINE_PROSE = 30  # characters of its line besides anchor texts from which a link is inline
LISTING_WORDS = frozenset({"tag", "tags", "category", "categories", "archive", "archives"})


def listed_references(markdown: ParsedMarkdown) -> int:
    r"""The references of a page that are listed: its bare URLs, and its links whose line of
    the prose holds fewer than :data:`LINE_PROSE` other characters (a link whose anchor text
    is not found in the prose counts as listed).

    Examples
    --------
    >>> from graph.workspace.markdown import parse_markdown
    >>> listed_references(parse_markdown("- [BERT](bert.md)\n- [GPT](gpt.md)\n"))
    2
    >>> listed_references(parse_markdown("It is one of the [PEFT](peft.md) methods, next to adapters."))
    0
    """
    text = markdown.text
    anchored: dict[int, int] = {}  # line start -> anchor characters on it
    found: list[int | None] = []
    cursor = 0
    for link in markdown.links:
        at = text.find(link.text, cursor) if link.text else -1
        if at < 0:
            found.append(None)
            continue
        cursor = at + len(link.text)
        start = text.rfind("\n", 0, at) + 1
        anchored[start] = anchored.get(start, 0) + len(link.text)
        found.append(start)
    listed = markdown.urls
    for start in found:
        if start is None:
            listed += 1
            continue
        end = text.find("\n", start)
        line = text[start : end if end >= 0 else len(text)]
        if len(line.strip()) - anchored[start] < LINE_PROSE:
            listed += 1
    return listed


def is_index_page(attrs: dict) -> bool:
    """Whether an article node's attributes (``refs``, ``prose_chars``, ``path``) say it lists links.

    Examples
    --------
    >>> is_index_page({"refs": 40, "prose_chars": 300, "path": "README.md"})
    True
    >>> is_index_page({"refs": 3, "prose_chars": 4000, "path": "bert.md"})
    False
    >>> is_index_page({"refs": 0, "prose_chars": 10, "path": "tags/attention.md"})
    True
    >>> is_index_page({"refs": 3, "listed_refs": 2, "prose_chars": 234, "path": "lora.md"})
    False
    """
    refs = int(attrs.get("refs", 0) or 0)
    prose = int(attrs.get("prose_chars", 0) or 0)
    listed = int(attrs.get("listed_refs", refs) or 0)  # graphs of older builds: all listed
    if refs >= MIN_REFERENCES and (
        prose < PROSE_PER_REFERENCE * listed or prose < PROSE_PER_INLINE * refs
    ):
        return True
    if prose >= THIN_PROSE:
        return False
    path = str(attrs.get("path", "")).lower()
    words = {part for piece in path.split("/") for part in piece.replace(".", " ").split()}
    layout = str(attrs.get("layout", "")).lower()
    return bool(words & LISTING_WORDS) or layout in LISTING_WORDS


def index_pages(G: nx.DiGraph) -> frozenset[str]:
    """The article nodes of ``G`` that are index pages (see :func:`is_index_page`)."""
    return frozenset(
        n for n, d in G.nodes(data=True) if d.get("kind") == "article" and is_index_page(d)
    )
