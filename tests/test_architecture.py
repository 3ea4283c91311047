"""The layout rules of graph/ (docs/ARCHITECTURE.md), checked on the source with ast.

* graph/ holds at most 12 Python modules at its top level; new work goes into packages;
* no .py file under graph/ holds a literal collection of more than 30 strings (a
  ``"a b c".split()`` string counts by its words): word lists are data files;
* no import cycle between graph modules (function-level imports count too);
* imports point down the pipeline (:data:`LAYERS`), and graph/ never imports Flask or webapp
  (but the command line, :data:`WEB_LAYER_ALLOWED`);
* every word list beside a package opens with a comment saying what it is for.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parent.parent
GRAPH = ROOT / "graph"
MAX_TOP_LEVEL_MODULES = 12
MAX_LITERAL_STRINGS = 30
FORBIDDEN = ("flask", "werkzeug", "webapp")
#: The command line is the thin layer over both the library and the web app (``nlpmap serve``
#: starts :func:`webapp.create_app`); no other module of graph/ may reach the web layer.
WEB_LAYER_ALLOWED = {"graph.cli"}

#: Rank of each part of graph/ in the pipeline: a module may import its own part and parts of
#: a lower rank only. ``graph`` is the package itself (its ``__version__``). A new package adds
#: itself here (a part not listed is not checked, and may be imported by any rank above 0).
LAYERS = {
    "graph": 0,
    "models": 0,
    "errors": 0,
    "workspace": 1,
    "sources": 1,
    "layout": 1,
    "metrics": 1,
    "links": 2,
    "ontology": 2,
    "concepts": 3,
    "analytics": 3,
    "query": 3,
    "store": 3,
    "runner": 4,
    "export": 4,
    "build": 5,
    "cli": 6,
}


def graph_modules() -> dict[str, Path]:
    """Every module under graph/ by dotted name (a package by its own name)."""
    modules = {}
    for path in sorted(GRAPH.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules[".".join(parts)] = path
    return modules


def imported_names(tree: ast.AST, module: str, is_package: bool) -> list[str]:
    """Dotted names of what a module imports, anywhere in it (functions included)."""
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: from the module's package
                base = module.split(".")
                base = base[: len(base) - node.level + (1 if is_package else 0)]
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module or ""
            names += [f"{prefix}.{alias.name}" for alias in node.names] + [prefix]
    return names


def import_graph() -> nx.DiGraph:
    """Modules of graph/ and which of them each imports."""
    modules = graph_modules()
    G = nx.DiGraph()
    G.add_nodes_from(modules)
    for module, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for name in imported_names(tree, module, path.name == "__init__.py"):
            # "from graph.x import y": y when it is a module, else graph.x itself.
            target = name
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != module and target.startswith("graph"):
                G.add_edge(module, target, name=name)
    return G


def part(module: str) -> str:
    """The part of graph/ a module belongs to: ``graph.concepts.fuzzy`` -> ``concepts``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "graph"


def string_count(node: ast.AST) -> int:
    """Strings in a literal list, tuple, set or dict, or words of a ``"...".split()``."""
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        items = node.elts
    elif isinstance(node, ast.Dict):
        items = [key for key in node.keys if key is not None] + node.values
    elif (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "split"
        and isinstance(node.func.value, ast.Constant)
        and isinstance(node.func.value.value, str)
    ):
        return len(node.func.value.value.split())
    else:
        return 0
    return sum(isinstance(item, ast.Constant) and isinstance(item.value, str) for item in items)


def test_graph_top_level_holds_at_most_12_modules():
    modules = sorted(path.name for path in GRAPH.glob("*.py"))
    assert len(modules) <= MAX_TOP_LEVEL_MODULES, modules


def test_every_package_states_its_concern():
    for init in GRAPH.rglob("__init__.py"):
        tree = ast.parse(init.read_text(encoding="utf-8"))
        assert ast.get_docstring(tree), f"{init.relative_to(ROOT)} has no docstring"


def test_no_literal_collection_of_more_than_30_strings():
    found = []
    for path in sorted(GRAPH.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            count = string_count(node)
            if count > MAX_LITERAL_STRINGS:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} holds {count} strings")
    assert not found, "word lists belong in data files:\n" + "\n".join(found)


def test_the_literal_counter_counts_split_words_and_collections():
    tree = ast.parse('A = "a b c".split()\nB = frozenset({"x", "y"})\nC = {"k": "v", 1: "w"}')
    counts = [string_count(node) for node in ast.walk(tree)]
    assert 3 in counts and 2 in counts and 3 in counts and max(counts) == 3


def test_no_import_cycle_between_graph_modules():
    G = import_graph()
    assert G.number_of_edges() > 50  # the imports were found
    cycles = list(nx.simple_cycles(G))
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(c + c[:1]) for c in cycles[:5])


def test_imports_point_down_the_pipeline():
    G = import_graph()
    wrong = []
    for module, target, data in G.edges(data=True):
        mine, theirs = part(module), part(target)
        if mine == theirs or mine not in LAYERS or theirs not in LAYERS:
            continue
        if LAYERS[theirs] >= LAYERS[mine]:
            wrong.append(f"{module} imports {data['name']} ({mine} may not import {theirs})")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("forbidden", FORBIDDEN)
def test_graph_never_imports_the_web_layer(forbidden):
    found = []
    for module, path in graph_modules().items():
        if module in WEB_LAYER_ALLOWED:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for name in imported_names(tree, module, path.name == "__init__.py"):
            if name == forbidden or name.startswith(forbidden + "."):
                found.append(f"{module} imports {name}")
    assert not found, "\n".join(found)


def test_word_lists_open_with_a_comment_saying_what_they_are_for():
    lists = [p for p in GRAPH.rglob("data/*.txt")]
    assert lists, "no word list found under graph/*/data/"
    for path in lists:
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        assert first.startswith("# ") and len(first) > 20, f"{path.relative_to(ROOT)}: {first!r}"
