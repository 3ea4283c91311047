"""An article's own title: front matter, file name, first heading or folder.

The hub's link text comes first, but that is :mod:`graph.links` (it needs the hub's links
resolved); here is the rest of the order: the front-matter ``title``; the file name
(without the page id a Notion export appends, a Logseq namespace with its ``/``, a GitHub
wiki page's dashes as spaces), unless it says nothing (``README``, ``index``, ``_index``, a
date or a date slug such as ``2018-06-24-attention``); then the first heading; then the
folder's name (or, for a date slug, its words).
"""

from __future__ import annotations

import posixpath
import re

from graph.models import Document

__all__ = ["own_title", "page_name", "says_nothing", "without_export_id"]

_PAGE_NAMES = frozenset({"readme", "index", "_index", "home"})
_DATE_RE = re.compile(r"^(\d{4})[-_.](\d{1,2})[-_.](\d{1,2})(?:[-_.\s]+(.*))?$")
# Notion exports end every page and folder name with the page's id: ``BERT 1a2b...(32 hex)``
_EXPORT_ID_RE = re.compile(r"(?<=\S)\s+[0-9a-f]{32}$")


def without_export_id(name: str) -> str:
    """A file or folder name without the page id a Notion export appends to it.

    Examples
    --------
    >>> without_export_id("BERT 0a1b2c3d4e5f60718293a4b5c6d7e8f9"), without_export_id("BERT")
    ('BERT', 'BERT')
    """
    return _EXPORT_ID_RE.sub("", name)


def page_name(stem: str) -> str:
    """A file name as the page it names: without a Notion page id, a Logseq namespace
    (``NLP___NER``, before Logseq 0.8.9 ``NLP%2FNER``) as ``NLP/NER``.

    Examples
    --------
    >>> page_name("NLP___NER"), page_name("NLP%2FNER"), page_name("BERT 0a1b2c3d4e5f60718293a4b5c6d7e8f9")
    ('NLP/NER', 'NLP/NER', 'BERT')
    """
    return without_export_id(stem).replace("___", "/").replace("%2F", "/").replace("%2f", "/")


def says_nothing(name: str) -> bool:
    """True when a file name tells nothing of its content.

    Examples
    --------
    >>> [says_nothing(n) for n in ("README", "_index", "2018-06-24-attention", "BERT")]
    [True, True, True, False]
    """
    return name.lower() in _PAGE_NAMES or _DATE_RE.match(name) is not None


def own_title(doc: Document, *, dashes_are_spaces: bool = False) -> tuple[str, str]:
    """The title of a parsed document without the hub, and where it comes from.

    With ``dashes_are_spaces`` (a GitHub wiki's pages, ``Knowledge-Distillation.md``), a
    title from the file name has spaces for its dashes.

    Returns
    -------
    tuple of (str, str)
        The title and its source: ``front matter``, ``file name``, ``heading`` or ``folder``.
    """
    if doc.meta.title:
        return doc.meta.title, "front matter"
    name = posixpath.basename(doc.path)
    stem = page_name(name.rsplit(".", 1)[0] if "." in name else name)
    if not says_nothing(stem):
        return (stem.replace("-", " ") if dashes_are_spaces else stem), "file name"
    for heading in doc.markdown.headings:
        if heading.text.strip():
            return heading.text.strip(), "heading"
    date = _DATE_RE.match(stem)
    if date and date.group(4):
        return " ".join(re.split(r"[-_\s]+", date.group(4))).strip(), "file name"
    folder = without_export_id(posixpath.basename(posixpath.dirname(doc.corpus_path)))
    return (folder or doc.corpus or stem), "folder"
