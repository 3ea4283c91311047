"""One self-contained HTML page of the map: opens from disk, with no server and no network.

vis-network's script and stylesheet are read from the installed pyvis package and inlined
(never copied into this repository); the map is inlined as JSON in a
``<script type="application/json">`` with ``<``, ``>`` and ``&`` escaped, so no text of the
map can close the element. A Content-Security-Policy ``<meta>`` lets only the page's own two
scripts run (by their SHA-256) and forbids every request (``default-src 'none'``). The page
draws the nodes at the positions the build stored (physics off), with search over names and
aliases, a legend, a details panel, and ``window.network`` (the vis ``Network``). Article
nodes link to their files relative to where the page is saved.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from graph import __version__
from graph.errors import ExportError
from graph.export.gexf import KIND_COLOURS

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["article_hrefs", "page_data", "to_html", "vis_files", "write_html"]

DATA = Path(__file__).resolve().parent / "data"
SHAPES = {"hub": "star", "section": "square", "article": "dot", "concept": "diamond"}
OTHER_COLOUR = (127, 127, 127)
#: edge kind -> (legend text, colour, width, opacity, arrows, dashes); other kinds are faint grey.
EDGE_STYLES = {
    "links_to": ("Link between articles", "#2563eb", 1.6, 0.8, True, False),
    "mentions": ("Mentions (article → concept)", "#94a3b8", 0.7, 0.4, False, False),
    "relation": ("Ontology relation", "#f97316", 0.6, 0.4, False, True),
    "in_section": ("In section / folder", "#6b7280", 1.0, 0.6, False, False),
}
OTHER_EDGE = ("Other", "#cbd5e1", 0.5, 0.3, False, False)
MIN_SPREAD = 200.0  # unit-scale layouts (a synthetic map) are spread out to this size and more


def vis_files() -> tuple[Path, Path]:
    """``(vis-network.min.js, vis-network.css)`` of the newest vis build inside pyvis.

    Raises
    ------
    ExportError
        When pyvis is not installed or holds no vis-network build.
    """
    import importlib.util

    spec = importlib.util.find_spec("pyvis")  # found, not imported: pyvis imports IPython
    if spec is None or not spec.origin:
        raise ExportError("the html format needs pyvis (a dependency of nlpmap)")
    lib = Path(spec.origin).resolve().parent / "lib"
    builds = sorted(lib.glob("vis-*/vis-network.min.js"), key=lambda p: _version(p.parent.name))
    if not builds:
        raise ExportError(f"no vis-network build in {lib}")
    js = builds[-1]
    return js, js.with_name("vis-network.css")


def _version(name: str) -> tuple[int, ...]:
    return tuple(int(p) for p in name.removeprefix("vis-").split(".") if p.isdigit())


@lru_cache(maxsize=4)
def _asset(path: Path, closing: str) -> str:
    """The text of an asset to inline; one holding its element's closing tag is refused."""
    text = path.read_text(encoding="utf-8")
    if closing in text.lower():
        raise ExportError(f"{path} holds {closing!r}: it cannot be inlined")
    return text


def article_hrefs(G: nx.DiGraph, saved_in: Path | None) -> dict[str, str]:
    """Percent-encoded links from a page in ``saved_in`` (default: the current folder) to the
    files of the articles and the hub (their ``path`` under the graph's ``workspace``)."""
    workspace = str(G.graph.get("workspace") or "")
    if not workspace:
        return {}
    start = Path(saved_in or Path.cwd()).resolve()
    hrefs = {}
    for n, d in G.nodes(data=True):
        if d.get("kind") in ("article", "hub") and d.get("path"):
            relative = os.path.relpath(Path(workspace) / str(d["path"]), start)
            hrefs[n] = quote(relative.replace(os.sep, "/"), safe="/")
    return hrefs


def _hex(rgb: tuple[int, int, int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def _positions(G: nx.DiGraph) -> dict[str, tuple[float, float]]:
    """The stored ``x``/``y``; a layout smaller than :data:`MIN_SPREAD` is scaled up as a whole."""
    pos = {n: (float(d.get("x") or 0.0), float(d.get("y") or 0.0)) for n, d in G.nodes(data=True)}
    xs, ys = [x for x, _ in pos.values()], [y for _, y in pos.values()]
    spread = max(max(xs, default=0) - min(xs, default=0), max(ys, default=0) - min(ys, default=0))
    if 0 < spread < MIN_SPREAD:
        factor = max(MIN_SPREAD, 60.0 * len(pos) ** 0.5) / spread
        pos = {n: (x * factor, y * factor) for n, (x, y) in pos.items()}
    return pos


def _name(node, d: Mapping) -> str:
    """A node's label on one line (a folder's ending with ``/``, as in the explorer); its id when blank."""
    for text in (d.get("label"), node):
        line = " ".join(str(text or "").split())
        if line:
            folder = d.get("kind") == "section" and d.get("source") == "folder"
            return f"{line}/" if folder and not line.endswith("/") else line
    return str(node)


def _tooltip(d: Mapping) -> str:
    lines = [str(d.get("label") or ""), " · ".join(str(d[k]) for k in ("kind", "type") if d.get(k))]
    aliases = [str(a) for a in d.get("aliases") or [] if a]
    if aliases:
        lines.append("aka " + ", ".join(aliases[:6]))
    return "\n".join(line for line in lines if line)


def page_data(G: nx.DiGraph, hrefs: Mapping[str, str]) -> dict:
    """What the page draws: ``nodes`` (an index ``id``, texts, ``x``/``y``, ``value``),
    ``edges`` (``[from, to, style]``), ``edge_styles``, ``groups`` (vis-network options),
    ``legend`` and ``edge_legend``."""
    index = {n: i for i, n in enumerate(G)}
    pos = _positions(G)
    kinds = sorted({str(d.get("kind") or "node") for _, d in G.nodes(data=True)},
                   key=lambda k: (k not in SHAPES, list(SHAPES).index(k) if k in SHAPES else 0, k))  # fmt: skip
    nodes = []
    for n, d in G.nodes(data=True):
        label = _name(n, d)
        x, y = pos[n]
        item = {
            "id": index[n], "name": label, "label": label if len(label) <= 24 else label[:23] + "…",
            "kind": str(d.get("kind") or "node"), "type": str(d.get("type") or ""),
            "group": str(d.get("kind") or "node"), "x": x, "y": y,
            "value": float(d.get("pagerank") or 0.0), "tooltip": _tooltip(d),
            "aliases": [str(a) for a in d.get("aliases") or [] if a],
            "description": str(d.get("description") or ""), "path": str(d.get("path") or ""),
        }  # fmt: skip
        if n in hrefs:
            item["href"] = hrefs[n]
        nodes.append(item)
    edge_kinds = sorted({str(k or "") for _, _, k in G.edges(data="kind")}, key=lambda k: (k in EDGE_STYLES, k))
    styles = [EDGE_STYLES.get(k, OTHER_EDGE) for k in edge_kinds]
    style_of = {k: i for i, k in enumerate(edge_kinds)}
    edges = [[index[u], index[v], style_of[str(k or "")]] for u, v, k in G.edges(data="kind")]
    groups = {}
    legend = []
    for kind in kinds:
        colour = _hex(KIND_COLOURS.get(kind, OTHER_COLOUR))
        shape = SHAPES.get(kind, "dot")
        groups[kind] = {"shape": shape, "color": {"background": colour, "border": colour,
                                                  "highlight": {"background": colour, "border": "#111827"}}}  # fmt: skip
        legend.append({"label": kind.replace("_", " ").capitalize(), "color": colour, "shape": shape})
    return {
        "nodes": nodes,
        "edges": edges,
        "edge_styles": [{"color": c, "width": w, "opacity": o, "arrows": a, "dashes": dash}
                        for _, c, w, o, a, dash in styles],  # fmt: skip
        "groups": groups,
        "legend": legend,
        "edge_legend": [{"label": k.replace("_", " ") if s is OTHER_EDGE else s[0], "color": s[1], "dashes": s[5]}
                        for k, s in zip(edge_kinds, styles)],  # fmt: skip
    }


def script_json(data) -> str:
    """JSON safe inside a ``<script>`` element: ``<``, ``>``, ``&`` and U+2028/9 escaped."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for ch, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                       ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):  # fmt: skip
        text = text.replace(ch, escape)
    return text


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def to_html(
    G: nx.DiGraph, *, saved_in: Path | None = None, hrefs: Mapping[str, str] | None = None, title: str | None = None
) -> str:
    """The page of ``G``. Article links are relative to ``saved_in`` (default: the current
    folder), or ``hrefs`` (node id -> URL) when given."""
    from markupsafe import Markup

    from jinja2 import Environment, FileSystemLoader, select_autoescape

    js_path, css_path = vis_files()
    vis_js, page_js = _asset(js_path, "</script"), _asset(DATA / "page.js", "</script")
    vis_css, page_css = _asset(css_path, "</style"), _asset(DATA / "page.css", "</style")
    csp = "; ".join([
        "default-src 'none'", f"script-src {_sha256(vis_js)} {_sha256(page_js)}",
        "style-src 'unsafe-inline'", "img-src data:", "base-uri 'none'", "form-action 'none'",
    ])  # fmt: skip
    data = page_data(G, article_hrefs(G, saved_in) if hrefs is None else hrefs)
    workspace = str(G.graph.get("workspace") or "")
    env = Environment(loader=FileSystemLoader(DATA), autoescape=select_autoescape(["html"]))
    return env.get_template("page.html").render(
        csp=csp, version=__version__, title=title or (Path(workspace).name if workspace else "map"),
        vis_js=Markup(vis_js), vis_css=Markup(vis_css), page_js=Markup(page_js), page_css=Markup(page_css),
        data=Markup(script_json(data)), legend=data["legend"], edge_legend=data["edge_legend"],
        nodes=G.number_of_nodes(), edges=G.number_of_edges(),
    )  # fmt: skip


def write_html(G: nx.DiGraph, path: Path) -> Path:
    """Write :func:`to_html` to ``path``, its article links relative to ``path``'s folder."""
    path = Path(path)
    path.write_text(to_html(G, saved_in=path.parent), encoding="utf-8")
    return path
