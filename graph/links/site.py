"""Links of note tools and static sites: wiki-links, Jekyll, Hugo, and the site's own URLs.

:mod:`graph.workspace.dialects` rewrites ``[[Note]]``, ``{% post_url %}``, ``{% link %}`` and
``{{< ref >}}`` as links with the pseudo-schemes ``wiki:``, ``post_url:``, ``link:`` and
``ref:``; :class:`SiteIndex` holds what resolving them needs, and what resolving the absolute
URLs of the site itself needs: its base (``_config.yml`` ``url`` + ``baseurl``, Hugo
``config.toml``/``hugo.toml``/``config.yaml`` ``baseURL``, MkDocs ``mkdocs.yml`` ``site_url``,
Docusaurus ``docusaurus.config.js`` ``url`` + ``baseUrl``, read without running it)
and the permalink of every page (under Hugo's ``content/`` or MkDocs' ``docs_dir``),
from front matter (``permalink``, ``url``, ``slug``), from a post's date and slug
(``/:categories/:year/:month/:day/:title.html``) and from its path.

========== ========== ====================================================
method     confidence what matches
========== ========== ====================================================
wiki       1.0 / 0.9  a note by file name, path or front-matter alias, as
                      Obsidian, Foam and Logseq do (0.9: several notes of
                      that name, the nearest taken)
post_url   1.0        a Jekyll post by its file name (date and slug)
jekyll_link 1.0       a file by its path from the site's root
hugo_ref   1.0 / 0.9  a page by its path from ``content/``, or its name
site       0.9 / 0.85 an absolute URL of the site (or a root-relative path
           / 0.75     on a site) by permalink / by date and slug / by slug
========== ========== ====================================================
"""

from __future__ import annotations

import functools
import posixpath
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from urllib.parse import unquote, urlsplit

from graph.links.match import fold_path, stem
from graph.models import Document, Resolution, Workspace
from graph.workspace.titles import says_nothing

__all__ = ["SiteIndex", "resolve_dialect", "resolve_site_path", "resolve_site_url"]

_POST_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})-(.+)$")
_DATED_URL_RE = re.compile(r"(?:^|/)(\d{4})/(\d{2})/(\d{2})/([^/]+)$")
_MKDOCS = ("mkdocs.yml", "mkdocs.yaml")
_DOCUSAURUS = tuple(f"docusaurus.config.{ext}" for ext in ("js", "ts", "mjs", "cjs"))
_CONFIGS = (
    *("_config.yml", "_config.yaml", "hugo.toml", "config.toml", "hugo.yaml", "config.yaml"),
    *("config/_default/hugo.toml", "config/_default/config.toml", *_MKDOCS, *_DOCUSAURUS),
)
# the string-valued ``url`` and ``baseUrl`` of a Docusaurus configuration (JavaScript, not run)
_JS_SETTING_RE = re.compile(r"""\b(url|baseUrl)\s*:\s*(['"`])([^'"`\n]*)\2""")
_PAGE_SUFFIXES = (".html", ".htm", ".md", ".markdown", ".mdx", ".php")


@dataclass(frozen=True)
class SiteIndex:
    """Lookups for wiki-links, Jekyll and Hugo links and the site's own URLs.

    Keys are folded (:func:`~graph.links.match.fold_path`); values are article paths.
    ``bases`` are the site's base URLs (``host/path``, folded, no scheme); ``base_paths``
    their paths (``/blog``); ``site_roots`` the folders holding a site configuration
    (``links/<corpus>`` or "") and ``content_roots`` Hugo's ``content/`` folders.
    """

    names: Mapping[str, tuple[str, ...]]
    aliases: Mapping[str, tuple[str, ...]]
    posts: Mapping[str, tuple[str, ...]]
    permalinks: Mapping[str, tuple[str, ...]]
    dated: Mapping[str, tuple[str, ...]]
    slugs: Mapping[str, tuple[str, ...]]
    bases: tuple[str, ...]
    base_paths: tuple[str, ...]
    site_roots: tuple[str, ...]
    content_roots: tuple[str, ...]

    @classmethod
    def from_workspace(
        cls, ws: Workspace, corpus_roots: Mapping[str, str], repos: Iterable[str] = ()
    ) -> SiteIndex:
        """The lookups of a workspace whose corpora start at ``corpus_roots``.

        A site whose configuration names no ``url`` is taken to be served by GitHub Pages
        from its repository (``owner/repo`` in ``repos``): ``owner.github.io/repo``.
        """
        tables: dict[str, dict[str, list[str]]] = {
            name: {} for name in ("names", "aliases", "posts", "permalinks", "dated", "slugs")
        }
        bases: list[str] = []
        configs = {root: _config(ws.root, root) for root in dict.fromkeys(corpus_roots.values())}
        site_roots = [root for root, config in configs.items() if config is not None]
        for root in site_roots:
            bases.extend(_bases(configs[root] or {}))
        if site_roots and not bases:
            bases.extend(_pages_bases(repos))
        content_roots = [
            posixpath.join(root, folder) if root else folder
            for root in site_roots
            for folder in [_content_folder(ws.root, root, configs[root] or {})]
            if folder and (ws.root / root / folder).is_dir()
        ]
        # Docusaurus serves docs/ and blog/ under their names: a slug /x there is /docs/x
        routed = [
            posixpath.join(root, folder) if root else folder
            for root in site_roots
            if _has_config(ws.root / root, _DOCUSAURUS)
            for folder in ("docs", "blog")
        ]
        for doc in ws.articles:
            _add_doc(tables, doc, corpus_roots.get(doc.corpus, ""), content_roots, routed)
        paths = [urlsplit("//" + base).path.rstrip("/") for base in bases]
        return cls(
            **{name: _frozen(table) for name, table in tables.items()},
            bases=tuple(dict.fromkeys(bases)),
            base_paths=tuple(path for path in dict.fromkeys(paths) if path),
            site_roots=tuple(site_roots),
            content_roots=tuple(content_roots),
        )

    @property
    def is_site(self) -> bool:
        """True when the workspace holds a Jekyll or Hugo configuration."""
        return bool(self.site_roots)


def _frozen(table: dict[str, list[str]]) -> Mapping[str, tuple[str, ...]]:
    """A read-only copy with tuple values, each path once."""
    return MappingProxyType({key: tuple(dict.fromkeys(paths)) for key, paths in table.items()})


def _config(root: Path, folder: str) -> dict | None:
    """The site configuration in ``root/folder`` ({} when unreadable), None when there is none."""
    import yaml  # only for a site with a configuration

    for name in _CONFIGS:
        path = root / folder / name
        if not path.is_file():
            continue
        try:
            text = path.read_text("utf-8", errors="replace")
            if name in _DOCUSAURUS:
                data = {key: value for key, _, value in reversed(_JS_SETTING_RE.findall(text))}
            elif name.endswith(".toml"):
                data = tomllib.loads(text)
            else:
                data = yaml.load(text, _lenient())
        except (OSError, ValueError, yaml.YAMLError):
            return {}
        return {str(k).lower(): v for k, v in data.items()} if isinstance(data, dict) else {}
    return None


@functools.cache
def _lenient():
    """A safe YAML loader that reads tags it does not know (``!!python/name:``, ``!ENV``,
    common in MkDocs configurations) as null instead of failing on them."""
    import yaml

    class Lenient(yaml.SafeLoader):
        pass

    Lenient.add_multi_constructor("", lambda loader, suffix, node: None)
    return Lenient


def _has_config(folder: Path, names: tuple[str, ...]) -> bool:
    """True when ``folder`` holds one of the configuration files ``names``."""
    return any((folder / name).is_file() for name in names)


def _content_folder(root: Path, folder: str, config: dict) -> str | None:
    """The folder of a site's pages (``config`` is the site's configuration): Hugo's
    ``content/``, MkDocs' ``docs_dir`` (``docs/``); none for Docusaurus, whose pages keep
    their folder in the URL (``docs/models/bert.md`` is ``/docs/models/bert``)."""
    if _has_config(root / folder, _DOCUSAURUS):
        return None
    if _has_config(root / folder, _MKDOCS):
        docs = str(config.get("docs_dir") or "docs").strip("/")
        return docs if docs and ".." not in docs.split("/") else None
    return "content"


def _bases(config: dict) -> list[str]:
    """The base URLs a configuration names, folded, without scheme: ``user.github.io/blog``."""
    found = []
    url = str(config.get("url") or config.get("site_url") or "")  # site_url: MkDocs
    baseurl = str(config.get("baseurl") or "")
    if url.startswith(("http://", "https://", "//")):
        found.append(_fold_url(url.rstrip("/") + "/" + baseurl.strip("/")))
    if baseurl.startswith(("http://", "https://")):  # Hugo: baseURL is the whole URL
        found.append(_fold_url(baseurl))
    return [base for base in found if base]


def _pages_bases(repos: Iterable[str]) -> list[str]:
    """The GitHub Pages addresses of repositories: ``owner.github.io[/repo]``."""
    found = []
    for repo in repos:
        owner, _, name = repo.lower().partition("/")
        found.append(
            f"{owner}.github.io" if name == f"{owner}.github.io" else f"{owner}.github.io/{name}"
        )
    return found


def _fold_url(url: str) -> str:
    """``host/path`` of a URL, folded, no trailing slash."""
    parts = urlsplit(url if "//" in url else "//" + url)
    return fold_path((parts.hostname or "") + unquote(parts.path)).rstrip("/")


def _add(table: dict[str, list[str]], key: str, path: str) -> None:
    """Record ``path`` under ``key`` (skipped when the key is empty)."""
    if key:
        table.setdefault(key, []).append(path)


def _url_key(path: str) -> str:
    """A URL path as a lookup key: decoded, folded, no ``index.html``, suffix or slashes."""
    key = fold_path(unquote(path)).strip("/")
    if key.endswith(("/index.html", "/index.htm")) or key in ("index.html", "index.htm"):
        key = key.rsplit("index.", 1)[0].rstrip("/")
    for suffix in _PAGE_SUFFIXES:
        key = key.removesuffix(suffix)
    return key.strip("/")


def _add_doc(
    tables: dict[str, dict[str, list[str]]],
    doc: Document,
    root: str,
    content_roots: list[str],
    routed: list[str] = (),
) -> None:
    """Record one article under its note name, aliases, post name and permalinks.

    A page is found by the URL of its path and, when its front matter sets a ``slug``, by
    that too (an absolute slug of a page in a ``routed`` folder stays under the folder's
    name, as Docusaurus serves it)."""
    name = stem(posixpath.basename(doc.path))
    _add(tables["names"], fold_path(name), doc.path)
    for alias in (*doc.meta.aliases, doc.meta.title):
        _add(tables["aliases"], fold_path(alias.strip()), doc.path)
    meta = doc.meta
    if meta.permalink:
        _add(tables["permalinks"], _url_key(meta.permalink), doc.path)
    inner = doc.path[len(root) :].lstrip("/") if root else doc.path
    for content in content_roots:
        if doc.path.startswith(content + "/"):
            inner = doc.path[len(content) + 1 :]
    folder, page = posixpath.split(stem(inner))
    url = folder if says_nothing(page) and not _POST_RE.match(page) else stem(inner)
    _add(tables["permalinks"], _url_key(url), doc.path)
    if meta.slug:
        route = next((r for r in routed if doc.path.startswith(r + "/")), None)
        if route is not None and meta.slug.startswith("/"):
            url = route[len(root) :].strip("/") + meta.slug
        else:
            url = posixpath.join(folder, meta.slug)
        _add(tables["permalinks"], _url_key(url), doc.path)
    post = _POST_RE.match(name)
    slug = meta.slug or (post.group(4) if post else name)
    _add(tables["slugs"], fold_path(slug), doc.path)
    if post and "_posts" in doc.path.split("/"):
        _add(tables["posts"], fold_path(name), doc.path)
    if post:
        dated = "/".join((*post.group(1, 2, 3), slug))
        _add(tables["dated"], fold_path(dated), doc.path)
        for category in meta.categories:
            _add(tables["permalinks"], _url_key(f"{category}/{dated}"), doc.path)


# --------------------------------------------------------------------------- resolution


def _one(
    paths: tuple[str, ...], doc: Document, method: str, confidence: float
) -> Resolution | None:
    """The single path (not the document itself) as a resolution, else the nearest one at 0.9."""
    if paths and all(path == doc.path for path in paths):
        return Resolution(doc.path, method, confidence)  # the note itself: an anchor
    paths = tuple(path for path in paths if path != doc.path)
    if not paths:
        return None
    if len(paths) == 1:
        return Resolution(paths[0], method, confidence)
    return Resolution(_nearest(paths, doc), method, min(confidence, 0.9))


def _nearest(paths: tuple[str, ...], doc: Document) -> str:
    """The path sharing the most folders with ``doc``, then the shortest, then the first."""
    own = posixpath.dirname(doc.path).split("/")

    def shared(path: str) -> int:
        count = 0
        for a, b in zip(own, posixpath.dirname(path).split("/")):
            if a != b:
                break
            count += 1
        return count

    return min(paths, key=lambda p: (-shared(p), p.count("/"), len(p), p))


def resolve_dialect(
    site: SiteIndex, doc: Document, scheme: str, target: str, find_path
) -> Resolution:
    """Resolve a rewritten ``wiki:``, ``post_url:``, ``link:`` or ``ref:`` link.

    Args:
        site: The lookups.
        doc: The linking document.
        scheme: The pseudo-scheme.
        target: What follows it, percent-decoded, fragment removed.
        find_path: ``find_path(bases, path) -> article path or None`` (the path methods).

    Returns:
        The resolution; ``unresolved`` (no suggestion) when nothing matches.
    """
    method = {"wiki": "wiki", "post_url": "post_url", "link": "jekyll_link", "ref": "hugo_ref"}[
        scheme
    ]
    here = posixpath.dirname(doc.path)
    found: Resolution | None = None
    if scheme == "wiki":
        found = _wiki(site, doc, target, find_path)
    elif scheme == "post_url":
        name = fold_path(posixpath.basename(target.strip("/")))
        found = _one(site.posts.get(name, ()), doc, method, 1.0)
    elif scheme == "link":
        path = find_path([*site.site_roots, here, ""], target.lstrip("/"))
        found = Resolution(path, method, 1.0) if path else None
    else:
        bases = (
            [*site.content_roots, *site.site_roots]
            if target.startswith("/")
            else [here, *site.content_roots, *site.site_roots]
        )
        path = find_path(bases, target.lstrip("/"))
        if path is None:
            name = fold_path(stem(posixpath.basename(target.rstrip("/"))))
            return _one(site.names.get(name, ()), doc, method, 0.9) or Resolution(
                None, "unresolved"
            )
        found = Resolution(path, method, 1.0)
    return found or Resolution(None, "unresolved")


def _wiki(site: SiteIndex, doc: Document, target: str, find_path) -> Resolution | None:
    """A wiki-link: a path (with or without ``.md``), else a note name, else an alias or title."""
    if not target.strip():
        return None
    if "/" in target:
        path = find_path([posixpath.dirname(doc.path), "", *site.site_roots], target)
        if path is not None:
            return Resolution(path, "wiki", 1.0)
    name = fold_path(stem(posixpath.basename(target.strip())))
    whole = fold_path(target.strip())
    # Logseq namespaces: the page a/b is the file a___b.md (a%2Fb.md before version 0.8.9);
    # a GitHub wiki keeps the page "Knowledge Distillation" as Knowledge-Distillation.md
    keys = (name, whole.replace("/", "___"), whole.replace("/", "%2f"), name.replace(" ", "-"))
    for key in dict.fromkeys(keys):
        found = _one(site.names.get(key, ()), doc, "wiki", 1.0)
        if found is not None:
            return found
    return _one(site.aliases.get(fold_path(target.strip()), ()), doc, "wiki", 0.9)


def resolve_site_url(site: SiteIndex, doc: Document, href: str) -> Resolution | None:
    """An absolute URL of the site itself (its base from the configuration) to the page it shows."""
    if not site.bases:
        return None
    parts = urlsplit(href if "://" in href else "https:" + href)
    folded = fold_path((parts.hostname or "") + unquote(parts.path))
    for base in site.bases:
        if folded == base or folded.startswith(base + "/"):
            return _by_permalink(site, doc, folded[len(base) :])
    return None


def resolve_site_path(site: SiteIndex, doc: Document, path: str) -> Resolution | None:
    """A root-relative path on a site (``/2018/06/24/x.html``, ``/blog/about/``) to its page."""
    if not site.is_site or not path.startswith("/"):
        return None
    folded = fold_path(unquote(path))
    for base in site.base_paths:
        base = fold_path(base)
        if folded == base or folded.startswith(base + "/"):
            folded = folded[len(base) :]
            break
    return _by_permalink(site, doc, folded)


def _by_permalink(site: SiteIndex, doc: Document, url_path: str) -> Resolution | None:
    """A page by its permalink (0.9), by date and slug (0.85), by a unique slug (0.75)."""
    key = _url_key(url_path.split("#", 1)[0].split("?", 1)[0])
    if not key:
        return None
    found = _one(site.permalinks.get(key, ()), doc, "site", 0.9)
    if found is not None:
        return found
    dated = _DATED_URL_RE.search(key)
    if dated:
        found = _one(site.dated.get("/".join(dated.groups()), ()), doc, "site", 0.85)
        if found is not None:
            return found
    slug = key.rsplit("/", 1)[-1]
    paths = tuple(p for p in site.slugs.get(slug, ()) if p != doc.path)
    return Resolution(paths[0], "site", 0.75) if len(paths) == 1 else None
