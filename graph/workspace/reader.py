"""Reading a workspace: finding, decoding and parsing its Markdown files.

A workspace is either a folder with a hub ``README.md`` and corpora under
``links/<corpus>/`` (layout ``links``), or, when there is no ``links/``
folder, a plain folder whose Markdown files are all articles of one corpus
named after the folder (layout ``plain``; its root ``README.md``, if any, is
the hub).
"""

from __future__ import annotations

import codecs
import dataclasses
import logging
import os
import re
import stat
from collections.abc import Callable, Sequence
from pathlib import Path

from graph.errors import CorpusNotFound, EmptyCorpus
from graph.models import Document, ParsedMarkdown, Workspace
from graph.workspace.dialects import to_markdown
from graph.workspace.files import MARKDOWN_SUFFIXES, NOTEBOOK_SUFFIX, is_markdown_name
from graph.workspace.frontmatter import split_front_matter
from graph.workspace.markdown import make_parser, parse_markdown
from graph.workspace.notebook import notebook_markdown
from graph.workspace.titles import own_title

#: ``parse(texts) -> parsed``: every text's ParsedMarkdown, in order.
ParseMany = Callable[[Sequence[str]], Sequence[ParsedMarkdown]]

__all__ = ["decode_bytes", "read_workspace"]

logger = logging.getLogger(__name__)

HUB_NAME = "README.md"
# Share of control characters (other than tab, newline, carriage return and
# form feed) above which decoded text is taken for binary data.
_MAX_CONTROL_SHARE = 0.1
#: The codec name of UTF-8 text whose few invalid bytes were replaced by U+FFFD.
REPLACED_CODEC = "utf-8-replace"
# Invalid UTF-8 sequences a text may hold and still be read (replaced), beside 1 % of its length.
_MAX_REPLACED = 16
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")  # below 32, not \t \n \f \r
# the navigation pages of a GitHub wiki: their folder is one (pages named Page-Name.md)
_GITHUB_WIKI_PAGES = frozenset({"_sidebar.md", "_footer.md"})
_MDX_ESM_RE = re.compile(r"^(?:import|export)\s[^\n]*$", re.MULTILINE)  # MDX's JavaScript lines


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode the bytes of a text file.

    Tries, in order: a UTF-8 BOM, a UTF-16 BOM (little or big endian),
    plain UTF-8, then GB18030 as a fallback for legacy Chinese files, then
    UTF-8 with its few invalid bytes replaced by U+FFFD (codec
    ``utf-8-replace``: a file damaged in the middle is still read).

    Parameters
    ----------
    data : bytes
        The raw file content.

    Returns
    -------
    tuple of (str, str)
        The text (without BOM) and the codec that decoded it: ``utf-8``,
        ``utf-8-sig``, ``utf-16-le``, ``utf-16-be``, ``gb18030`` or ``utf-8-replace``.

    Raises
    ------
    UnicodeDecodeError
        When the data is binary (NUL bytes, mostly control characters) or
        no codec decodes it.

    Examples
    --------
    >>> decode_bytes("词向量".encode("gb18030"))
    ('词向量', 'gb18030')
    >>> decode_bytes(codecs.BOM_UTF8 + b"# BERT")
    ('# BERT', 'utf-8-sig')
    """
    if data.startswith(codecs.BOM_UTF8):
        return _checked(data, data[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8-sig")
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return _checked(data, data[len(bom) :].decode(codec), codec)
    nul = data.find(b"\x00")
    if nul >= 0:
        raise UnicodeDecodeError("utf-8", data, nul, nul + 1, "binary data (NUL byte)")
    try:
        return _checked(data, data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as utf8_error:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            text = data.decode("utf-8", errors="replace")
            if text.count("\ufffd") > max(_MAX_REPLACED, len(text) // 100):
                raise utf8_error from None
            return _checked(data, text, REPLACED_CODEC)
        return _checked(data, text, "gb18030")


def _checked(data: bytes, text: str, codec: str) -> tuple[str, str]:
    """Return ``(text, codec)`` unless the text is mostly control characters."""
    if "\x00" in text:
        pos = max(data.find(b"\x00"), 0)
        raise UnicodeDecodeError(codec, data, pos, pos + 1, "binary data (NUL character)")
    if text:
        sample = text[:4096]
        controls = len(_CONTROL_RE.findall(sample))
        if controls > _MAX_CONTROL_SHARE * len(sample):
            raise UnicodeDecodeError(codec, data, 0, 1, "binary data (control characters)")
    return text, codec


def read_workspace(
    path: str | os.PathLike[str], *, max_bytes: int = 5_000_000, parse: ParseMany | None = None
) -> Workspace:
    """Read every Markdown article (and the hub) of a workspace.

    Parameters
    ----------
    path : str or path-like
        The workspace folder.
    max_bytes : int, optional
        Files larger than this are skipped with a warning.
    parse : callable, optional
        ``parse(texts) -> parsed`` turns every text into its
        :class:`~graph.models.ParsedMarkdown` in one call (a cache or a
        cluster may stand in); :func:`parse_markdown` on each when None.

    Returns
    -------
    Workspace
        The hub (or None), the articles sorted by path, the corpus names and
        the warnings (files skipped or decoded by a fallback codec).

    Raises
    ------
    CorpusNotFound
        When ``path`` does not exist or is a file.
    EmptyCorpus
        When the folder holds no readable Markdown article.

    Examples
    --------
    >>> ws = read_workspace("links/nlp-notes")  # doctest: +SKIP
    >>> ws.layout, ws.corpora  # doctest: +SKIP
    ('plain', ('nlp-notes',))
    """
    root = _workspace_root(path)
    warnings: list[str] = []
    links_dir = root / "links"
    if links_dir.is_dir():
        layout = "links"
        corpora, sources = _links_sources(root, links_dir, warnings)
        where = f"{links_dir}/<corpus>/" if corpora else f"{links_dir} (it has no corpus folder)"
    else:
        layout = "plain"
        corpora, sources = (root.name,), _plain_sources(root, warnings)
        where = str(root)

    loaded = _read_articles(root, sources, max_bytes, warnings)
    hub_file = _find_hub(root)
    if hub_file is not None:
        found = _read_document(
            hub_file, hub_file.name, "", hub_file.name, "hub", max_bytes, warnings
        )
        if found is not None:
            loaded.append(found)
    articles = _parsed(loaded, parse)
    hub = articles.pop() if articles and articles[-1].kind == "hub" else None

    if not articles:
        skipped = [w for w in warnings if "skipped" in w]
        detail = f" Skipped: {'; '.join(skipped)}." if skipped else ""
        suffixes = ", ".join(MARKDOWN_SUFFIXES)
        raise EmptyCorpus(f"No readable Markdown article ({suffixes}) in {where}.{detail}")
    return Workspace(
        root=root,
        layout=layout,
        hub=hub,
        articles=tuple(articles),
        corpora=corpora,
        warnings=tuple(warnings),
    )


#: A Markdown file to read: (file, corpus, path inside the corpus).
Source = tuple[Path, str, str]


def _workspace_root(path: str | os.PathLike[str]) -> Path:
    """The resolved workspace folder; a clear error when it is missing or a file."""
    given = Path(path).expanduser()
    if not given.exists():
        raise CorpusNotFound(f"Workspace not found: {given} does not exist.")
    if not given.is_dir():
        raise CorpusNotFound(
            f"Workspace must be a folder, but {given} is a file; "
            "give the folder that holds README.md and links/."
        )
    return given.resolve()


def _links_sources(
    root: Path, links_dir: Path, warnings: list[str]
) -> tuple[tuple[str, ...], list[Source]]:
    """Layout ``links``: the corpus folders of ``links/`` and their Markdown files."""
    corpora = tuple(
        sorted(
            entry.name
            for entry in _entries(links_dir, root, warnings)
            if entry.is_dir() and not entry.name.startswith(".")
        )
    )
    for entry in _entries(links_dir, root, warnings):
        if entry.is_file() and is_markdown_name(entry.name):
            _warn(warnings, f"{_rel(root, entry)}: skipped, not inside a corpus folder of links/")
    sources: list[Source] = []
    for corpus in corpora:
        corpus_dir = links_dir / corpus
        for file in _markdown_files(corpus_dir, root, warnings):
            sources.append((file, corpus, file.relative_to(corpus_dir).as_posix()))
    return corpora, sources


def _plain_sources(root: Path, warnings: list[str]) -> list[Source]:
    """Layout ``plain``: every Markdown file of the folder but its root hub."""
    return [
        (file, root.name, file.relative_to(root).as_posix())
        for file in _markdown_files(root, root, warnings)
        if file.parent != root or file.name.lower() != HUB_NAME.lower()
    ]


def _read_articles(
    root: Path, sources: list[Source], max_bytes: int, warnings: list[str]
) -> list[tuple[Document, str]]:
    """The articles that could be read (not parsed yet) and their texts, sorted by path."""
    articles: list[tuple[Document, str]] = []
    for file, corpus, corpus_path in sources:
        rel = file.relative_to(root).as_posix()
        found = _read_document(file, rel, corpus, corpus_path, "article", max_bytes, warnings)
        if found is not None:
            articles.append(found)
    articles.sort(key=lambda item: item[0].path)
    return articles


def _parsed(loaded: list[tuple[Document, str]], parse: ParseMany | None) -> list[Document]:
    """The documents with their Markdown parsed, every text in one call of ``parse``."""
    texts = [text for _, text in loaded]
    if parse is None:
        parser = make_parser()
        results = [parse_markdown(text, parser) for text in texts]
    else:
        results = list(parse(texts))
    documents = [dataclasses.replace(doc, markdown=md) for (doc, _), md in zip(loaded, results)]
    wikis = {doc.corpus for doc in documents if doc.corpus_path.lower() in _GITHUB_WIKI_PAGES}
    return [_titled(doc, doc.corpus in wikis) for doc in documents]


def _titled(doc: Document, github_wiki: bool = False) -> Document:
    """An article with its own title (:func:`own_title`); the hub keeps its file name."""
    if doc.kind != "article":
        return doc
    title, source = own_title(doc, dashes_are_spaces=github_wiki)
    return dataclasses.replace(doc, title=title, title_source=source)


def _read_document(
    file: Path,
    rel: str,
    corpus: str,
    corpus_path: str,
    kind: str,
    max_bytes: int,
    warnings: list[str],
) -> tuple[Document, str] | None:
    """Read and decode one file: its document (not parsed yet) and its text.

    None (with a warning) when it is skipped.
    """
    try:
        data = _read_regular(file, max_bytes)
    except OSError as error:
        _warn(warnings, f"{rel}: skipped, unreadable ({error.strerror or error})")
        return None
    if isinstance(data, str):
        _warn(warnings, f"{rel}: skipped, {data}")
        return None
    size = len(data)
    try:
        text, encoding = decode_bytes(data)
    except UnicodeDecodeError as error:
        _warn(warnings, f"{rel}: skipped, not text ({error.reason})")
        return None
    if rel.lower().endswith(NOTEBOOK_SUFFIX):
        try:
            text = notebook_markdown(text)
        except ValueError as error:
            _warn(warnings, f"{rel}: skipped, {error}")
            return None
    if encoding == "gb18030":
        _warn(warnings, f"{rel}: decoded as gb18030")
    elif encoding == REPLACED_CODEC:
        bad = text.count("\ufffd")
        _warn(warnings, f"{rel}: invalid UTF-8, {bad} bad sequences replaced by U+FFFD")
    title = file.stem if kind == "article" else Path(rel).stem
    meta, body = split_front_matter(text)
    if rel.lower().endswith(".mdx"):  # MDX: ESM import/export lines are code, not text
        body = _MDX_ESM_RE.sub("", body)
    return Document(
        path=rel,
        corpus=corpus,
        corpus_path=corpus_path,
        title=title,
        kind=kind,
        markdown=ParsedMarkdown(),
        encoding=encoding,
        size=size,
        meta=meta,
    ), to_markdown(body)


def _read_regular(file: Path, max_bytes: int) -> bytes | str:
    """The bytes of a regular file, or why it is not read (not a regular file, too big).

    Opened without blocking and checked on the open descriptor, so a FIFO or a
    device swapped in after the folder was listed never hangs the build.
    """
    fd = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return "not a regular file"
        if st.st_size > max_bytes:
            return f"{st.st_size} bytes is over the {max_bytes}-byte limit"
        return fh.read(max_bytes + 1)


def _find_hub(root: Path) -> Path | None:
    """The hub file at the root: ``README.md`` (any case), or None."""
    exact = root / HUB_NAME
    if exact.is_file():
        return exact
    for entry in sorted(root.iterdir()):
        if entry.is_file() and entry.name.lower() == HUB_NAME.lower():
            return entry
    return None


def _markdown_files(folder: Path, root: Path, warnings: list[str]) -> list[Path]:
    """Every Markdown file under ``folder``, recursively, hidden names and escaping links skipped."""
    found: list[Path] = []
    seen: set[Path] = set()
    pending = [folder]
    while pending:
        current = pending.pop()
        real = current.resolve()
        if real in seen:
            continue
        seen.add(real)
        for entry in _entries(current, root, warnings):
            if entry.is_dir():
                pending.append(entry)
            elif is_markdown_name(entry.name):
                if entry.is_file():
                    found.append(entry)
                else:
                    kind = _special_kind(entry)
                    _warn(warnings, f"{_rel(root, entry)}: skipped, not a regular file ({kind})")
    return sorted(found)


def _special_kind(path: Path) -> str:
    """What a path that is neither a folder nor a regular file is: fifo, socket, device..."""
    try:
        mode = path.stat().st_mode
    except OSError as error:
        return error.strerror or "unreadable"
    for test, name in (
        (stat.S_ISFIFO, "fifo"),
        (stat.S_ISSOCK, "socket"),
        (stat.S_ISCHR, "character device"),
        (stat.S_ISBLK, "block device"),
    ):
        if test(mode):
            return name
    return "special file"


#: Folders of tools, not of notes: a site's output, installed packages (their READMEs).
_GENERATED_FOLDERS = frozenset({"_site", "node_modules"})


def _entries(folder: Path, root: Path, warnings: list[str]) -> list[Path]:
    """The visible entries of a folder; symlinks leaving the workspace and generated folders
    (:data:`_GENERATED_FOLDERS`) are skipped."""
    try:
        children = sorted(folder.iterdir())
    except OSError as error:
        _warn(warnings, f"{_rel(root, folder)}: skipped, unreadable folder ({error.strerror})")
        return []
    entries = []
    for child in children:
        if child.name.startswith("."):
            continue
        if child.name in _GENERATED_FOLDERS and child.is_dir():
            _warn(warnings, f"{_rel(root, child)}: skipped, a generated folder")
            continue
        if child.is_symlink():
            try:
                target = child.resolve(strict=True)
            except (OSError, RuntimeError) as error:  # RuntimeError: a loop (Python < 3.13)
                _skip_broken_link(root, child, error, warnings)
                continue
            if not target.is_relative_to(root):
                _warn(
                    warnings, f"{_rel(root, child)}: skipped, symlink leads outside the workspace"
                )
                continue
        entries.append(child)
    return entries


def _skip_broken_link(root: Path, link: Path, error: Exception, warnings: list[str]) -> None:
    """Warn about a symlink that loops or dangles (dangling ones only when named like Markdown)."""
    dangling = isinstance(error, FileNotFoundError)
    if dangling and not is_markdown_name(link.name):
        logger.debug("%s: a dangling symlink, ignored", link)
        return
    reason = "dangling symlink" if dangling else "symlink loop or unreachable target"
    _warn(warnings, f"{_rel(root, link)}: skipped, {reason}")


def _rel(root: Path, path: Path) -> str:
    """``path`` relative to ``root`` (POSIX), or as given when outside."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _warn(warnings: list[str], message: str) -> None:
    """Record a warning once (the caller reports the list: the CLI prints each one); log it."""
    if message in warnings:
        return
    warnings.append(message)
    logger.info(message)
