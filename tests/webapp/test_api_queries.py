"""/api/search, /api/neighbours, /api/path, /api/node/<id>, /api/info: shapes, bad parameters, hostile strings."""

from __future__ import annotations

from urllib.parse import quote

import pytest

HOSTILE = [
    "a" * 10_240,
    "\x00",
    "bert\x00",
    "\x01\x02\x1b[31m",
    ".*[(?<+\\",
    "%00%0a",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "\u202ebert\ufeff",
    "\ud800",
]

ROUTES = [
    "/api/search?q={}",
    "/api/neighbours?node={}",
    "/api/neighbours?node=BERT&depth={}",
    "/api/path?from={}&to=BERT",
    "/api/path?from=BERT&to={}",
    "/api/related?q={}",
    "/api/related?q=BERT&top={}",
    "/api/node/{}",
    "/api/info?top={}",
    "/api/search?q=bert&top={}",
]


def assert_json_error(response, status: int) -> dict:
    """The project's JSON error shape."""
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    data = response.get_json()
    assert data["ok"] is False and data["status"] == status and data["error"]
    return data


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_strings_get_400_or_clean_results(client, route, value):
    url = route.format(quote(value, safe="", errors="surrogatepass"))
    response = client.get(url)
    assert response.status_code in (200, 400, 404), response.status_code
    data = response.get_json()
    assert isinstance(data, dict) and data["ok"] is (response.status_code == 200)
    if "\x00" in value or len(value) > 200:
        assert response.status_code in (400, 404)


@pytest.mark.parametrize(
    "url",
    [
        "/api/search",
        "/api/search?q=",
        "/api/search?q=%20%20",
        "/api/search?q=bert&top=0",
        "/api/search?q=bert&top=101",
        "/api/search?q=bert&top=ten",
        "/api/neighbours",
        "/api/neighbours?node=BERT&depth=0",
        "/api/neighbours?node=BERT&depth=4",
        "/api/neighbours?node=BERT&depth=1.5",
        "/api/neighbours?node=BERT&limit=0",
        "/api/neighbours?node=BERT&limit=99999999999999999999",
        "/api/path?from=BERT",
        "/api/path?to=BERT",
        "/api/related?q=BERT&top=-1",
        "/api/node/concept:bert?top=1000",
        "/api/info?top=0",
    ],
)
def test_bad_parameters_get_a_json_400(client, url):
    assert_json_error(client.get(url), 400)


def test_search_shape_chinese_and_english(client):
    data = client.get("/api/search?q=伯").get_json()
    assert data["ok"] is True and data["query"] == "伯"
    hit = data["hits"][0]
    assert (hit["id"], hit["kind"], hit["type"], hit["matched"]) == (
        "concept:bert",
        "concept",
        "model",
        "伯特",
    )
    assert hit["url"] == "/concept/bert" and hit["match"] == "prefix"
    english = client.get("/api/search?q=BERT").get_json()["hits"]
    assert english[0]["id"] == "concept:bert" and english[0]["match"] == "exact"


def test_search_suggests_for_a_misspelling(client):
    data = client.get("/api/search?q=Transfomer").get_json()
    assert data["hits"] == []
    assert data["suggestions"][0]["id"] == "concept:transformer"


def test_neighbours_shape(client):
    data = client.get("/api/neighbours?node=concept:transformer&depth=1").get_json()
    assert data["center"]["id"] == "concept:transformer"
    assert data["center"]["url"] == "/concept/transformer"
    assert {n["id"] for n in data["nodes"]} == {
        "concept:transformer",
        "concept:bert",
        "concept:attention",
        "article:links/notes/模型/BERT入门.md",
    }
    assert all(e["why"]["text"] for e in data["edges"])
    assert data["nodes"][0]["depth"] == 0
    deeper = client.get("/api/neighbours?node=Transformer&depth=3").get_json()
    assert len(deeper["nodes"]) > len(data["nodes"])
    assert_json_error(client.get("/api/neighbours?node=zzqqxxunknown"), 404)


def test_path_shape(client):
    data = client.get("/api/path?from=BERT&to=Attention").get_json()
    assert data["ok"] is True and data["from"]["id"] == "concept:bert"
    assert data["to"]["url"] == "/concept/attention"
    assert [n["id"] for n in data["nodes"]][-1] == "concept:attention"
    assert all(h["why"]["text"] for h in data["hops"])


def test_node_shape_and_unknown_node(client):
    data = client.get("/api/node/concept:bert").get_json()
    assert data["label"] == "BERT" and data["url"] == "/concept/bert"
    assert {r["id"] for r in data["relations"]} == {"concept:transformer"}
    assert [m["id"] for m in data["mentions"]][0] == "article:links/notes/模型/BERT入门.md"
    article = client.get("/api/node/" + quote("article:links/notes/模型/BERT入门.md")).get_json()
    assert article["kind"] == "article" and article["backlinks"] and article["links"]
    assert_json_error(client.get("/api/node/concept:nope"), 404)


def test_info_counts(client, app):
    data = client.get("/api/info").get_json()
    G = app.extensions["nlpmap"].graph
    assert sum(data["nodes"].values()) == G.number_of_nodes()
    assert sum(data["edges"].values()) == G.number_of_edges()
    assert data["orphan_count"] == 1


def test_related_api_gives_reasons_and_several_names(client):
    data = client.get("/api/related?q=BERT&top=5").get_json()
    assert data["ok"] and data["match"]["kind"] == "concept"
    for item in data["concepts"] + data["articles"]:
        assert item["why"] and all({"kind", "text"} == set(w) for w in item["why"])
