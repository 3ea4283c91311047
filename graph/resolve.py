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
repo       0.9        a GitHub ``blob``/``tree`` URL naming a corpus file
title      0.7        a web link whose anchor text is an article's title
========== ========== ====================================================

Links that reach no article get ``asset`` (images, non-Markdown files, or
any other existing file or folder of the workspace such as ``docs/x.md``),
``anchor`` (``#...`` only, or the document itself), ``external`` (other web
links, ``mailto:``) or ``unresolved`` (an internal Markdown link that
reaches nothing; ``suggestion`` names the closest article).
"""

from __future__ import annotations

import logging
import os
import posixpath
import re
import subprocess
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from urllib.parse import unquote, urlsplit

from rapidfuzz import fuzz, process

from graph.models import Document, Image, Link, Resolution, Workspace

__all__ = [
    "FUZZY_ANYWHERE",
    "FUZZY_SAME_FOLDER",
    "PATH_METHODS",
    "TITLE_MIN_CHARS",
    "LinkIndex",
    "name_keys",
    "resolve_link",
    "resolve_workspace",
    "unresolved_links",
]

logger = logging.getLogger(__name__)

#: Methods that follow the link's path (not its anchor text).
PATH_METHODS = frozenset({"exact", "decoded", "extension", "case", "fuzzy", "repo"})

#: Fuzzy match in the folder the link names: the best file-name similarity
#: (rapidfuzz ``ratio``, 0-100, on folded names) must reach this score and
#: beat the second best by ``margin``.
FUZZY_SAME_FOLDER = MappingProxyType({"min_score": 80.0, "margin": 5.0})
#: Fuzzy match anywhere in the corpus (wrong folder): stricter, the best
#: must be unique and clearly better than the second.
FUZZY_ANYWHERE = MappingProxyType({"min_score": 90.0, "margin": 10.0})
#: Title links: the folded anchor text must have at least this many
#: characters (generic anchors such as "原文", "链接", "dasou" never match)
#: and equal a folded title or file name, or reach ``TITLE_MIN_SCORE``.
TITLE_MIN_CHARS = 6
TITLE_MIN_SCORE = 92.0
TITLE_MARGIN = 5.0

_MARKDOWN_SUFFIXES = (".md", ".markdown")
_EXTENSION_RE = re.compile(r"\.([A-Za-z][A-Za-z0-9]{0,7})$")
_SCHEME_RE = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_BRACKETED_RE = re.compile(
    r"[(\[{<（【《「『〔][^()\[\]{}<>（）【】《》「」『』〔〕]*[)\]}>）】》」』〕]"
)
_KNOWN_SCHEMES = frozenset(
    {"http", "https", "mailto", "tel", "ftp", "ftps", "sftp", "file", "data", "javascript"}
    | {"news", "irc", "xmpp", "sms", "magnet"}
)
_GITHUB_HOSTS = frozenset({"github.com", "www.github.com"})
_GITHUB_KINDS = frozenset({"blob", "tree", "raw", "edit"})
_REMOTE_RE = re.compile(r"github\.com[:/]+([^/\s]+)/([^/\s]+?)(?:\.git)?/?$", re.IGNORECASE)


# --------------------------------------------------------------------------- keys


def fold(text: str) -> str:
    """NFKC-normalise and case-fold ``text``."""
    return unicodedata.normalize("NFKC", text).casefold()


def _strip_punctuation(text: str) -> str:
    """Keep letters, digits and marks only (punctuation, symbols, spaces dropped)."""
    return "".join(char for char in text if unicodedata.category(char)[0] in "LNM")


def name_keys(name: str) -> tuple[str, ...]:
    """The comparison keys of a file name or title, distinct and non-empty.

    The first key folds width and case and drops punctuation, symbols and
    spaces (``Fasttext解读(1)`` → ``fasttext解读1``); the second also drops
    bracketed content (``答案解析(1)—史上…`` → ``答案解析史上…``).

    Examples
    --------
    >>> name_keys("知识蒸馏入门（上）")
    ('知识蒸馏入门上', '知识蒸馏入门')
    """
    folded = fold(name)
    keys = [_strip_punctuation(folded), _strip_punctuation(_BRACKETED_RE.sub("", folded))]
    return tuple(dict.fromkeys(key for key in keys if key))


_SAME_NAME = 100.0  # the folded names are equal
_SHARED_KEY = 99.5  # equal once bracketed content is dropped on one side


def _similarity(keys_a: tuple[str, ...], keys_b: tuple[str, ...]) -> float:
    """Similarity of two key sets in [0, 100].

    100 when the first keys are equal (only punctuation, width or case
    differ), 99.5 when another key is shared (bracketed content dropped),
    else the best rapidfuzz ``ratio``, capped at 99.
    """
    if not keys_a or not keys_b:
        return 0.0
    if keys_a[0] == keys_b[0]:
        return _SAME_NAME
    if set(keys_a) & set(keys_b):
        return _SHARED_KEY
    return min(99.0, max(fuzz.ratio(a, b) for a in keys_a for b in keys_b))


def _stem(name: str) -> str:
    """A file name without its Markdown extension."""
    lowered = name.lower()
    for suffix in _MARKDOWN_SUFFIXES:
        if lowered.endswith(suffix):
            return name[: -len(suffix)]
    return name


# --------------------------------------------------------------------------- index


@dataclass(frozen=True)
class LinkIndex:
    """Lookups over a workspace's articles, built once per resolution run.

    Build it with :meth:`from_workspace`; the mappings are read-only.
    """

    root: Path
    paths: frozenset[str]
    by_folded_path: Mapping[str, tuple[str, ...]]
    by_folded_folder: Mapping[str, tuple[str, ...]]
    corpus_of: Mapping[str, str]
    corpus_roots: Mapping[str, str]
    keys: Mapping[str, tuple[str, ...]]
    title_primary: Mapping[str, tuple[str, ...]]
    title_keys: Mapping[str, tuple[str, ...]]
    repos: frozenset[str]

    @classmethod
    def from_workspace(
        cls,
        ws: Workspace,
        repo_urls: Iterable[str] = (),
        *,
        git_remote: bool = True,
    ) -> LinkIndex:
        """Precompute the lookups of a workspace.

        Parameters
        ----------
        ws : Workspace
            The read workspace.
        repo_urls : iterable of str
            GitHub repositories (``owner/repo`` or their URLs) whose
            ``blob``/``tree`` links name files of this workspace.
        git_remote : bool
            Also read the workspace's ``origin`` remote with git (quietly
            skipped when git or the remote is missing).

        Returns
        -------
        LinkIndex
        """
        by_path: dict[str, list[str]] = {}
        by_folder: dict[str, list[str]] = {}
        title_primary: dict[str, list[str]] = {}
        title_keys: dict[str, list[str]] = {}
        keys: dict[str, tuple[str, ...]] = {}
        corpus_of: dict[str, str] = {}
        for doc in ws.articles:
            by_path.setdefault(_fold_path(doc.path), []).append(doc.path)
            by_folder.setdefault(_fold_path(posixpath.dirname(doc.path)), []).append(doc.path)
            stem = _stem(posixpath.basename(doc.path))
            keys[doc.path] = name_keys(stem)
            corpus_of[doc.path] = doc.corpus
            for name in (stem, doc.title):
                name_key = name_keys(name)
                for table, chosen in ((title_primary, name_key[:1]), (title_keys, name_key)):
                    for key in chosen:
                        bucket = table.setdefault(key, [])
                        if doc.path not in bucket:
                            bucket.append(doc.path)
        if ws.layout == "links":
            roots = {corpus: f"links/{corpus}" for corpus in ws.corpora}
        else:
            roots = {corpus: "" for corpus in ws.corpora}
        repos = {repo for url in repo_urls if (repo := _repo_name(url))}
        if git_remote and (remote := _git_remote(ws.root)):
            repos.add(remote)
        return cls(
            root=ws.root,
            paths=frozenset(doc.path for doc in ws.articles),
            by_folded_path=_frozen(by_path),
            by_folded_folder=_frozen(by_folder),
            corpus_of=MappingProxyType(corpus_of),
            corpus_roots=MappingProxyType(roots),
            keys=MappingProxyType(keys),
            title_primary=_frozen(title_primary),
            title_keys=_frozen(title_keys),
            repos=frozenset(repos),
        )


def _frozen(mapping: dict[str, list[str]]) -> Mapping[str, tuple[str, ...]]:
    """A read-only copy with tuple values."""
    return MappingProxyType({key: tuple(value) for key, value in mapping.items()})


def _fold_path(path: str) -> str:
    """A path key for case-insensitive lookups (NFC, case-folded)."""
    return unicodedata.normalize("NFC", path).casefold()


def _repo_name(url: str) -> str | None:
    """``owner/repo`` (lower case) from ``owner/repo`` or a GitHub URL."""
    text = url.strip()
    match = _REMOTE_RE.search(text)
    if match:
        return f"{match.group(1)}/{match.group(2)}".lower()
    parts = [part for part in text.strip("/").split("/") if part]
    if len(parts) == 2 and ":" not in text:
        return f"{parts[0]}/{parts[1].removesuffix('.git')}".lower()
    return None


def _in_git_checkout(root: Path) -> bool:
    """True when ``root`` or a folder above it holds ``.git`` (or ``GIT_DIR`` is set).

    Lets :func:`_git_remote` skip starting git (some 50 ms) where git would
    find no repository anyway.
    """
    if os.environ.get("GIT_DIR"):
        return True
    folder = Path(root).absolute()
    return any((path / ".git").exists() for path in (folder, *folder.parents))


def _git_remote(root: Path) -> str | None:
    """The ``owner/repo`` of the workspace's git ``origin``, or None (quietly)."""
    if not _in_git_checkout(root):
        return None
    try:
        result = subprocess.run(
            ["git", "-C", str(root), "remote", "get-url", "origin"],
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.SubprocessError) as error:
        logger.debug("no git remote for %s: %s", root, error)
        return None
    if result.returncode != 0:
        return None
    return _repo_name(result.stdout.strip())


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
    if scheme in ("http", "https") or href.startswith("//"):
        text = "" if link.kind == "autolink" else link.text  # an autolink's text is its URL
        resolution = _resolve_web(index, doc, href, text)
    elif scheme:
        resolution = Resolution(None, "external")
    else:
        resolution = _resolve_local(index, doc, link.href)  # untrimmed: ``exact`` is literal
    if resolution.target is not None and resolution.target == doc.path:
        return Resolution(None, "anchor")
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


def _path_stages(
    index: LinkIndex, bases: list[str], raw: str
) -> tuple[str, float, tuple[str, ...]] | None:
    """Try exact, decoded, extension and case; return (method, confidence, matches)."""
    decoded = _decode(raw)
    with_suffix = [decoded + suffix for suffix in _MARKDOWN_SUFFIXES]
    stages = (
        ("exact", 1.0, [raw]),
        ("decoded", 0.98, [decoded]),
        ("extension", 0.95, with_suffix),
    )
    for method, confidence, variants in stages:
        matches = []
        for base in bases:
            for variant in variants:
                full = _join(base, variant)
                if full is not None and full in index.paths and full not in matches:
                    matches.append(full)
        if matches:
            return method, confidence, tuple(matches)
    matches = []
    for base in bases:
        for variant in (decoded, *with_suffix):
            full = _join(base, variant)
            if full is None:
                continue
            for path in index.by_folded_path.get(_fold_path(full), ()):
                if path not in matches:
                    matches.append(path)
    if matches:
        return "case", 0.9, tuple(matches)
    return None


def _resolve_local(index: LinkIndex, doc: Document, href: str) -> Resolution:
    """Resolve a link without a scheme (a path inside the workspace)."""
    raw = _split_target(href)
    if not raw.strip():
        return Resolution(None, "anchor")
    decoded = _decode(raw)
    bases = _bases(index, doc, raw.strip())
    extension = _EXTENSION_RE.search(posixpath.basename(decoded))
    is_markdown = decoded.lower().endswith(_MARKDOWN_SUFFIXES)
    found = _path_stages(index, bases, raw)
    if found is not None:
        method, confidence, matches = found
        return Resolution(matches[0], method, confidence)
    if (extension and not is_markdown) or _on_disk(index, bases, decoded):
        return Resolution(None, "asset")
    fuzzy = _fuzzy(index, doc, bases, decoded)
    if fuzzy is not None:
        return fuzzy
    return Resolution(None, "unresolved", 0.0, _suggest(index, doc, decoded))


def _on_disk(index: LinkIndex, bases: list[str], decoded: str) -> bool:
    """True when the path names an existing file or folder that is no article (``docs/x.md``)."""
    for base in bases:
        full = _join(base, decoded)
        if full is not None and (index.root / full).exists():
            return True
    return False


def _fuzzy(index: LinkIndex, doc: Document, bases: list[str], decoded: str) -> Resolution | None:
    """Match the file name in the folder the link names, then anywhere in the corpus."""
    keys = name_keys(_stem(posixpath.basename(decoded)))
    if not keys:
        return None
    folder = posixpath.dirname(decoded)
    for base in bases:
        full = _join(base, folder) if folder else base
        if full is None:
            continue
        candidates = index.by_folded_folder.get(_fold_path(full), ())
        best = _best(index, candidates, keys, FUZZY_SAME_FOLDER, doc.path)
        if best is not None:
            path, score = best
            return Resolution(path, "fuzzy", _fuzzy_confidence(score, FUZZY_SAME_FOLDER, 0.85))
    corpus = doc.corpus or _corpus_named(index, bases, folder)
    pool = [path for path in index.paths if not corpus or index.corpus_of[path] == corpus]
    best = _best(index, pool, keys, FUZZY_ANYWHERE, doc.path)
    if best is not None:
        path, score = best
        return Resolution(path, "fuzzy", _fuzzy_confidence(score, FUZZY_ANYWHERE, 0.8))
    return None


def _corpus_named(index: LinkIndex, bases: list[str], folder: str) -> str:
    """The corpus a hub link's folder points into ("" when none)."""
    for base in bases:
        full = _join(base, folder) if folder else base
        for corpus, root in index.corpus_roots.items():
            if root and full and (full == root or full.startswith(root + "/")):
                return corpus
    return ""


def _best(
    index: LinkIndex,
    candidates: Iterable[str],
    keys: tuple[str, ...],
    rule: Mapping[str, float],
    own: str,
) -> tuple[str, float] | None:
    """The unique best candidate reaching ``rule``'s score and margin, or None."""
    scored = sorted(
        ((_similarity(keys, index.keys[path]), path) for path in candidates if path != own),
        key=lambda item: (-item[0], item[1]),
    )
    if not scored or scored[0][0] < rule["min_score"]:
        return None
    if len(scored) > 1:
        best, second = scored[0][0], scored[1][0]
        # A shared key beats any lower score; a mere similarity needs a margin.
        margin = 0.0 if best >= _SHARED_KEY else rule["margin"]
        if best == second or best - second < margin:
            return None
    return scored[0][1], scored[0][0]


def _fuzzy_confidence(score: float, rule: Mapping[str, float], top: float) -> float:
    """Map a similarity in [min_score, 100] to a confidence in [0.6, top]."""
    low = rule["min_score"]
    share = (score - low) / (_SAME_NAME - low) if score < _SHARED_KEY else 1.0
    return round(0.6 + (top - 0.6) * share, 3)


def _suggest(index: LinkIndex, doc: Document, decoded: str) -> str | None:
    """The article whose file name is closest to the link's (None without articles)."""
    keys = name_keys(_stem(posixpath.basename(decoded))) or (fold(decoded),)
    scored = [
        (_similarity(keys, index.keys[path]), path)
        for path in sorted(index.paths)
        if path != doc.path
    ]
    if not scored:
        return None
    return max(scored, key=lambda item: item[0])[1]


# --------------------------------------------------------------------------- web links


def _resolve_web(index: LinkIndex, doc: Document, href: str, text: str) -> Resolution:
    """Resolve an http(s) link: a GitHub URL into the workspace, a title, or external."""
    repo = _resolve_repo(index, doc, href)
    if repo is not None:
        return repo
    title = _resolve_title(index, doc, text)
    if title is not None:
        return title
    return Resolution(None, "external")


def _resolve_repo(index: LinkIndex, doc: Document, href: str) -> Resolution | None:
    """A GitHub ``blob``/``tree`` URL whose path names a file of the workspace."""
    parts = urlsplit(href if "://" in href else "https:" + href)
    if (parts.hostname or "").lower() not in _GITHUB_HOSTS:
        return None
    segments = [segment for segment in parts.path.split("/") if segment]
    if len(segments) < 5 or segments[2] not in _GITHUB_KINDS:
        return None
    known = f"{segments[0]}/{segments[1]}".lower() in index.repos
    bases = list(dict.fromkeys(["", *index.corpus_roots.values()]))
    rest = segments[3:]
    for branch_parts in range(1, min(3, len(rest) - 1) + 1):  # branch names may hold "/"
        raw = "/".join(rest[branch_parts:])
        found = _path_stages(index, bases, raw)
        if found is None:
            continue
        _, _, matches = found
        if known or len(matches) == 1:
            return Resolution(matches[0], "repo", 0.9)
    return None


def _resolve_title(index: LinkIndex, doc: Document, text: str) -> Resolution | None:
    """A web link whose anchor text is (nearly) a unique article's title or file name.

    Tried in tiers: the anchor equals a title once folded; it equals one
    with bracketed content dropped; it nearly equals one (rapidfuzz
    ``ratio`` >= ``TITLE_MIN_SCORE``, ``TITLE_MARGIN`` ahead of the next).
    An anchor naming the linking document itself (its paper, a copy) stays
    external.
    """
    keys = name_keys(text)
    if not keys or len(keys[0]) < TITLE_MIN_CHARS:
        return None
    for hits in (
        set(index.title_primary.get(keys[0], ())),
        {path for key in keys for path in index.title_keys.get(key, ())},
    ):
        if doc.path in hits:
            return None  # names the linking article itself: the paper or a copy, external
        if len(hits) == 1:
            return Resolution(hits.pop(), "title", 0.7)
        if hits:
            return None
    choices = [key for key in index.title_keys if len(key) >= TITLE_MIN_CHARS]
    scored: dict[str, float] = {}
    for key in keys:
        for choice, score, _ in process.extract(
            key, choices, scorer=fuzz.ratio, score_cutoff=TITLE_MIN_SCORE - TITLE_MARGIN, limit=5
        ):
            for path in index.title_keys[choice]:
                scored[path] = max(scored.get(path, 0.0), score)
    ranked = sorted(scored.items(), key=lambda item: (-item[1], item[0]))
    if not ranked or ranked[0][1] < TITLE_MIN_SCORE or ranked[0][0] == doc.path:
        return None
    if len(ranked) > 1 and ranked[0][1] - ranked[1][1] < TITLE_MARGIN:
        return None
    return Resolution(ranked[0][0], "title", 0.7)
