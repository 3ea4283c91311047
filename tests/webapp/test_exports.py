"""``/export/<format>`` over real HTTP (``nlpmap serve`` of NLP_ability): every format downloads
with its content type and file name and reads back; the view parameters cut the map as the
view filter does; bad values are JSON 400s."""

from __future__ import annotations

import csv
import io
import json
import urllib.error
import urllib.request
import zipfile
from pathlib import Path
from urllib.parse import quote, urlencode

import networkx as nx
import pytest

from graph.export import EXPORTERS, view
from graph.store import load_graph

CONTENT_TYPES = {
    "graphml": ("application/graphml+xml", "nlpmap.graphml"),
    "gexf": ("application/gexf+xml", "nlpmap.gexf"),
    "json": ("application/json", "nlpmap.json"),
    "csv": ("application/zip", "nlpmap-csv.zip"),
    "cypher": ("text/plain; charset=utf-8", "nlpmap.cypher"),
    "neo4j-csv": ("application/zip", "nlpmap-neo4j-csv.zip"),
    "graphdb": ("application/zip", "nlpmap-graphdb.zip"),
    "html": ("text/html; charset=utf-8", "nlpmap.html"),
}


@pytest.fixture(scope="module")
def G(nlp_ability_graph_file: Path) -> nx.DiGraph:
    return load_graph(nlp_ability_graph_file)


def fetch(base: str, path: str) -> tuple[int, dict, bytes]:
    """Status, headers and body of a GET (errors included)."""
    try:
        with urllib.request.urlopen(base + path, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def test_every_format_downloads_with_its_type_and_name(live_server, G):
    assert set(CONTENT_TYPES) == set(EXPORTERS)
    bodies = {}
    for fmt, (content_type, name) in CONTENT_TYPES.items():
        status, headers, body = fetch(live_server, f"/export/{fmt}")
        assert status == 200, (fmt, body[:200])
        assert headers["Content-Type"] == content_type, fmt
        assert headers["Content-Disposition"] == f"attachment; filename={name}", fmt
        bodies[fmt] = body
    H = nx.read_graphml(io.BytesIO(bodies["graphml"]))
    assert set(H) == set(G) and H.number_of_edges() == G.number_of_edges()
    with zipfile.ZipFile(io.BytesIO(bodies["csv"])) as archive:
        rows = list(csv.DictReader(io.StringIO(archive.read("nodes.csv").decode("utf-8"))))
    assert {r["id"] for r in rows} == set(G)
    with zipfile.ZipFile(io.BytesIO(bodies["graphdb"])) as archive:
        assert set(archive.namelist()) == {"graph.lbug", "schema.cypher"}
    assert b"CREATE CONSTRAINT" in bodies["cypher"]
    # the page links each node to its explorer page on this server
    page = bodies["html"].decode("utf-8")
    assert f'"href":"{live_server}/concept/' in page and f'"href":"{live_server}/links/' in page


def _nodes(base: str, query: dict) -> set[str]:
    status, _, body = fetch(base, "/export/json?" + urlencode(query, doseq=True))
    assert status == 200, body[:200]
    return {n["id"] for n in json.loads(body)["nodes"]}


def test_the_view_parameters_cut_the_map_as_the_view_filter(live_server, G):
    concept = max((n for n, d in G.nodes(data=True) if d["kind"] == "concept"), key=G.degree)
    cases = [
        ({"kinds": "concept,section"}, {"kinds": ["concept", "section"]}),
        ({"kinds": ["concept", "article"], "types": "model"}, {"kinds": ["concept", "article"], "types": ["model"]}),
        ({"focus": concept, "depth": "2"}, {"focus": concept, "depth": 2}),
        ({"focus": concept, "kinds": "article", "depth": "1"}, {"focus": concept, "kinds": ["article"]}),
    ]
    for query, filters in cases:
        assert _nodes(live_server, query) == set(view(G, **filters)), query
    status, headers, body = fetch(live_server, "/export/json?min_weight=3")
    links = json.loads(body)["links"]
    assert len(links) == view(G, min_weight=3).number_of_edges() < G.number_of_edges()
    assert headers["Content-Disposition"] == "attachment; filename=nlpmap-view.json"
    _, _, bom = fetch(live_server, "/export/csv?bom=1&kinds=concept")
    with zipfile.ZipFile(io.BytesIO(bom)) as archive:
        assert archive.read("nodes.csv").startswith(b"\xef\xbb\xbfid,")


@pytest.mark.parametrize(
    "query, status",
    [
        ("/export/json?kinds=nope", 400),
        ("/export/json?types=" + quote("<script>"), 400),
        ("/export/json?depth=99", 400),
        ("/export/json?depth=x", 400),
        ("/export/json?min_weight=abc", 400),
        ("/export/json?min_weight=nan", 400),
        ("/export/gexf?focus=%00", 400),
        ("/export/json?focus=" + "a" * 300, 400),
        ("/export/json?focus=concept:nope", 404),
        ("/export/dot", 404),
    ],
)
def test_bad_values_are_json_errors(live_server, query, status):
    got, headers, body = fetch(live_server, query)
    data = json.loads(body)
    assert (got, data["ok"], data["status"]) == (status, False, status), data
    assert headers["Content-Type"] == "application/json" and "Content-Disposition" not in headers


def test_api_graph_with_a_format_is_that_export(live_server, G):
    status, headers, body = fetch(live_server, "/api/graph?format=graphml&kinds=concept")
    assert status == 200 and headers["Content-Type"] == "application/graphml+xml"
    H = nx.read_graphml(io.BytesIO(body))
    assert set(H) == set(view(G, kinds=["concept"]))
    status, _, body = fetch(live_server, "/api/graph?format=dot")
    assert status == 400 and json.loads(body)["ok"] is False
    status, headers, _ = fetch(live_server, "/api/graph?format=json")
    assert status == 200 and headers["Content-Type"] == "application/json"
