"""Reading a workspace: finding the files, decoding them, parsing their Markdown into plain text.

The bottom of the pipeline: it imports only :mod:`graph.models` and :mod:`graph.errors`.
"""

from graph.workspace.files import MARKDOWN_SUFFIXES, is_markdown_name
from graph.workspace.markdown import make_parser, parse_markdown
from graph.workspace.reader import decode_bytes, read_workspace
from graph.workspace.text import normalize

__all__ = [
    "MARKDOWN_SUFFIXES",
    "decode_bytes",
    "is_markdown_name",
    "make_parser",
    "normalize",
    "parse_markdown",
    "read_workspace",
]
