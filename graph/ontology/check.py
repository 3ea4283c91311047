"""Validating an ontology: names, types, label clashes and relation ends.

Two labels (names, Chinese names, aliases) are the same when their
:func:`normalize_label` keys are equal; a label may belong to one concept
only unless the ontology lists it as ``ambiguous``. :func:`find_problems`
lists what is wrong, :func:`validate` raises :class:`~graph.errors.OntologyError`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from graph.errors import OntologyError
from graph.models import Concept, Ontology, Relation
from graph.ontology.fileformat import CONCEPT_TYPES, RELATION_TYPES, OntologyFile

__all__ = ["MAX_REPORTED", "find_problems", "normalize_label", "validate"]

#: How many problems an :class:`~graph.errors.OntologyError` names.
MAX_REPORTED = 10

# Separators that do not distinguish two names: spaces, hyphens, dots,
# underscores (after NFKC, so full-width forms are covered), and the common
# Unicode dashes and the middle dot.
_SEPARATORS = " \t\n\r-._\u00a0\u00b7\u2010\u2011\u2012\u2013\u2014\u2212\u30fb"
_SEPARATOR_TABLE = str.maketrans("", "", _SEPARATORS)
_ASCII_SEPARATORS = tuple(char for char in _SEPARATORS if char.isascii())


def normalize_label(text: str) -> str:
    """Return the comparison key of a concept label.

    NFKC (full-width to half-width), case folding, and spaces, hyphens, dots
    and underscores removed, so ``Layer-Norm``, ``layer norm`` and
    ``ＬａｙｅｒＮｏｒｍ`` share one key.

    Examples
    --------
    >>> normalize_label("Layer-Norm") == normalize_label("layer norm") == "layernorm"
    True
    """
    if text.isascii():  # already in NFKC; a few str.replace beat str.translate here
        text = text.lower()
        for separator in _ASCII_SEPARATORS:
            if separator in text:
                text = text.replace(separator, "")
        return text
    return unicodedata.normalize("NFKC", text).casefold().translate(_SEPARATOR_TABLE)


def find_problems(
    concepts: Iterable[Concept],
    relations: Iterable[Relation] = (),
    ambiguous: Iterable[str] = (),
) -> list[str]:
    """Return every problem of a merged ontology, one sentence each.

    Checks: each concept has a name and a known type; no label (name, Chinese
    name or alias, compared by :func:`normalize_label`) belongs to two
    concepts unless it is listed in ``ambiguous``; relations have a known
    type and join known ids.
    """
    problems: list[str] = []
    allowed = {normalize_label(label) for label in ambiguous}
    owners: dict[str, tuple[str, str]] = {}
    ids: set[str] = set()
    for concept in concepts:
        ids.add(concept.id)
        if not concept.name.strip():
            problems.append(f"concept {concept.id!r} has no name")
        if concept.type not in CONCEPT_TYPES:
            problems.append(f"concept {concept.id!r}: unknown concept type {concept.type!r}")
        for label in concept.labels:
            key = normalize_label(label)
            if not key:
                problems.append(f"concept {concept.id!r}: label {label!r} is empty once normalised")
                continue
            owner = owners.get(key)
            if owner is None:
                owners[key] = (concept.id, label)
            elif owner[0] != concept.id and key not in allowed:
                problems.append(
                    f"label {label!r} of concept {concept.id!r} clashes with {owner[1]!r} "
                    f"of concept {owner[0]!r} (list it under 'ambiguous' if both are meant)"
                )
    for rel in relations:
        where = f"relation {rel.source} {rel.type} {rel.target}"
        if rel.type not in RELATION_TYPES:
            problems.append(f"{where}: unknown relation type")
        if rel.source not in ids:
            problems.append(f"{where}: unknown source id")
        if rel.target not in ids:
            problems.append(f"{where}: unknown target id {rel.target!r}")
        if rel.source == rel.target:
            problems.append(f"{where}: points to itself")
    return problems


def _raise_problems(problems: list[str], what: str) -> None:
    """Raise :class:`OntologyError` listing the first problems, if any."""
    if not problems:
        return
    shown = "\n  - ".join(problems[:MAX_REPORTED])
    more = (
        f"\n  ... and {len(problems) - MAX_REPORTED} more" if len(problems) > MAX_REPORTED else ""
    )
    raise OntologyError(f"{what} is invalid ({len(problems)} problems):\n  - {shown}{more}")


def validate(ontology: Ontology | OntologyFile) -> None:
    """Raise :class:`OntologyError` when the ontology has problems.

    Parameters
    ----------
    ontology : Ontology or OntologyFile
        A merged ontology (an :class:`OntologyFile` also reports the
        problems found while parsing it).

    Raises
    ------
    OntologyError
        Naming the first ten problems and the ids concerned.
    """
    if isinstance(ontology, OntologyFile):
        concepts: Iterable[Concept] = ontology.concepts
        problems, what = list(ontology.problems), f"The ontology {ontology.source}"
    else:
        concepts, problems, what = ontology.concepts.values(), [], "The ontology"
    problems += find_problems(concepts, ontology.relations, ontology.ambiguous)
    _raise_problems(problems, what)
