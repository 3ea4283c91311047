"""The NLP ontology: its file format, validation and loading, with the data beside it.

``data/ontology.yaml`` is merged from the domain fragments in ``data/ontology.d/`` by
``tools/merge_ontology.py``; :func:`load_ontology` reads it (plus a user overlay) into a validated
:class:`~graph.models.Ontology`.
"""

from graph.ontology.check import find_problems, normalize_label, validate
from graph.ontology.fileformat import (
    CONCEPT_TYPES,
    RELATION_TYPES,
    OntologyFile,
    builtin_ontology_text,
    merge_files,
    ontology_to_data,
    parse_ontology,
    read_ontology_file,
    read_ontology_text,
)
from graph.ontology.load import load_ontology, make_ontology

__all__ = [
    "CONCEPT_TYPES",
    "RELATION_TYPES",
    "OntologyFile",
    "builtin_ontology_text",
    "find_problems",
    "load_ontology",
    "make_ontology",
    "merge_files",
    "normalize_label",
    "ontology_to_data",
    "parse_ontology",
    "read_ontology_file",
    "read_ontology_text",
    "validate",
]
