"""Link resolution: which article (if any) each link of a workspace reaches.

Hand-written hubs and notes link articles sloppily: no ``.md``, URL-encoded
or not, parentheses dropped, wrong folder or folder case, a missing
``./links`` prefix, stray spaces, absolute GitHub URLs into the same
repository, or a re-published copy on the web whose anchor text is the
article's title. :func:`resolve_link` tries these methods in order, each
with a confidence:

========== ========== ====================================================
method     confidence what matches
========== ========== ====================================================
exact      1.0        the path as written (from the document's folder, the
                      workspace root, ``links/`` or a corpus root)
decoded    0.98       the URL-decoded, whitespace-trimmed path
extension  0.95       the decoded path plus ``.md`` / ``.markdown``
case       0.9        the decoded path, case-insensitively
fuzzy      0.6-0.85   the file name, punctuation and brackets folded (see
                      :data:`FUZZY_SAME_FOLDER`, :data:`FUZZY_ANYWHERE`)
folder     0.8-0.95   a folder's page (``README.md``, ``readme.md``,
                      ``index.md``, ``_index.md``; 0.9 when only the case
                      of the path differs; 0.8 for a folder's only note)
folder_fuzzy 0.6-0.85 a folder named with drift (``SmallSampleProblem``
                      for ``small_sample_problem``): its page
repo       0.9        a GitHub ``blob``/``tree``/``raw`` URL (or
                      ``raw.githubusercontent.com``) naming a corpus file
                      or folder
title      0.7        a web link whose anchor text is an article's title
========== ========== ====================================================

Links that reach no article get ``asset`` (images, non-Markdown files, or
any other existing file or folder of the workspace such as ``docs/x.md``),
``anchor`` (``#...`` only, or the document itself), ``external`` (other web
links, ``mailto:``) or ``unresolved`` (an internal Markdown link that
reaches nothing; ``suggestion`` names the closest article).

The lookups live in :mod:`graph.links.index` (:class:`LinkIndex`), the name
keys, scores and thresholds in :mod:`graph.links.match`.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from urllib.parse import unquote, urlsplit

from graph.links.index import FOLDER_PAGES, LinkIndex
from graph.links.match import (
    FUZZY_ANYWHERE,
    FUZZY_SAME_FOLDER,
    file_keys,
    fold_path,
    fuzzy_confidence,
    name_keys,
    title_match,
    unique_best,
    unique_of,
)
from graph.links.site import resolve_dialect, resolve_site_path, resolve_site_url
from graph.models import Document, Image, Link, Resolution, Workspace
from graph.workspace.dialects import DIALECT_SCHEMES
from graph.workspace.files import MARKDOWN_SUFFIXES
from graph.workspace.text import normalize as fold

__all__ = [
    "PATH_METHODS",
    "link_anchor",
    "resolve_link",
    "resolve_workspace",
    "unresolved_links",
]

#: Methods that follow the link's path (not its anchor text).
PATH_METHODS = frozenset(
    {"exact", "decoded", "extension", "case", "fuzzy", "repo", "folder", "folder_fuzzy"}
    | {"wiki", "post_url", "jekyll_link", "hugo_ref", "site"}
)

SITE_ALIAS = "@site/"  # Docusaurus' prefix of a file path from the site's root
_EXTENSION_RE = re.compile(r"\.([A-Za-z][A-Za-z0-9]{0,7})$")
_SCHEME_RE = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_KNOWN_SCHEMES = frozenset(
    {"http", "https", "mailto", "tel", "ftp", "ftps", "sftp", "file", "data", "javascript"}
    | {"news", "irc", "xmpp", "sms", "magnet"}
)
_GITHUB_HOSTS = frozenset({"github.com", "www.github.com"})
_GITHUB_KINDS = frozenset({"blob", "tree", "raw", "edit"})
_GITHUB_RAW = "raw.githubusercontent.com"


# --------------------------------------------------------------------------- resolution


def resolve_link(index: LinkIndex, doc: Document, link: Link | Image) -> Resolution:
    """Resolve one link of a document.

    Parameters
    ----------
    index : LinkIndex
        Lookups built by :meth:`LinkIndex.from_workspace`.
    doc : Document
        The document holding the link (the hub or an article).
    link : Link or Image
        The link (an :class:`~graph.models.Image` is always an ``asset``).

    Returns
    -------
    Resolution
        The target article's path and the method that found it, or why
        there is none (``asset``, ``anchor``, ``external``, ``unresolved``).

    Examples
    --------
    >>> resolve_link(index, hub, Link("./links/nlp-notes/x", "X"))  # doctest: +SKIP
    Resolution(target='links/nlp-notes/x.md', method='extension', confidence=0.95, suggestion=None)
    """
    if isinstance(link, Image):
        return Resolution(None, "asset")
    href = link.href.strip()
    if not href or href.startswith("#"):
        return Resolution(None, "anchor")
    scheme = _scheme(href)
    dialect = href.split(":", 1)[0]
    if dialect in DIALECT_SCHEMES and ":" in href:
        resolution = _resolve_dialect(index, doc, dialect, href[len(dialect) + 1 :])
    elif scheme in ("http", "https") or href.startswith("//"):
        text = "" if link.kind == "autolink" else link.text  # an autolink's text is its URL
        resolution = _resolve_web(index, doc, href, text)
    elif scheme:
        resolution = Resolution(None, "external")
    else:
        resolution = _resolve_local(index, doc, link.href)  # untrimmed: ``exact`` is literal
    if resolution.target is not None and resolution.target == doc.path:
        return Resolution(None, "anchor")
    return resolution


def _resolve_dialect(index: LinkIndex, doc: Document, scheme: str, rest: str) -> Resolution:
    """A ``wiki:``, ``post_url:``, ``link:`` or ``ref:`` link (see :mod:`graph.links.site`)."""
    target = _decode(_split_target(rest))
    if not target:
        return Resolution(None, "anchor")  # ``[[#Heading]]``: the note itself

    def find_path(bases: list[str], path: str) -> str | None:
        extra = [root for root in index.corpus_roots.values() if root not in bases]
        found = _path_stages(index, [*bases, *extra], path)
        if found is not None:
            return found[2][0]
        page = _folder_page(index, [*bases, *extra], _decode(path))
        return page.target if page is not None else None

    resolution = resolve_dialect(index.site, doc, scheme, target, find_path)
    if resolution.method == "unresolved":
        return Resolution(None, "unresolved", 0.0, _suggest(index, doc, target))
    return resolution


def _scheme(href: str) -> str:
    """The URL scheme of ``href`` in lower case, "" for a path.

    ``UniLM:为Bert插上翅膀`` is a file name, not a scheme: a scheme counts
    only when it is well known or followed by ``//``.
    """
    match = _SCHEME_RE.match(href)
    if not match:
        return ""
    scheme = match.group(1).lower()
    if scheme in _KNOWN_SCHEMES or href[match.end() :].startswith("//"):
        return scheme
    return ""


def resolve_workspace(
    ws: Workspace, repo_urls: Iterable[str] = ()
) -> list[tuple[Document, Link, Resolution]]:
    """Resolve every link of the hub and of every article.

    Parameters
    ----------
    ws : Workspace
        The read workspace.
    repo_urls : iterable of str
        GitHub repositories whose links name files of this workspace.

    Returns
    -------
    list of (Document, Link, Resolution)
        One entry per link, hub first, then the articles in path order.
    """
    index = LinkIndex.from_workspace(ws, repo_urls)
    docs = ([ws.hub] if ws.hub is not None else []) + list(ws.articles)
    return [
        (doc, link, resolve_link(index, doc, link)) for doc in docs for link in doc.markdown.links
    ]


def unresolved_links(
    ws: Workspace, repo_urls: Iterable[str] = ()
) -> list[tuple[Document, Link, Resolution]]:
    """The internal Markdown links that reach no article, each with a suggestion.

    Parameters
    ----------
    ws : Workspace
        The read workspace.
    repo_urls : iterable of str
        GitHub repositories whose links name files of this workspace.

    Returns
    -------
    list of (Document, Link, Resolution)
        Only the ``unresolved`` ones; ``Resolution.suggestion`` is the
        closest article's path (None when the workspace has none).
    """
    return [item for item in resolve_workspace(ws, repo_urls) if item[2].method == "unresolved"]


# --------------------------------------------------------------------------- local links


def _split_target(href: str) -> str:
    """The path part of a link: fragment and query string removed."""
    return href.split("#", 1)[0].split("?", 1)[0]


def _decode(path: str) -> str:
    """URL-decode, NFC-normalise and trim each segment of a path."""
    decoded = unicodedata.normalize("NFC", unquote(path)).strip()
    return "/".join(segment.strip() for segment in decoded.split("/"))


def _join(base: str, rel: str) -> str | None:
    """``rel`` joined to ``base`` and normalised; None when it leaves the workspace."""
    joined = posixpath.normpath(posixpath.join(base, rel.lstrip("/"))) if rel else base
    if joined in ("", ".") or joined == ".." or joined.startswith("../"):
        return None
    return joined


def _bases(index: LinkIndex, doc: Document, path: str) -> list[str]:
    """Folders a relative path may start from, most plausible first."""
    own = index.corpus_roots.get(doc.corpus)
    roots = [own] if own is not None else []
    roots += [root for corpus, root in sorted(index.corpus_roots.items()) if corpus != doc.corpus]
    links = ["links"] if any(root.startswith("links/") for root in roots) else []
    if path.startswith("/"):
        candidates = ["", *links, *roots]
    else:
        candidates = [posixpath.dirname(doc.path), "", *links, *roots]
    return list(dict.fromkeys(candidates))


def _folders(bases: list[str], folder: str) -> Iterator[str]:
    """The folder a link names, seen from each base (those leaving the workspace skipped)."""
    for base in bases:
        full = _join(base, folder) if folder else base
        if full is not None:
            yield full


def _path_stages(
    index: LinkIndex, bases: list[str], raw: str
) -> tuple[str, float, tuple[str, ...]] | None:
    """Try exact, decoded, extension and case; return (method, confidence, matches)."""
    decoded = _decode(raw)
    with_suffix = [decoded + suffix for suffix in MARKDOWN_SUFFIXES]
    stages = (
        ("exact", 1.0, [raw], False),
        ("decoded", 0.98, [decoded], False),
        ("extension", 0.95, with_suffix, False),
        ("case", 0.9, [decoded, *with_suffix], True),
    )
    for method, confidence, variants, folded in stages:
        matches = _articles_at(index, bases, variants, folded=folded)
        if matches:
            return method, confidence, matches
    return None


def _articles_at(
    index: LinkIndex, bases: list[str], variants: list[str], *, folded: bool
) -> tuple[str, ...]:
    """The articles each variant names from each base, in that order, once each.

    With ``folded``, paths compare case-insensitively (:func:`fold_path`).
    """
    matches: dict[str, None] = {}
    for base in bases:
        for variant in variants:
            full = _join(base, variant)
            if full is None:
                continue
            if folded:
                matches.update(dict.fromkeys(index.by_folded_path.get(fold_path(full), ())))
            elif full in index.paths:
                matches[full] = None
    return tuple(matches)


def _resolve_local(index: LinkIndex, doc: Document, href: str) -> Resolution:
    """Resolve a link without a scheme (a path inside the workspace)."""
    raw = _split_target(href)
    if not raw.strip():
        return Resolution(None, "anchor")
    if raw.startswith(SITE_ALIAS):  # Docusaurus: a file from the site's root
        raw = "/" + raw[len(SITE_ALIAS):]
    decoded = _decode(raw)
    bases = _bases(index, doc, raw.strip())
    extension = _EXTENSION_RE.search(posixpath.basename(decoded))
    is_markdown = decoded.lower().endswith(MARKDOWN_SUFFIXES)
    found = _path_stages(index, bases, raw)
    if found is not None:
        method, confidence, matches = found
        return Resolution(matches[0], method, confidence)
    page = _folder_page(index, bases, decoded) or resolve_site_path(index.site, doc, decoded)
    if page is not None:
        return page
    if (extension and not is_markdown) or _on_disk(index, bases, decoded):
        return Resolution(None, "asset")
    fuzzy = _fuzzy(index, doc, bases, decoded) or _fuzzy_folder(index, doc, bases, decoded)
    if fuzzy is not None:
        return fuzzy
    return Resolution(None, "unresolved", 0.0, _suggest(index, doc, decoded))


def _folder_page(index: LinkIndex, bases: list[str], decoded: str) -> Resolution | None:
    """A link to a folder reaches its README/index page (``folder``; 0.95 as written, 0.9 by case)."""
    folder = decoded.rstrip("/")
    for full in _folders(bases, folder):
        page = index.folder_page.get(fold_path(full))
        if page is not None:
            if posixpath.basename(page).lower() not in FOLDER_PAGES:
                return Resolution(page, "folder", 0.8)  # the folder's only note
            exact = posixpath.dirname(page) == full
            return Resolution(page, "folder", 0.95 if exact else 0.9)
    return None


def _fuzzy_folder(
    index: LinkIndex, doc: Document, bases: list[str], decoded: str
) -> Resolution | None:
    """A folder named with drift (``SmallSampleProblem`` for ``small_sample_problem``): its page.

    First among the folders of the parent the link names, then anywhere in the corpus; method
    ``folder_fuzzy`` with the confidence of a fuzzy file match.
    """
    folder = decoded.rstrip("/")
    keys = name_keys(posixpath.basename(folder))
    if not keys or not index.folder_page:
        return None
    rules = ((FUZZY_SAME_FOLDER, 0.85), (FUZZY_ANYWHERE, 0.8))
    for full in _folders(bases, posixpath.dirname(folder)):
        candidates = index.folders_in.get(fold_path(full), ())
        best = unique_best(keys, candidates, index.folder_keys, rules[0][0], doc.path)
        if best is not None:
            return Resolution(best[0], "folder_fuzzy", fuzzy_confidence(best[1], *rules[0]))
    corpus = doc.corpus or _corpus_named(index, bases, posixpath.dirname(folder))
    pool = index.pool("folders", corpus)
    best = unique_of(pool.best_two(keys, doc.path), rules[1][0])
    if best is None:
        return None
    return Resolution(best[0], "folder_fuzzy", fuzzy_confidence(best[1], *rules[1]))


def _on_disk(index: LinkIndex, bases: list[str], decoded: str) -> bool:
    """True when the path names an existing file or folder that is no article (``docs/x.md``)."""
    for base in bases:
        full = _join(base, decoded)
        if full is not None and (index.root / full).exists():
            return True
    return False


def _fuzzy(index: LinkIndex, doc: Document, bases: list[str], decoded: str) -> Resolution | None:
    """Match the file name in the folder the link names, then anywhere in the corpus."""
    keys = file_keys(decoded)
    if not keys:
        return None
    folder = posixpath.dirname(decoded)
    for full in _folders(bases, folder):
        candidates = index.by_folded_folder.get(fold_path(full), ())
        found = _fuzzy_among(index, doc, candidates, keys, FUZZY_SAME_FOLDER, 0.85)
        if found is not None:
            return found
    corpus = doc.corpus or _corpus_named(index, bases, folder)
    best = unique_of(index.pool("articles", corpus).best_two(keys, doc.path), FUZZY_ANYWHERE)
    if best is None:
        return None
    return Resolution(best[0], "fuzzy", fuzzy_confidence(best[1], FUZZY_ANYWHERE, 0.8))


def _fuzzy_among(
    index: LinkIndex,
    doc: Document,
    candidates: Iterable[str],
    keys: tuple[str, ...],
    rule: Mapping[str, float],
    top: float,
) -> Resolution | None:
    """A ``fuzzy`` resolution to the unique best candidate under ``rule``, or None."""
    best = unique_best(keys, candidates, index.keys, rule, doc.path)
    if best is None:
        return None
    path, score = best
    return Resolution(path, "fuzzy", fuzzy_confidence(score, rule, top))


def _corpus_named(index: LinkIndex, bases: list[str], folder: str) -> str:
    """The corpus a hub link's folder points into ("" when none)."""
    for full in _folders(bases, folder):
        for corpus, root in index.corpus_roots.items():
            if root and full and (full == root or full.startswith(root + "/")):
                return corpus
    return ""


def _suggest(index: LinkIndex, doc: Document, decoded: str) -> str | None:
    """The article whose file name is closest to the link's (None without articles)."""
    keys = file_keys(decoded) or (fold(decoded),)
    ranking = index.pool("articles", "").best_two(keys, doc.path)
    return ranking[0][1] if ranking else None


# --------------------------------------------------------------------------- web links


def _resolve_web(index: LinkIndex, doc: Document, href: str, text: str) -> Resolution:
    """Resolve an http(s) link: a GitHub URL into the workspace, a title, or external."""
    repo = _resolve_repo(index, doc, href) or resolve_site_url(index.site, doc, href)
    if repo is not None:
        return repo
    # A web link whose anchor text is (nearly) a unique article's title or file name.
    title = title_match(
        text,
        index.title_primary,
        index.title_keys,
        doc.path,
        index.title_choices(),
        index.memo("titles"),
    )
    if title is not None:
        return Resolution(title, "title", 0.7)
    return Resolution(None, "external")


def _repo_path(href: str) -> tuple[str, list[str]] | None:
    """``(owner/repo, [branch and path segments])`` of a GitHub file URL, or None.

    ``github.com/<owner>/<repo>/(blob|tree|raw|edit)/<branch>/<path>`` and
    ``raw.githubusercontent.com/<owner>/<repo>/<branch>/<path>``.
    """
    host, segments = _host_segments(href)
    if host in _GITHUB_HOSTS and len(segments) >= 5 and segments[2] in _GITHUB_KINDS:
        return f"{segments[0]}/{segments[1]}".lower(), segments[3:]
    if host == _GITHUB_RAW and len(segments) >= 4:
        return f"{segments[0]}/{segments[1]}".lower(), segments[2:]
    return None


def _host_segments(href: str) -> tuple[str, list[str]]:
    """The lower-case host of a URL (``//host/...`` too) and its non-empty path segments."""
    parts = urlsplit(href if "://" in href else "https:" + href)
    return (parts.hostname or "").lower(), [segment for segment in parts.path.split("/") if segment]


def _wiki_page(href: str) -> tuple[str, str] | None:
    """``(owner/repo, page file name)`` of a GitHub wiki URL (``github.com/<o>/<r>/wiki/<Page>``;
    the wiki's start page is ``Home``), or None."""
    host, segments = _host_segments(href)
    if host not in _GITHUB_HOSTS or not 3 <= len(segments) <= 4 or segments[2] != "wiki":
        return None
    return f"{segments[0]}/{segments[1]}".lower(), unquote(segments[3]) if len(segments) == 4 else "Home"


def repo_of(href: str) -> str | None:
    """The ``owner/repo`` (lower case) of a GitHub file URL, or None.

    Examples
    --------
    >>> repo_of("https://raw.githubusercontent.com/Me/Notes/main/a.png")
    'me/notes'
    """
    found = _repo_path(href)
    return found[0] if found is not None else None


def repo_file_paths(href: str, repos: Iterable[str]) -> list[str]:
    """The paths inside a repository that a GitHub file URL of one of ``repos`` may name.

    ``blob``/``raw`` URLs on github.com and ``raw.githubusercontent.com`` URLs; a branch name
    may hold ``/``, so the first one to three segments are tried as the branch, shortest first.
    The paths are percent-decoded. Nothing for any other URL or repository.

    Examples
    --------
    >>> repo_file_paths("https://github.com/Me/Notes/raw/main/a/%E5%9B%BE.png", ["me/notes"])
    ['a/图.png', '图.png']
    >>> repo_file_paths("https://example.com/me/notes/raw/main/a.png", ["me/notes"])
    []
    """
    found = _repo_path(href)
    if found is None or found[0] not in {repo.lower() for repo in repos}:
        return []
    _, rest = found
    return [unquote("/".join(rest[branch:])) for branch in range(1, min(3, len(rest) - 1) + 1)]


def _resolve_repo(index: LinkIndex, doc: Document, href: str) -> Resolution | None:
    """A GitHub ``blob``/``tree``/``raw`` URL whose path names a file or folder of the workspace,
    or a GitHub wiki URL whose page name names an article.

    The repository must be the workspace's own (its git remote or ``--repo-url``; for a wiki
    also ``<repo>.wiki``), or the path must name exactly one article.
    """
    wiki = _wiki_page(href)
    if wiki is not None:
        repo, page = wiki
        pages = tuple(p for p in index.site.names.get(fold_path(page), ()) if p != doc.path)
        known = repo in index.repos or f"{repo}.wiki" in index.repos
        if pages and (known or len(pages) == 1):
            return Resolution(pages[0], "repo", 0.9)
        return None
    found_repo = _repo_path(href)
    if found_repo is None:
        return None
    repo, rest = found_repo
    known = repo in index.repos
    bases = list(dict.fromkeys(["", *index.corpus_roots.values()]))
    for branch_parts in range(1, min(3, len(rest) - 1) + 1):  # branch names may hold "/"
        raw = "/".join(rest[branch_parts:])
        found = _path_stages(index, bases, raw)
        if found is not None:
            matches = found[2]
        else:
            page = _folder_page(index, bases, _decode(raw))
            matches = (page.target,) if page is not None else ()
        if matches and (known or len(matches) == 1):
            return Resolution(matches[0], "repo", 0.9)
    return None


def link_anchor(href: str) -> str:
    """The ``#fragment`` of a link, decoded ("" when none): kept on the edge, not in the path.

    Examples
    --------
    >>> link_anchor("../NER/README.md#%E5%AE%9E%E4%BD%93"), link_anchor("x.md")
    ('实体', '')
    """
    _, hash_mark, fragment = href.partition("#")
    return unquote(fragment).strip() if hash_mark else ""
