"""``nlpmap doctor``: is the map of a repository it never saw trustworthy?

:func:`doctor_report` puts side by side what a build read and skipped, how every link was
resolved (by method) and which internal links and images reach nothing (with the closest
article), how many concepts each article got, and where each title came from.
:func:`doctor_lines` is the same as text.
"""

from __future__ import annotations

import os
import statistics
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import networkx as nx

from graph.links import missing_images, resolve_workspace, with_hub_titles
from graph.models import Workspace
from graph.workspace.files import is_markdown_name

__all__ = ["doctor_lines", "doctor_report"]

#: Link methods that say where a link does not lead (not an article).
_NOT_ARTICLES = frozenset({"asset", "anchor", "external", "unresolved"})


def doctor_report(ws: Workspace, G: nx.DiGraph, repo_urls: Iterable[str] = ()) -> dict:
    """The health of a map: files, links, concepts per article, titles.

    Parameters
    ----------
    ws : Workspace
        The workspace as read (hub titles are applied here).
    G : networkx.DiGraph
        Its built graph.
    repo_urls : iterable of str
        As given to the build.

    Returns
    -------
    dict
        ``files``, ``links``, ``images``, ``concepts``, ``titles`` (JSON-ready).
    """
    ws = with_hub_titles(ws)
    resolved = resolve_workspace(ws, tuple(repo_urls))
    methods = Counter(res.method for _, _, res in resolved)
    unresolved = [
        {"path": doc.path, "line": link.line, "href": link.href, "suggestion": res.suggestion}
        for doc, link, res in resolved
        if res.method == "unresolved"
    ]
    internal = sum(n for m, n in methods.items() if m not in _NOT_ARTICLES) + methods["unresolved"]
    images = [
        {"path": doc.path, "line": image.line, "src": image.src}
        for doc, image in missing_images(ws)
    ]
    return {
        "workspace": str(ws.root),
        "layout": ws.layout,
        "files": _files(ws),
        "links": {
            "total": len(resolved),
            "by_method": dict(methods.most_common()),
            "internal": internal,
            "resolved_share": round(1 - len(unresolved) / internal, 3) if internal else 1.0,
            "unresolved": unresolved,
        },
        "images": {"missing": images},
        "concepts": _concepts(G),
        "titles": _titles(ws, G),
    }


def _files(ws: Workspace) -> dict:
    """Markdown files read, files skipped (why), other files by suffix."""
    others: Counter[str] = Counter()
    for _, folders, names in os.walk(ws.root):
        folders[:] = [name for name in folders if not name.startswith(".")]
        for name in names:
            suffix = Path(name).suffix.lower()
            if not name.startswith(".") and not is_markdown_name(name):
                others[suffix or "(none)"] += 1
    return {
        "articles": len(ws.articles),
        "hub": ws.hub.path if ws.hub else None,
        "corpora": list(ws.corpora),
        "front_matter": sum(1 for doc in ws.articles if doc.meta.format),
        "skipped": [w for w in ws.warnings if "skipped" in w],
        "fallback_decoded": [w for w in ws.warnings if "decoded as" in w],
        "other_files": dict(others.most_common()),
    }


def _concepts(G: nx.DiGraph) -> dict:
    """Concepts per article: spread, the articles without any, candidates' share."""
    per_article = {
        node: sum(1 for _, v, d in G.out_edges(node, data=True) if d.get("kind") == "mentions")
        for node, data in G.nodes(data=True)
        if data.get("kind") == "article"
    }
    counts = sorted(per_article.values())
    concepts = [d for _, d in G.nodes(data=True) if d.get("kind") == "concept"]
    return {
        "concepts": len(concepts),
        "candidates": sum(1 for d in concepts if d.get("type") == "candidate"),
        "per_article": {
            "min": counts[0] if counts else 0,
            "median": statistics.median(counts) if counts else 0,
            "max": counts[-1] if counts else 0,
        },
        "without_concepts": sorted(G.nodes[n]["path"] for n, c in per_article.items() if c == 0),
        "by_article": {G.nodes[n]["path"]: c for n, c in sorted(per_article.items())},
    }


def _titles(ws: Workspace, G: nx.DiGraph) -> dict:
    """Where titles come from; each article's label (told apart from others) and title."""
    rows = []
    for doc in ws.articles:
        label = G.nodes[doc.node_id]["label"] if doc.node_id in G else doc.title
        rows.append(
            {"path": doc.path, "label": label, "title": doc.title, "source": doc.title_source}
        )
    return {
        "by_source": dict(Counter(row["source"] for row in rows).most_common()),
        "articles": rows,
    }


def doctor_lines(report: dict, *, limit: int = 20) -> list[str]:
    """The report as text: one section per question, the longest lists cut at ``limit``."""
    files, links, concepts, titles = (report[k] for k in ("files", "links", "concepts", "titles"))
    lines = [f"Workspace {report['workspace']} (layout {report['layout']})", "", "Files:"]
    lines.append(
        f"  read {files['articles']} articles"
        + (f" and the hub {files['hub']}" if files["hub"] else "")
        + f", {files['front_matter']} with front matter"
    )
    lines += [f"  skipped: {w}" for w in files["skipped"][:limit]]
    lines += [f"  {w}" for w in files["fallback_decoded"][:limit]]
    other = ", ".join(f"{n} {s}" for s, n in list(files["other_files"].items())[:8])
    if other:
        lines.append(f"  not read (no Markdown): {other}")
    lines += [
        "",
        (
            f"Links: {links['total']}, {links['internal']} to articles, "
            f"{links['resolved_share']:.0%} of these resolved"
        ),
    ]
    lines += [f"  {method:12} {n}" for method, n in links["by_method"].items()]
    for row in links["unresolved"][:limit]:
        hint = f" (closest: {row['suggestion']})" if row["suggestion"] else ""
        lines.append(f"  unresolved {row['path']}:{row['line']}: {row['href']!r}{hint}")
    missing = report["images"]["missing"]
    if missing:
        lines.append(f"  {len(missing)} images not in the workspace, e.g. {missing[0]['src']!r}")
    spread = concepts["per_article"]
    lines += [
        "",
        (
            f"Concepts: {concepts['concepts']} ({concepts['candidates']} candidates); "
            f"per article min {spread['min']}, median {spread['median']}, max {spread['max']}"
        ),
    ]
    lines += [f"  no concept: {path}" for path in concepts["without_concepts"][:limit]]
    by_source = ", ".join(f"{n} from {s}" for s, n in titles["by_source"].items())
    lines += ["", f"Titles: {by_source}"]
    lines += [
        f"  {row['label']}  <- {row['source']}: {row['path']}"
        for row in titles["articles"]
        if row["source"] in ("heading", "folder") or row["label"] != row["title"]
    ][:limit]
    return lines
