"""Loading and validating the ontology of NLP concepts.

The built-in ontology is ``graph/data/ontology.yaml`` (generated from the
fragments in ``graph/data/ontology.d/`` by ``tools/merge_ontology.py``). A
user file in the same format (YAML or JSON) may add concepts and relations
and replace a built-in concept with the same id. Every load is validated:
see :func:`find_problems`. The generated file is written in the JSON subset
of YAML (one concept per line), which :mod:`json` reads about ten times
faster than libyaml; other files go through ``yaml.CSafeLoader``.

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
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from graph.errors import OntologyError
from graph.models import Concept, Ontology, Relation

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
MAX_REPORTED = 10

_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
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
    """Return the text of the built-in ``graph/data/ontology.yaml``.

    Raises
    ------
    OntologyError
        When the packaged file is missing.
    """
    try:
        return resources.files("graph").joinpath("data/ontology.yaml").read_text("utf-8")
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
        if not isinstance(entry, Mapping):
            problems.append(f"{source}: concept #{index + 1} is not a mapping")
            continue
        cid = str(entry.get("id") or "").strip()
        where = f"{source}: concept {cid!r}" if cid else f"{source}: concept #{index + 1}"
        if not cid:
            problems.append(f"{where} has no id")
            continue
        if not _ID_RE.match(cid):
            problems.append(f"{where}: id must be kebab-case ASCII")
        if cid in seen:
            problems.append(f"{source}: duplicate id {cid!r}")
            continue
        seen.add(cid)
        name = entry.get("name")
        name = str(name).strip() if isinstance(name, str | int | float) else ""
        if not name:
            problems.append(f"{where} has no name")
            continue
        ctype = str(entry.get("type") or "concept").strip()
        if ctype not in CONCEPT_TYPES:
            problems.append(f"{where}: unknown concept type {ctype!r}")
        description = entry.get("description") or ""
        concepts.append(
            Concept(
                id=cid,
                name=name,
                zh=_strings(entry.get("zh"), f"{where}.zh", problems),
                aliases=_strings(entry.get("aliases"), f"{where}.aliases", problems),
                type=ctype,
                description=" ".join(str(description).split()),
                weak=bool(entry.get("weak", False)),
            )
        )
        rels = entry.get("relations")
        if rels is None:
            continue
        relation_sources.add(cid)
        if not isinstance(rels, Mapping):
            problems.append(f"{where}: relations must be a mapping type -> [ids]")
            continue
        for rtype, targets in rels.items():
            if rtype not in RELATION_TYPES:
                problems.append(f"{where}: unknown relation type {rtype!r}")
                continue
            for target in _strings(targets, f"{where}.relations.{rtype}", problems):
                relations.append(Relation(cid, str(rtype), target))
    return OntologyFile(
        source=source,
        concepts=tuple(concepts),
        relations=tuple(dict.fromkeys(relations)),
        ambiguous=ambiguous,
        relation_sources=frozenset(relation_sources),
        problems=tuple(problems),
    )


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


# --------------------------------------------------------------------------- validation


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
        if rel.type not in RELATION_TYPES:
            problems.append(f"relation {rel.source} {rel.type} {rel.target}: unknown relation type")
        if rel.source not in ids:
            problems.append(f"relation {rel.source} {rel.type} {rel.target}: unknown source id")
        if rel.target not in ids:
            problems.append(
                f"relation {rel.source} {rel.type} {rel.target}: unknown target id {rel.target!r}"
            )
        if rel.source == rel.target:
            problems.append(f"relation {rel.source} {rel.type} {rel.target}: points to itself")
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
        problems = list(ontology.problems)
        problems += find_problems(ontology.concepts, ontology.relations, ontology.ambiguous)
        _raise_problems(problems, f"The ontology {ontology.source}")
    else:
        problems = find_problems(ontology.concepts.values(), ontology.relations, ontology.ambiguous)
        _raise_problems(problems, "The ontology")


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
