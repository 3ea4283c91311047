"""The ontology: loading, user overlays, validation, the fragment merge tool."""

from __future__ import annotations

import importlib.util
import json
import unicodedata
from pathlib import Path

import pytest

from graph.errors import OntologyError
from graph.models import Relation
from graph.ontology import (
    load_ontology,
    make_ontology,
    normalize_label,
    parse_ontology,
    read_ontology_file,
    validate,
)

ROOT = Path(__file__).resolve().parents[2]


def _load_tool():
    """Import tools/merge_ontology.py (a script, not a package)."""
    spec = importlib.util.spec_from_file_location(
        "merge_ontology", ROOT / "tools" / "merge_ontology.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_normalize_label_folds_case_width_and_separators():
    assert normalize_label("Layer-Norm") == "layernorm"
    assert normalize_label("layer norm") == "layernorm"
    assert normalize_label("ＬａｙｅｒＮｏｒｍ") == "layernorm"
    assert normalize_label("word_2.vec") == "word2vec"
    assert normalize_label("知识 蒸馏") == "知识蒸馏"


def test_normalize_label_ascii_shortcut_matches_the_unicode_path():
    separators = " \t\n\r-._\u00a0\u00b7\u2010\u2011\u2012\u2013\u2014\u2212\u30fb"

    def by_definition(text: str) -> str:
        folded = unicodedata.normalize("NFKC", text).casefold()
        return "".join(char for char in folded if char not in separators)

    samples = [chr(i) for i in range(128)] + ["Bi-LSTM", "GPT-3.5 Turbo", "a_b c\td\ne"]
    samples += ["ＬａｙｅｒＮｏｒｍ", "Straße", "ﬁne-tune", "知识 蒸馏", "İ", "\u212a"]
    for text in samples:
        assert normalize_label(text) == by_definition(text), repr(text)


def test_builtin_ontology_loads_and_hash_is_stable():
    first = load_ontology()
    second = load_ontology()
    assert len(first.concepts) > 100
    assert len(first.hash) == 64 and first.hash == second.hash
    assert all(isinstance(rel, Relation) for rel in first.relations)
    assert all(
        rel.source in first.concepts and rel.target in first.concepts for rel in first.relations
    )


def test_builtin_ontology_is_up_to_date_with_fragments():
    tool = _load_tool()
    paths = sorted((ROOT / "graph" / "ontology" / "data" / "ontology.d").glob("*.yaml"))
    merged, _ = tool.merge_fragments(paths)
    current = (ROOT / "graph" / "ontology" / "data" / "ontology.yaml").read_text(encoding="utf-8")
    assert tool.render(merged) == current, "run python tools/merge_ontology.py"


def test_user_yaml_adds_and_overrides(tmp_path):
    base = load_ontology()
    some_id = min(base.concepts)
    user = _write(
        tmp_path / "mine.yaml",
        f"""
concepts:
  - id: {some_id}
    name: Replaced Name Zz
    zh: [替换的名字]
    type: concept
    description: overridden
  - id: my-new-model-zz
    name: MyNewModelZz
    aliases: [MNMZ]
    type: model
    description: added
    relations:
      is_a: [{some_id}]
""",
    )
    merged = load_ontology(user)
    assert merged.concepts[some_id].name == "Replaced Name Zz"
    assert merged.concepts["my-new-model-zz"].aliases == ("MNMZ",)
    assert Relation("my-new-model-zz", "is_a", some_id) in merged.relations
    assert len(merged.concepts) == len(base.concepts) + 1
    assert merged.hash != base.hash


def test_user_json_file_is_read(tmp_path):
    user = _write(
        tmp_path / "mine.json",
        json.dumps(
            {
                "concepts": [
                    {
                        "id": "json-thing-zz",
                        "name": "JsonThingZz",
                        "type": "concept",
                        "description": "from JSON",
                    }
                ]
            }
        ),
    )
    assert "json-thing-zz" in load_ontology(user).concepts


def test_hash_ignores_key_order():
    a = parse_ontology(
        {
            "concepts": [
                {"id": "a", "name": "A", "type": "model", "description": "x"},
                {
                    "id": "b",
                    "name": "B",
                    "type": "model",
                    "description": "y",
                    "relations": {"is_a": ["a"]},
                },
            ]
        }
    )
    b = parse_ontology(
        {
            "concepts": [
                {
                    "relations": {"is_a": ["a"]},
                    "description": "y",
                    "type": "model",
                    "name": "B",
                    "id": "b",
                },
                {"type": "model", "description": "x", "name": "A", "id": "a"},
            ]
        }
    )
    assert make_ontology(a).hash == make_ontology(b).hash


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            """
concepts:
  - {id: dup-zz, name: One, type: model, description: x}
  - {id: dup-zz, name: Two, type: model, description: y}
""",
            ["duplicate id 'dup-zz'"],
        ),
        (
            """
concepts:
  - {id: first-zz, name: First, aliases: [Clash-Zz], type: model, description: x}
  - {id: second-zz, name: Second, aliases: [clash zz], type: model, description: y}
""",
            ["'second-zz'", "'first-zz'", "clashes"],
        ),
        (
            """
concepts:
  - id: lonely-zz
    name: Lonely
    type: model
    description: x
    relations: {is_a: [nowhere-zz]}
""",
            ["unknown target id 'nowhere-zz'", "lonely-zz"],
        ),
        (
            """
concepts:
  - id: odd-zz
    name: Odd
    type: gadget
    description: x
    relations: {likes: [odd-zz]}
""",
            ["unknown concept type 'gadget'", "unknown relation type 'likes'", "odd-zz"],
        ),
        (
            """
concepts:
  - {id: nameless-zz, type: model, description: x}
""",
            ["'nameless-zz' has no name"],
        ),
    ],
)
def test_user_file_with_problems_is_rejected(tmp_path, text, expected):
    user = _write(tmp_path / "broken.yaml", text)
    with pytest.raises(OntologyError) as info:
        load_ontology(user)
    message = str(info.value)
    for part in expected:
        assert part in message


def test_ambiguous_label_may_be_shared():
    data = {
        "ambiguous": ["GD"],
        "concepts": [
            {
                "id": "gradient-descent-zz",
                "name": "GDescent",
                "aliases": ["GD"],
                "type": "method",
                "description": "x",
            },
            {
                "id": "gd-other-zz",
                "name": "Other",
                "aliases": ["G.D."],
                "type": "method",
                "description": "y",
            },
        ],
    }
    ontology = make_ontology(parse_ontology(data))
    validate(ontology)
    assert ontology.ambiguous == frozenset({"GD"})


def test_problem_report_is_capped_at_ten(tmp_path):
    lines = ["concepts:"] + [
        f"  - {{id: c{i}, name: N{i}, type: model, description: x, relations: {{is_a: [missing{i}]}}}}"
        for i in range(15)
    ]
    user = _write(tmp_path / "many.yaml", "\n".join(lines))
    with pytest.raises(OntologyError, match=r"15 problems[\s\S]*and 5 more"):
        load_ontology(user)


def test_unreadable_files_raise_ontology_error(tmp_path):
    with pytest.raises(OntologyError, match="Cannot read"):
        read_ontology_file(tmp_path / "missing.yaml")
    bad = _write(tmp_path / "bad.yaml", "concepts: [unclosed")
    with pytest.raises(OntologyError, match="not valid YAML"):
        load_ontology(bad)


def test_merge_tool_repairs_and_reports(tmp_path):
    tool = _load_tool()
    one = _write(
        tmp_path / "a-one.yaml",
        """
ambiguous: []
concepts:
  - {id: bert-zz, name: BertZz, zh: [伯特], aliases: [BZ], type: model, description: a}
  - {id: ner-zz, name: NerZz, aliases: [Shared Label], type: task, description: b,
     relations: {uses: [bert-zz, ghost-zz]}}
""",
    )
    two = _write(
        tmp_path / "b-two.yaml",
        """
concepts:
  - {id: bert-zz, name: BertZz, aliases: [BERT zz base], type: model, description: ""}
  - {id: other-zz, name: OtherZz, aliases: [shared-label], type: task, description: c}
  - {id: twin-zz, name: NerZz, type: task, description: d, relations: {is_a: [other-zz]}}
""",
    )
    merged, notes = tool.merge_fragments([one, two])
    ontology = make_ontology(merged)
    assert set(ontology.concepts) == {"bert-zz", "ner-zz", "other-zz"}
    assert "BERT zz base" in ontology.concepts["bert-zz"].aliases
    assert ontology.concepts["bert-zz"].description == "a"
    assert "Shared Label" in ontology.concepts["ner-zz"].aliases
    assert "shared-label" not in ontology.concepts["other-zz"].aliases
    assert Relation("ner-zz", "is_a", "other-zz") in ontology.relations  # twin redirected
    assert not any(rel.target == "ghost-zz" for rel in ontology.relations)
    text = "\n".join(notes)
    assert "bert-zz" in text and "ghost-zz" in text and "twin-zz" in text
    rendered = tool.render(merged)
    assert tool.render(tool.merge_fragments([one, two])[0]) == rendered  # stable
    out = _write(tmp_path / "merged.yaml", rendered)
    assert make_ontology(parse_ontology(read_ontology_file(out))).hash == ontology.hash
