"""Reading a workspace: finding the files, decoding them, parsing their Markdown into plain text.

The bottom of the pipeline: it imports only :mod:`graph.models` and :mod:`graph.errors`.
"""

from importlib import import_module

from graph.workspace.files import MARKDOWN_SUFFIXES, is_markdown_name
from graph.workspace.text import normalize

# The parser and the reader load on first use: `nlpmap build` on a fresh cache only needs
# the file suffixes.
_LAZY = {
    "make_parser": "graph.workspace.markdown",
    "parse_markdown": "graph.workspace.markdown",
    "decode_bytes": "graph.workspace.reader",
    "read_workspace": "graph.workspace.reader",
}


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'graph.workspace' has no attribute {name!r}")
    return getattr(import_module(module), name)


__all__ = [
    "MARKDOWN_SUFFIXES",
    "decode_bytes",
    "is_markdown_name",
    "make_parser",
    "normalize",
    "parse_markdown",
    "read_workspace",
]
