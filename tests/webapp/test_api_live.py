"""The question routes over real HTTP (``nlpmap serve`` of the NLP_ability graph in a subprocess)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from urllib.parse import quote

import pytest


def get(base: str, path: str) -> tuple[int, dict]:
    """Status and JSON body of a GET, errors included."""
    try:
        with urllib.request.urlopen(base + path, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def test_search_on_the_real_map(live_server):
    status, data = get(live_server, "/api/search?q=" + quote("知识蒸馏"))
    assert status == 200 and data["hits"][0]["id"] == "concept:knowledge-distillation"
    _, bert = get(live_server, "/api/search?q=bert")
    kinds = [(h["kind"], h["match"]) for h in bert["hits"][:2]]
    assert kinds == [("concept", "exact"), ("section", "exact")]
    _, typo = get(live_server, "/api/search?q=Transfomer")
    assert typo["suggestions"][0]["label"] == "Transformer"


def test_path_and_neighbours_on_the_real_map(live_server):
    _, path = get(live_server, "/api/path?from=TinyBERT&to=BERT")
    assert [h["why"]["text"] for h in path["hops"]] == ["TinyBERT is distilled from BERT"]
    _, local = get(live_server, "/api/neighbours?node=concept:tinybert&depth=2")
    assert {n["depth"] for n in local["nodes"]} == {0, 1, 2}


@pytest.mark.parametrize("raw", ["%00", "a" * 10_240, "%1b%5b31m", ".%2a%5b%28", "%ff%fe"])
def test_hostile_strings_over_http(live_server, raw):
    for route in ("/api/search?q=", "/api/neighbours?node=", "/api/related?q=", "/api/node/"):
        status, data = get(live_server, route + raw)
        assert status in (200, 400, 404) and data["ok"] is (status == 200), (route, status)
