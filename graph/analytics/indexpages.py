"""Index pages: hubs, folder READMEs and tag pages that mostly list links.

A page is an index page when it makes several references (links and bare
URLs) and has little prose of its own per reference: its own text is what is
left after the anchor texts. The name of a file is never enough (a README can
be an article), but a page whose own text is nearly empty and whose front
matter or name marks it as a listing (a tag, category or archive page) is one.
"""

from __future__ import annotations

import networkx as nx

__all__ = ["index_pages", "is_index_page"]

MIN_REFERENCES = 1  # a page with no reference at all lists nothing
PROSE_PER_REFERENCE = 80  # characters of own text per reference below which a page lists
THIN_PROSE = 60  # characters: a page with less of its own is empty around its listing
LISTING_WORDS = frozenset({"tag", "tags", "category", "categories", "archive", "archives"})


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
    """
    refs = int(attrs.get("refs", 0) or 0)
    prose = int(attrs.get("prose_chars", 0) or 0)
    if refs >= MIN_REFERENCES and prose < PROSE_PER_REFERENCE * refs:
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
