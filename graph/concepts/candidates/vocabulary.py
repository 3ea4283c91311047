"""The vocabulary of candidate discovery: word lists in ``data/`` and shared character classes.

Each word list is a text file ``data/<name>.txt`` beside this module: one term a line, lines
starting with ``#`` are comments (each file opens with one saying what the list is for). A list
is read once, on first use (:func:`terms`, :func:`term_set`), and can be spliced into a regular
expression as an alternation (:func:`alternation`) or a character class (:func:`char_class`).

``LATIN`` and ``CJK`` are regular-expression character-class bodies: the ASCII letters and
digits a Latin candidate is made of, and the CJK ideographs of a Chinese one.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files

__all__ = ["CJK", "LATIN", "alternation", "char_class", "term_set", "terms"]

LATIN = "0-9A-Za-z"
CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"


@cache
def terms(name: str) -> tuple[str, ...]:
    """The terms of ``data/<name>.txt``, in file order, comments and blank lines left out.

    Examples
    --------
    >>> terms("cjk_numerals")[:3]
    ('零', '〇', '一')
    """
    text = (files("graph.concepts.candidates") / "data" / f"{name}.txt").read_text(encoding="utf-8")
    lines = (line.strip() for line in text.splitlines())
    return tuple(line for line in lines if line and not line.startswith("#"))


@cache
def term_set(name: str) -> frozenset[str]:
    """The terms of ``data/<name>.txt`` as a set."""
    return frozenset(terms(name))


def alternation(name: str) -> str:
    """The terms of ``data/<name>.txt`` as a regular-expression alternation, in file order.

    Examples
    --------
    >>> alternation("word_units").split("|")[:3]
    ['分钟', '小时', '秒钟']
    """
    return "|".join(re.escape(term) for term in terms(name))


def char_class(name: str) -> str:
    """The single-character terms of ``data/<name>.txt`` as a character-class body."""
    return "".join(re.escape(term) for term in terms(name))
