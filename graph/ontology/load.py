"""Loading the ontology of NLP concepts.

:func:`load_ontology` reads the built-in ``graph/ontology/data/ontology.yaml``,
optionally overlaid with a user file in the same format (YAML or JSON),
validates the merged result and returns the :class:`~graph.models.Ontology`
record with a content hash. The pieces live in two modules (their public names
are importable from :mod:`graph.ontology`):

* :mod:`graph.ontology.fileformat`: the file format (:func:`parse_ontology`,
  :func:`merge_files`, :func:`ontology_to_data`, :class:`OntologyFile`);
* :mod:`graph.ontology.check`: :func:`normalize_label` and the checks
  (:func:`find_problems`, :func:`validate`).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from graph.models import Ontology
from graph.ontology.check import validate
from graph.ontology.fileformat import (
    OntologyFile,
    builtin_ontology_text,
    merge_files,
    ontology_to_data,
    parse_ontology,
    read_ontology_file,
    read_ontology_text,
)

__all__ = ["load_ontology", "make_ontology"]


def make_ontology(merged: OntologyFile) -> Ontology:
    """Validate a merged file and return the :class:`Ontology` record with its hash.

    Raises
    ------
    OntologyError
        When the merged content has problems.
    """
    validate(merged)
    data = ontology_to_data(merged.concepts, merged.relations, merged.ambiguous)
    canonical = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    relations = tuple(sorted(merged.relations, key=lambda rel: (rel.source, rel.type, rel.target)))
    return Ontology(
        concepts={concept.id: concept for concept in sorted(merged.concepts, key=lambda c: c.id)},
        relations=relations,
        ambiguous=frozenset(merged.ambiguous),
        hash=hashlib.sha256(canonical.encode("utf-8")).hexdigest(),
    )


def load_ontology(extra: Path | str | None = None) -> Ontology:
    """Load the built-in ontology, optionally overlaid with a user file.

    Parameters
    ----------
    extra : Path, optional
        A YAML or JSON file in the same format. Its concepts are added; one
        with the id of a built-in concept replaces it.

    Returns
    -------
    Ontology
        Concepts by id, relations, ambiguous labels and a sha256 ``hash`` of
        the merged content (stable across runs and key orders).

    Raises
    ------
    OntologyError
        When a file is missing or unreadable, or the merged result is
        invalid (duplicate ids, label clashes, unknown relation targets,
        unknown types, missing names).

    Examples
    --------
    >>> onto = load_ontology()
    >>> len(onto.hash)
    64
    """
    merged = read_ontology_text(builtin_ontology_text(), "ontology.yaml")
    if extra is not None:
        user = parse_ontology(read_ontology_file(extra), str(extra))
        merged = merge_files(merged, user)
    return make_ontology(merged)
