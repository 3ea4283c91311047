"""What counts as a Markdown article: the one place the suffixes are defined."""

from __future__ import annotations

__all__ = ["MARKDOWN_SUFFIXES", "NOTEBOOK_SUFFIX", "is_markdown_name"]

NOTEBOOK_SUFFIX = ".ipynb"  # a Jupyter notebook: its Markdown cells (graph.workspace.notebook)
# Markdown, MDX (Docusaurus, Next.js), Quarto and R Markdown, and Jupyter notebooks
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdx", ".qmd", ".rmd", NOTEBOOK_SUFFIX)


def is_markdown_name(name: str) -> bool:
    """True for a file name with a Markdown suffix, in any case.

    Examples
    --------
    >>> is_markdown_name("BERT.MD"), is_markdown_name("intro.mdx"), is_markdown_name("bert.txt")
    (True, True, False)
    """
    return name.lower().endswith(MARKDOWN_SUFFIXES)
