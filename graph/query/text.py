"""Plain-text forms of query results, as the CLI prints them (the same words as the JSON)."""

from __future__ import annotations

__all__ = ["info_lines", "neighbours_lines", "path_lines", "related_lines", "search_lines"]


def _name(item: dict) -> str:
    """``label (kind type)`` of a node item."""
    kind, typ = item.get("kind"), item.get("type")
    detail = kind if not typ or typ == kind else f"{kind}, {typ}"
    return f"{item['label']} ({detail})"


def path_lines(result: dict) -> list[str]:
    """A path: its ends, then one line per hop with its reason."""
    lines = [f"{_name(result['from'])} -> {_name(result['to'])}: {result['length']} hops"]
    labels = {n["id"]: n["label"] for n in result["nodes"]}
    for i, hop in enumerate(result["hops"], 1):
        lines.append(f"  {i}. {labels[hop['from']]} -> {labels[hop['to']]}: {hop['why']['text']}")
    return lines


def neighbours_lines(result: dict) -> list[str]:
    """A neighbourhood: nodes by depth, then the edges from the center with their reasons."""
    nodes = result["nodes"]
    lines = [f"{_name(result['center'])}: {len(nodes) - 1} nodes within depth {result['depth']}"]
    if result.get("truncated"):
        lines[0] += " (truncated: the most central nodes of the last layer)"
    for depth in range(1, result["depth"] + 1):
        layer = [n for n in nodes if n["depth"] == depth]
        if layer:
            lines.append(f"\nDepth {depth} ({len(layer)}):")
            lines += [f"  {_name(n)}" for n in layer]
    center = result["center"]["id"]
    direct = [e for e in result["edges"] if center in (e["source"], e["target"])]
    if direct:
        lines.append("\nWhy:")
        lines += [f"  {e['why']['text']}" for e in direct]
    return lines


def search_lines(result: dict) -> list[str]:
    """Search hits (with the name that matched when it is not the label), or suggestions."""
    lines = []
    for hit in result["hits"]:
        alias = f"  [{hit['matched']}]" if hit["matched"] != hit["label"] else ""
        lines.append(f"{_name(hit)}{alias}  {hit['match']}  {hit['id']}")
    return lines


def info_lines(info: dict) -> list[str]:
    """The summary of a map."""
    nodes, edges = info["nodes"], info["edges"]
    lines = [
        f"Workspace: {info.get('workspace')}  (built {info.get('built_at')})",
        "Nodes: " + ", ".join(f"{n} {kind}" for kind, n in nodes.items()),
        "Edges: " + ", ".join(f"{n} {kind}" for kind, n in edges.items()),
        "Concept types: " + ", ".join(f"{n} {t}" for t, n in info["concept_types"].items()),
        "\nMain concepts (by the salience of their mentions):",
    ]
    lines += [
        f"  {c['label']} ({c['type']}): {c['articles']} articles, salience {c['salience']:.2f}"
        for c in info["top_concepts"]
    ]
    if info["communities"]:
        lines.append("\nCommunities:")
        lines += [
            f"  {c['name']}: {c['size']} nodes, {c['articles']} articles"
            for c in info["communities"]
        ]
    lines.append(f"\nOrphan articles (no link in or out): {info['orphan_count']}")
    lines += [f"  {o['path']}" for o in info["orphans"]]
    lines.append(f"Unresolved links: {info['unresolved_links']} (`nlpmap check` lists them)")
    return lines


def related_lines(result: dict) -> list[str]:
    """Related concepts and articles, each with its score and its reasons (the JSON's ``why``)."""
    names = " + ".join(_name(m) for m in result["matches"])
    method = result["match"].get("method")
    note = {"spelling": " (closest spelling)", "words": " (each name)",
            "inside": " (the name it is a word of)",
            "title": " (the title that begins so)"}.get(method, "")
    lines = [f"{names}{note}"]
    for title, items in (("Related concepts", result["concepts"]), ("Related articles", result["articles"])):
        lines.append(f"\n{title}:")
        for i, item in enumerate(items, 1):
            where = f"  {item['path']}" if item.get("path") else ""
            mark = "  [index page]" if item.get("index_page") else ""
            lines.append(f"  {i:2}. {_name(item)}  {item['score']:.2f}{where}{mark}")
            lines += [f"        - {why['text']}" for why in item["why"]]
    return lines
