"""What counts as a Markdown article: the one place the suffixes are defined."""

from __future__ import annotations

__all__ = ["MARKDOWN_SUFFIXES", "is_markdown_name"]

# Markdown, MDX (Docusaurus, Next.js), Quarto and R Markdown notebooks' Markdown
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdx", ".qmd", ".rmd")


def is_markdown_name(name: str) -> bool:
    """True for a file name with a Markdown suffix, in any case.

    Examples
    --------
    >>> is_markdown_name("BERT.MD"), is_markdown_name("intro.mdx"), is_markdown_name("bert.txt")
    (True, True, False)
    """
    return name.lower().endswith(MARKDOWN_SUFFIXES)
