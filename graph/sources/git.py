"""Git sources: a shallow fetch into the cache, updated on every call.

The clone is made as ``git init`` + ``git fetch --depth 1 origin REF`` + ``git checkout
FETCH_HEAD``, the same steps whether the folder is new or was fetched before, so a later
build updates it. A commit id works as a ref where the server allows fetching it (GitHub and
local repositories do); otherwise the whole history is fetched once.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import subprocess
from pathlib import Path

from graph.errors import CorpusNotFound, SourceError

__all__ = ["is_git_url", "resolve_source", "source_folder"]

logger = logging.getLogger(__name__)

_URL_RE = re.compile(r"^(?:https?|ssh|git|file)://", re.IGNORECASE)
_SCP_RE = re.compile(r"^[\w.\-]+@[\w.\-]+:(?!//)\S+$")  # git@github.com:owner/repo.git
_TIMEOUT = 600
_NAME_RE = re.compile(r"[^\w.\-]+")


def is_git_url(source: str) -> bool:
    """True when ``source`` is a git URL (https, ssh, git, ``file://`` or ``user@host:path``).

    Examples
    --------
    >>> is_git_url("https://github.com/owner/notes"), is_git_url("git@github.com:o/r.git")
    (True, True)
    >>> is_git_url("notes/"), is_git_url("C:/notes")
    (False, False)
    """
    text = source.strip()
    return bool(_URL_RE.match(text) or _SCP_RE.match(text))


def source_folder(url: str, ref: str | None, cache: Path) -> Path:
    """The cache folder a git source is fetched into (stable per URL and ref)."""
    key = hashlib.sha256(f"{url}\0{ref or ''}".encode()).hexdigest()[:12]
    name = _NAME_RE.sub("-", url.rstrip("/").rsplit("/", 1)[-1].removesuffix(".git")) or "repo"
    return cache / "sources" / f"{name[:40]}-{key}"


def resolve_source(source: str | os.PathLike[str], *, ref: str | None = None, cache: Path) -> Path:
    """The local folder of a source: the folder itself, or a fresh shallow git checkout.

    Parameters
    ----------
    source : str or path-like
        A folder, or a git URL (see :func:`is_git_url`).
    ref : str, optional
        Branch, tag or commit of a git source (the remote's default branch when None).
    cache : Path
        The cache folder; a git source goes to ``cache/sources/<name>-<hash>/``.

    Returns
    -------
    Path
        The folder to read.

    Raises
    ------
    SourceError
        When git is missing, or the clone or the fetch fails (the message says why).
    CorpusNotFound
        When ``--ref`` is given for a folder.
    """
    text = os.fspath(source)
    if not is_git_url(text):
        if ref:
            raise CorpusNotFound(f"--ref {ref} needs a git URL, but {text} is a folder.")
        return Path(text)
    if shutil.which("git") is None:
        raise SourceError(f"Cannot clone {text}: git is not installed.")
    folder = source_folder(text, ref, Path(cache))
    fresh = not (folder / ".git").is_dir()
    if fresh:
        folder.mkdir(parents=True, exist_ok=True)
        _git(folder, text, "init", "--quiet")
        _git(folder, text, "remote", "add", "origin", text)
    try:
        _fetch(folder, text, ref)
        _git(folder, text, "checkout", "--quiet", "--force", "FETCH_HEAD")
    except SourceError:
        if fresh:
            shutil.rmtree(folder, ignore_errors=True)
        raise
    logger.info("%s %s at %s", "cloned" if fresh else "updated", text, folder)
    return folder


def _fetch(folder: Path, url: str, ref: str | None) -> None:
    """Fetch ``ref`` (or the default branch) shallowly; a whole fetch when a commit needs it."""
    wanted = [ref] if ref else ["HEAD"]
    try:
        _git(folder, url, "fetch", "--quiet", "--depth", "1", "--no-tags", "origin", *wanted)
    except SourceError:
        if not ref or not re.fullmatch(r"[0-9a-fA-F]{7,40}", ref):
            raise
        whole = ["--unshallow"] if (folder / ".git" / "shallow").exists() else []
        _git(folder, url, "fetch", "--quiet", "--no-tags", *whole, "origin")  # a commit: all of it
        _git(folder, url, "rev-parse", "--verify", f"{ref}^{{commit}}")
        _git(folder, url, "update-ref", "FETCH_HEAD", ref)


def _git(folder: Path, url: str, *args: str) -> str:
    """Run git in ``folder`` without prompts; a :class:`SourceError` naming ``url`` on failure."""
    env = {
        **os.environ,
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_SSH_COMMAND": os.environ.get("GIT_SSH_COMMAND", "ssh -o BatchMode=yes"),
    }
    command = ["git", "-C", str(folder), "-c", "advice.detachedHead=false", *args]
    try:
        result = subprocess.run(
            command, capture_output=True, text=True, env=env, timeout=_TIMEOUT, check=False
        )
    except (OSError, subprocess.SubprocessError) as error:
        raise SourceError(f"Cannot clone {url}: {error}") from None
    if result.returncode != 0:
        lines = [line.strip() for line in result.stderr.splitlines() if line.strip()]
        fatal = [line for line in lines if line.startswith(("fatal:", "error:"))]
        reason = (fatal or lines or [f"git {args[0]} failed"])[0]
        reason = reason.removeprefix("fatal: ").removeprefix("error: ")
        raise SourceError(f"Cannot clone {url}: {reason}")
    return result.stdout
