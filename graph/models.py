"""Typed, immutable records passed between the library's modules.

Graph attributes stay scalar (or lists of strings for ``aliases``), so the
records here are what modules exchange, not what the graph stores.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Link:
    """One link found in a Markdown document.

    ``href`` is the raw target as written; ``text`` the anchor text;
    ``line`` the 1-based source line (0 when unknown); ``kind`` one of
    ``inline``, ``reference``, ``autolink``, ``html``; ``section`` the text
    of the nearest heading above the link ("" when none).
    """

    href: str
    text: str
    line: int = 0
    kind: str = "inline"
    section: str = ""


@dataclass(frozen=True)
class Image:
    """One image reference (Markdown image or raw ``<img src>``)."""

    src: str
    alt: str = ""
    line: int = 0


@dataclass(frozen=True)
class Heading:
    """One heading: level 1-6, plain text, 1-based line."""

    level: int
    text: str
    line: int = 0


@dataclass(frozen=True)
class ParsedMarkdown:
    """What :func:`graph.markdown.parse_markdown` finds in a document.

    ``text`` is the readable prose: no fenced or inline code, no URLs, no
    link targets or HTML attributes; headings and link texts included.
    Paragraphs are separated by blank lines. ``bold`` holds the texts of
    strong emphasis; ``urls`` counts the bare URLs dropped from the prose.
    """

    links: tuple[Link, ...] = ()
    images: tuple[Image, ...] = ()
    headings: tuple[Heading, ...] = ()
    text: str = ""
    bold: tuple[str, ...] = ()
    urls: int = 0


@dataclass(frozen=True)
class FrontMatter:
    """What a document's YAML (``---``) or TOML (``+++``) front matter says.

    ``title``, ``date`` (as written), ``slug`` and ``permalink`` ("" when
    absent); ``tags``, ``categories`` and ``aliases`` (Obsidian) as tuples.
    ``format`` is ``yaml``, ``toml``, ``logseq`` (page properties) or "" (no front matter).
    """

    title: str = ""
    date: str = ""
    tags: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    slug: str = ""
    permalink: str = ""
    format: str = ""


@dataclass(frozen=True)
class Document:
    """A Markdown file of the workspace: an article or the hub.

    ``path`` is relative to the workspace root, POSIX style, with its
    extension (``links/NLP_ability/深度学习自然语言处理/Bert/FastBert.md``);
    ``corpus`` the corpus name (``NLP_ability``; "" for the hub);
    ``corpus_path`` the path inside the corpus
    (``深度学习自然语言处理/Bert/FastBert.md``); ``title`` the hub's link
    text when the hub links the article, else the file name without
    extension; ``encoding`` the codec that decoded it.
    """

    path: str
    corpus: str
    corpus_path: str
    title: str
    kind: str  # "article" or "hub"
    markdown: ParsedMarkdown
    encoding: str = "utf-8"
    size: int = 0
    meta: FrontMatter = field(default_factory=FrontMatter)
    title_source: str = "file name"

    @property
    def node_id(self) -> str:
        """The id of this document's node in the graph."""
        return "hub" if self.kind == "hub" else f"article:{self.path}"

    @property
    def folder(self) -> str:
        """The folder of the article inside its corpus ("" at the top)."""
        head, _, _ = self.corpus_path.rpartition("/")
        return head


@dataclass(frozen=True)
class Workspace:
    """A read workspace.

    ``layout`` is ``links`` (a hub plus corpora under ``links/<corpus>/``)
    or ``plain`` (every Markdown file of the folder is an article of one
    corpus named after the folder). ``warnings`` lists files skipped or
    decoded by a fallback, one sentence each.
    """

    root: Path
    layout: str
    hub: Document | None
    articles: tuple[Document, ...]
    corpora: tuple[str, ...]
    warnings: tuple[str, ...] = ()

    def article_by_path(self) -> dict[str, Document]:
        """Map each article's workspace-relative path to the article."""
        return {doc.path: doc for doc in self.articles}


@dataclass(frozen=True)
class Resolution:
    """How one link was resolved.

    ``target`` is the workspace-relative path of the article it reaches, or
    None. ``method`` is one of ``exact``, ``decoded``, ``extension``,
    ``case``, ``fuzzy``, ``repo``, ``title`` (resolved), ``asset`` (an image
    or a non-Markdown file), ``external`` (a web link that names no
    article), ``anchor`` (same-page ``#...``) or ``unresolved`` (an internal
    Markdown link that reaches nothing; ``suggestion`` is then the closest
    article's path). ``confidence`` is in [0, 1].
    """

    target: str | None
    method: str
    confidence: float = 0.0
    suggestion: str | None = None

    @property
    def resolved(self) -> bool:
        """True when the link reaches an article."""
        return self.target is not None


@dataclass(frozen=True)
class Concept:
    """One ontology concept.

    ``id`` is stable kebab-case ASCII (``knowledge-distillation``); ``type``
    one of model, method, architecture, task, loss, metric, dataset,
    concept (or ``candidate`` for discovered terms); ``weak`` marks generic
    words that count only with enough mentions or in a heading.
    """

    id: str
    name: str
    zh: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    type: str = "concept"
    description: str = ""
    weak: bool = False

    @property
    def labels(self) -> tuple[str, ...]:
        """Every surface name: English name, Chinese names, aliases."""
        return (self.name, *self.zh, *self.aliases)


@dataclass(frozen=True)
class Relation:
    """A typed relation between two concepts (``tinybert distilled_from bert``)."""

    source: str
    type: str
    target: str


@dataclass(frozen=True)
class Mention:
    """One concept mention in a document's text.

    ``start``/``end`` are character offsets into ``ParsedMarkdown.text``;
    ``in_heading`` is True when the mention lies in a heading or the title;
    ``method`` is ``exact`` or ``fuzzy``.
    """

    concept_id: str
    text: str
    start: int
    end: int
    in_heading: bool = False
    method: str = "exact"


@dataclass(frozen=True)
class Ontology:
    """A validated ontology: concepts by id, relations, and a content hash."""

    concepts: dict[str, Concept] = field(default_factory=dict)
    relations: tuple[Relation, ...] = ()
    ambiguous: frozenset[str] = frozenset()
    hash: str = ""
