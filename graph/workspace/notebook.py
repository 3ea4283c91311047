"""Jupyter notebooks as Markdown: their Markdown cells, with code cells as fenced code.

A notebook's notes are its Markdown cells; its code is code (kept as fenced blocks, so it is
never text and never a link, as in any Markdown file); outputs and raw cells are left out.
nbformat 4 (``cells``) and 3 (``worksheets[].cells``) are read.
"""

from __future__ import annotations

import json

__all__ = ["notebook_markdown"]


def notebook_markdown(text: str) -> str:
    """The Markdown a notebook's JSON holds.

    Raises
    ------
    ValueError
        When ``text`` is no notebook (not JSON, or no list of cells).

    Examples
    --------
    >>> nb = {"cells": [{"cell_type": "markdown", "source": ["# BERT\\n", "An encoder."]},
    ...                 {"cell_type": "code", "source": "print(1)", "outputs": []}]}
    >>> print(notebook_markdown(json.dumps(nb)))
    # BERT
    An encoder.
    <BLANKLINE>
    ```
    print(1)
    ```
    <BLANKLINE>
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"not a notebook (JSON error at line {error.lineno})") from None
    cells = data.get("cells") if isinstance(data, dict) else None
    if cells is None and isinstance(data, dict):  # nbformat 3
        sheets = data.get("worksheets")
        first = sheets[0] if isinstance(sheets, list) and sheets else None
        cells = first.get("cells") if isinstance(first, dict) else None
    if not isinstance(cells, list):
        raise ValueError("not a notebook (no list of cells)")  # noqa: TRY004 (bad input, not a bug)
    parts = []
    for cell in cells:
        if not isinstance(cell, dict):
            continue
        source = cell.get("source", cell.get("input", ""))
        source = "".join(map(str, source)) if isinstance(source, list) else str(source)
        if cell.get("cell_type") == "markdown":
            parts.append(source.rstrip("\n") + "\n")
        elif cell.get("cell_type") == "code" and source.strip():
            fence = "`" * max(3, _longest_backticks(source) + 1)
            parts.append(f"{fence}\n{source.rstrip()}\n{fence}\n")
    return "\n".join(parts)


def _longest_backticks(text: str) -> int:
    """The longest run of backticks in ``text`` (a fence must be longer)."""
    longest = run = 0
    for char in text:
        run = run + 1 if char == "`" else 0
        longest = max(longest, run)
    return longest
