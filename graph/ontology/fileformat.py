"""The ontology file format: reading, parsing, merging and writing it.

The built-in ontology is ``graph/ontology/data/ontology.yaml`` (generated from the
fragments in ``graph/ontology/data/ontology.d/`` by ``tools/merge_ontology.py``). A
user file in the same format (YAML or JSON) may add concepts and relations
and replace a built-in concept with the same id (:func:`merge_files`). The
generated file is written in the JSON subset of YAML (one concept per line),
which :mod:`json` reads about ten times faster than libyaml; other files go
through ``yaml.CSafeLoader``.

The format::

    ambiguous: [GD]              # labels several concepts may share
    concepts:
      - id: tinybert             # kebab-case ASCII
        name: TinyBERT
        zh: []
        aliases: [TinyBert]
        type: model              # one of CONCEPT_TYPES
        description: ...
        weak: false              # optional
        relations:               # optional, type -> [ids]
          distilled_from: [bert]

:func:`parse_ontology` notes what is wrong inside one file; the checks of a
merged ontology are in :mod:`graph.ontology.check`.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from graph.errors import OntologyError
from graph.models import Concept, Relation

__all__ = [
    "CONCEPT_TYPES",
    "RELATION_TYPES",
    "OntologyFile",
    "builtin_ontology_text",
    "merge_files",
    "ontology_to_data",
    "parse_ontology",
    "read_ontology_file",
    "read_ontology_text",
]

log = logging.getLogger(__name__)

CONCEPT_TYPES = frozenset(
    {"model", "method", "architecture", "task", "loss", "metric", "dataset", "concept"}
)
RELATION_TYPES = (
    "is_a",
    "variant_of",
    "part_of",
    "uses",
    "distilled_from",
    "improves_on",
    "alternative_to",
)

_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class OntologyFile:
    """One parsed ontology file, before merging.

    ``relation_sources`` holds the ids of concepts whose entry declares a
    ``relations`` mapping (an override replaces only those relations);
    ``problems`` lists what is wrong inside the file itself.
    """

    source: str
    concepts: tuple[Concept, ...]
    relations: tuple[Relation, ...]
    ambiguous: frozenset[str]
    relation_sources: frozenset[str]
    problems: tuple[str, ...] = ()


# --------------------------------------------------------------------------- reading


def builtin_ontology_text() -> str:
    """Return the text of the built-in ``graph/ontology/data/ontology.yaml``.

    Raises
    ------
    OntologyError
        When the packaged file is missing.
    """
    try:
        return resources.files("graph").joinpath("ontology/data/ontology.yaml").read_text("utf-8")
    except (FileNotFoundError, OSError) as exc:
        raise OntologyError(f"The built-in ontology is missing: {exc}") from exc


def _json_body(text: str) -> str | None:
    """The text without leading ``#`` comment lines when it then looks like JSON."""
    body = text.lstrip()
    while body.startswith("#"):
        body = body.partition("\n")[2].lstrip()
    return body if body.startswith("{") else None


def _load_text(text: str, source: str) -> Any:
    """Parse YAML or JSON text.

    JSON is YAML, and the generated ``ontology.yaml`` is written in its JSON
    subset (one concept per line) so that ``json`` reads it ten times faster
    than libyaml; anything else goes through the safe YAML loader.
    """
    body = _json_body(text)
    if body is not None:
        try:
            return json.loads(body)
        except json.JSONDecodeError:
            if source.endswith(".json"):
                raise OntologyError(f"{source}: not valid JSON") from None
    import yaml  # here only: the built-in file is read as JSON; PyYAML takes ~10 ms to import

    # libyaml is an order of magnitude faster than the pure-Python loader
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:
        raise OntologyError(f"{source}: not valid YAML/JSON: {exc}") from exc


def read_ontology_text(text: str, source: str = "<ontology>") -> OntologyFile:
    """Parse the text of one ontology file (YAML or JSON) into an :class:`OntologyFile`.

    Raises
    ------
    OntologyError
        When the text is not valid YAML/JSON.
    """
    return parse_ontology(_load_text(text, source), source)


def read_ontology_file(path: Path | str) -> Any:
    """Read a YAML or JSON ontology file and return its raw data.

    Raises
    ------
    OntologyError
        When the file cannot be read or parsed.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise OntologyError(f"Cannot read the ontology file {path}: {exc}") from exc
    return _load_text(text, str(path))


def _strings(value: Any, where: str, problems: list[str]) -> tuple[str, ...]:
    """Return a list field as a tuple of non-empty strings (None and "" allowed)."""
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        return (value.strip(),) if value.strip() else ()
    if type(value) is list and all(type(item) is str for item in value):  # the usual case
        return tuple(dict.fromkeys(text for text in (item.strip() for item in value) if text))
    if isinstance(value, list | tuple):
        out = []
        for item in value:
            if isinstance(item, str | int | float) and not isinstance(item, bool):
                text = str(item).strip()
                if text:
                    out.append(text)
            elif item is not None:
                problems.append(f"{where}: {item!r} is not a string")
        return tuple(dict.fromkeys(out))
    problems.append(f"{where}: expected a list of strings, got {type(value).__name__}")
    return ()


def parse_ontology(data: Any, source: str = "<ontology>") -> OntologyFile:
    """Turn the raw data of one ontology file into records, noting its problems.

    Parameters
    ----------
    data : mapping
        ``{"ambiguous": [...], "concepts": [...]}`` as read from YAML/JSON.
    source : str
        A name for messages (usually the file path).

    Returns
    -------
    OntologyFile
        The concepts, relations and ambiguous labels; ``problems`` names
        duplicate ids, missing names, unknown types and malformed fields.
    """
    problems: list[str] = []
    if data is None:
        data = {}
    if not isinstance(data, Mapping):
        return OntologyFile(source, (), (), frozenset(), frozenset(), (f"{source}: not a mapping",))
    unknown_keys = sorted(set(data) - {"ambiguous", "concepts"})
    if unknown_keys:
        problems.append(f"{source}: unknown top-level keys {unknown_keys}")
    ambiguous = frozenset(_strings(data.get("ambiguous"), f"{source}: ambiguous", problems))
    entries = data.get("concepts") or []
    if not isinstance(entries, list):
        problems.append(f"{source}: 'concepts' must be a list")
        entries = []
    concepts: list[Concept] = []
    relations: list[Relation] = []
    relation_sources: set[str] = set()
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        parsed = _parse_concept(entry, f"{source}: concept #{index + 1}", source, seen, problems)
        if parsed is None:
            continue
        concept, where = parsed
        concepts.append(concept)
        rels = entry.get("relations")
        if rels is not None:
            relation_sources.add(concept.id)
            relations += _parse_relations(concept.id, rels, where, problems)
    return OntologyFile(
        source=source,
        concepts=tuple(concepts),
        relations=tuple(dict.fromkeys(relations)),
        ambiguous=ambiguous,
        relation_sources=frozenset(relation_sources),
        problems=tuple(problems),
    )


def _parse_concept(
    entry: Any, numbered: str, source: str, seen: set[str], problems: list[str]
) -> tuple[Concept, str] | None:
    """One entry of ``concepts`` as a :class:`Concept` and the name messages give it.

    None, with a problem noted, for an entry that is no mapping or has no id, a
    duplicate id or no name; ``seen`` collects the ids. ``numbered`` names the entry
    by its position (``<source>: concept #3``) until its id is known.
    """
    if not isinstance(entry, Mapping):
        problems.append(f"{numbered} is not a mapping")
        return None
    cid = str(entry.get("id") or "").strip()
    where = f"{source}: concept {cid!r}" if cid else numbered
    if not cid:
        problems.append(f"{where} has no id")
        return None
    if not _ID_RE.match(cid):
        problems.append(f"{where}: id must be kebab-case ASCII")
    if cid in seen:
        problems.append(f"{source}: duplicate id {cid!r}")
        return None
    seen.add(cid)
    name = entry.get("name")
    name = str(name).strip() if isinstance(name, str | int | float) else ""
    if not name:
        problems.append(f"{where} has no name")
        return None
    ctype = str(entry.get("type") or "concept").strip()
    if ctype not in CONCEPT_TYPES:
        problems.append(f"{where}: unknown concept type {ctype!r}")
    description = entry.get("description") or ""
    concept = Concept(
        id=cid,
        name=name,
        zh=_strings(entry.get("zh"), f"{where}.zh", problems),
        aliases=_strings(entry.get("aliases"), f"{where}.aliases", problems),
        type=ctype,
        description=" ".join(str(description).split()),
        weak=bool(entry.get("weak", False)),
    )
    return concept, where


def _parse_relations(cid: str, rels: Any, where: str, problems: list[str]) -> list[Relation]:
    """The ``relations`` of concept ``cid`` (type -> target ids), problems noted."""
    if not isinstance(rels, Mapping):
        problems.append(f"{where}: relations must be a mapping type -> [ids]")
        return []
    relations = []
    for rtype, targets in rels.items():
        if rtype not in RELATION_TYPES:
            problems.append(f"{where}: unknown relation type {rtype!r}")
            continue
        for target in _strings(targets, f"{where}.relations.{rtype}", problems):
            relations.append(Relation(cid, str(rtype), target))
    return relations


# --------------------------------------------------------------------------- merging


def merge_files(base: OntologyFile, extra: OntologyFile) -> OntologyFile:
    """Lay ``extra`` over ``base``: new concepts are added, same ids replaced.

    A replaced concept keeps its built-in relations unless the overriding
    entry declares ``relations`` of its own; relations of ``extra`` are
    added. Ambiguous labels are united.
    """
    replaced = {concept.id for concept in extra.concepts}
    concepts = {concept.id: concept for concept in base.concepts}
    for concept in extra.concepts:
        if concept.id in concepts:
            log.info("ontology %s replaces concept %r", extra.source, concept.id)
        concepts[concept.id] = concept
    dropped = replaced & extra.relation_sources
    relations = [rel for rel in base.relations if rel.source not in dropped]
    relations.extend(extra.relations)
    return OntologyFile(
        source=f"{base.source}+{extra.source}",
        concepts=tuple(concepts.values()),
        relations=tuple(dict.fromkeys(relations)),
        ambiguous=base.ambiguous | extra.ambiguous,
        relation_sources=base.relation_sources | extra.relation_sources,
        problems=base.problems + extra.problems,
    )


# --------------------------------------------------------------------------- output


def _concept_data(concept: Concept, relations: Iterable[Relation]) -> dict[str, Any]:
    """The file form of one concept (empty lists left out, relations grouped by type)."""
    data: dict[str, Any] = {"id": concept.id, "name": concept.name}
    if concept.zh:
        data["zh"] = list(concept.zh)
    if concept.aliases:
        data["aliases"] = list(concept.aliases)
    data["type"] = concept.type
    data["description"] = concept.description
    if concept.weak:
        data["weak"] = True
    grouped: dict[str, list[str]] = {}
    for rel in relations:
        grouped.setdefault(rel.type, []).append(rel.target)
    if grouped:
        data["relations"] = {
            rtype: sorted(set(grouped[rtype])) for rtype in RELATION_TYPES if rtype in grouped
        }
    return data


def ontology_to_data(
    concepts: Iterable[Concept], relations: Iterable[Relation], ambiguous: Iterable[str]
) -> dict[str, Any]:
    """Return the canonical file form: ambiguous labels and concepts sorted by id."""
    by_source: dict[str, list[Relation]] = {}
    for rel in relations:
        by_source.setdefault(rel.source, []).append(rel)
    return {
        "ambiguous": sorted(set(ambiguous)),
        "concepts": [
            _concept_data(concept, by_source.get(concept.id, ()))
            for concept in sorted(concepts, key=lambda c: c.id)
        ],
    }
