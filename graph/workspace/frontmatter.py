"""Front matter: the YAML (``---``) or TOML (``+++``) block that opens a Jekyll, Hugo or Obsidian
note, or the ``key:: value`` properties that open a Logseq page.

It is never text: :func:`split_front_matter` returns what it says (a
:class:`~graph.models.FrontMatter`) and the body with the block replaced by as many
empty lines, so every line number of the body stays that of the file. A block that does
not parse is still cut off (it is metadata, not prose) and yields an empty record.
"""

from __future__ import annotations

import datetime as _dt
import logging
import re
import tomllib

from graph.models import FrontMatter

__all__ = ["split_front_matter"]

logger = logging.getLogger(__name__)

_YAML_RE = re.compile(
    r"\A(?:\ufeff)?---[ \t]*\r?\n(.*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL
)
_TOML_RE = re.compile(r"\A(?:\ufeff)?\+\+\+[ \t]*\r?\n(.*?\r?\n)?\+\+\+[ \t]*(?:\r?\n|\Z)", re.DOTALL)
# Logseq page properties: ``key:: value`` lines that open the page (``alias:: a, [[b]]``)
_LOGSEQ_RE = re.compile(r"\A(?:\ufeff)?((?:[A-Za-z][\w-]*::[ \t][^\n]*(?:\n|\Z))+)")
_LOGSEQ_LINE_RE = re.compile(r"([A-Za-z][\w-]*)::[ \t]+(.*)")
_LOGSEQ_LISTS = ("alias", "aliases", "tags", "tag", "categories", "category")


def split_front_matter(text: str) -> tuple[FrontMatter, str]:
    """The front matter of a Markdown text and its body (front matter lines left empty).

    Parameters
    ----------
    text : str
        The whole file.

    Returns
    -------
    tuple of (FrontMatter, str)
        The record (empty, ``format`` "", when there is none) and the body.

    Examples
    --------
    >>> meta, body = split_front_matter("---\\ntitle: Attention?\\ntags: [nlp, bert]\\n---\\n# A\\n")
    >>> meta.title, meta.tags, meta.format, body
    ('Attention?', ('nlp', 'bert'), 'yaml', '\\n\\n\\n\\n# A\\n')
    >>> split_front_matter("+++\\ntitle = 'T5'\\n+++\\nx")[0].title
    'T5'
    >>> split_front_matter("# no front matter")[0].format
    ''
    >>> meta, body = split_front_matter("title:: BERT\\nalias:: encoder, [[Bert]]\\n- text\\n")
    >>> meta.title, meta.aliases, meta.format, body
    ('BERT', ('encoder', 'Bert'), 'logseq', '\\n\\n- text\\n')
    """
    logseq = _LOGSEQ_RE.match(text)
    if logseq is not None:
        data = {}
        for line in logseq.group(1).splitlines():
            key, value = _LOGSEQ_LINE_RE.match(line).groups()  # type: ignore[union-attr]
            if key.lower() in _LOGSEQ_LISTS:
                items = [v.strip().removeprefix("[[").removesuffix("]]") for v in value.split(",")]
                data[key] = [item.lstrip("#") for item in items if item.strip()]
            else:
                data[key] = value.strip()
        body = "\n" * logseq.group(0).count("\n") + text[logseq.end() :]
        return _record(data, "logseq"), body
    if not text.startswith(("---", "+++", "\ufeff")):
        return FrontMatter(), text
    for kind, pattern in (("yaml", _YAML_RE), ("toml", _TOML_RE)):
        match = pattern.match(text)
        if match is None:
            continue
        data = _load(kind, match.group(1) or "")
        body = "\n" * match.group(0).count("\n") + text[match.end() :]
        return _record(data, kind), body
    return FrontMatter(), text


def _load(kind: str, block: str) -> dict:
    """The mapping a front-matter block holds ({} when it does not parse or is no mapping)."""
    import yaml  # only for notes with front matter (importing it costs ~0.05 s)

    try:
        data = yaml.safe_load(block) if kind == "yaml" else tomllib.loads(block)
    except (yaml.YAMLError, tomllib.TOMLDecodeError, ValueError) as error:
        logger.debug("front matter does not parse: %s", error)
        return {}
    return data if isinstance(data, dict) else {}


def _record(data: dict, kind: str) -> FrontMatter:
    """A :class:`FrontMatter` from the parsed mapping (keys compared in lower case)."""
    lower = {str(key).lower(): value for key, value in data.items()}
    return FrontMatter(
        title=_scalar(lower.get("title")),
        date=_scalar(lower.get("date")),
        tags=_words(lower.get("tags", lower.get("tag"))),
        categories=_words(lower.get("categories", lower.get("category"))),
        aliases=_words(lower.get("aliases", lower.get("alias")), split=False),
        slug=_scalar(lower.get("slug")),
        permalink=_scalar(lower.get("permalink", lower.get("url"))),
        format=kind,
    )


def _scalar(value: object) -> str:
    """A scalar as one trimmed line ("" for none, lists and mappings)."""
    if value is None or isinstance(value, (list, dict)):
        return ""
    if isinstance(value, _dt.datetime):
        return value.date().isoformat() if not value.time() else value.isoformat(sep=" ")
    if isinstance(value, _dt.date):
        return value.isoformat()
    return " ".join(str(value).split())


def _words(value: object, *, split: bool = True) -> tuple[str, ...]:
    """Tags or categories: a list, or a string of words (Jekyll splits on spaces)."""
    if value is None:
        return ()
    items = value if isinstance(value, (list, tuple)) else [value]
    words: list[str] = []
    for item in items:
        text = _scalar(item)
        parts = text.split() if split and not isinstance(value, (list, tuple)) else [text]
        words.extend(part.strip().lstrip("#") for part in parts if part.strip())
    return tuple(dict.fromkeys(word for word in words if word))
