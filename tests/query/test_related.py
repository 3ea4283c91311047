"""Related topics on small hand-made graphs (the real corpus is covered in test_build)."""

from __future__ import annotations

import os
import subprocess
import sys

import networkx as nx
import pytest

from graph.errors import QueryNotFound
from graph.query import QueryIndex, find_node, related


def _graph() -> nx.DiGraph:
    G = nx.DiGraph()
    concepts = {
        "knowledge-distillation": ("Knowledge Distillation", ["知识蒸馏", "KD"]),
        "tinybert": ("TinyBERT", []),
        "bert": ("BERT", ["Bert"]),
        "crf": ("CRF", ["条件随机场"]),
        "word2vec": ("Word2vec", ["词向量模型"]),
    }
    for cid, (label, aliases) in concepts.items():
        G.add_node(f"concept:{cid}", kind="concept", label=label, aliases=aliases, type="method")
    articles = {
        "kd.md": ("什么是知识蒸馏", {"knowledge-distillation": (0.9, True), "bert": (0.3, False)}),
        "tiny.md": (
            "TinyBERT 全方位蒸馏",
            {
                "tinybert": (0.95, True),
                "knowledge-distillation": (0.6, False),
                "bert": (0.5, False),
            },
        ),
        "crf.md": ("CRF 详解", {"crf": (0.9, True)}),
        "w2v.md": ("Word2vec", {"word2vec": (0.9, True), "bert": (0.1, False)}),
    }
    for path, (title, mentions) in articles.items():
        node = f"article:links/c/{path}"
        G.add_node(node, kind="article", label=title, path=f"links/c/{path}", corpus_path=path)
        for cid, (sal, primary) in mentions.items():
            G.add_edge(
                node, f"concept:{cid}", kind="mentions", weight=3, salience=sal, primary=primary
            )
    G.add_edge("concept:tinybert", "concept:knowledge-distillation", kind="relation", type="is_a")
    G.add_edge("concept:tinybert", "concept:bert", kind="relation", type="distilled_from")
    G.add_edge(
        "article:links/c/tiny.md",
        "article:links/c/kd.md",
        kind="links_to",
        method="exact",
        confidence=1.0,
    )
    return G


def test_chinese_alias_finds_the_concept_and_its_articles():
    result = related(_graph(), "知识蒸馏")
    assert result["match"]["id"] == "concept:knowledge-distillation"
    ids = [a["id"] for a in result["articles"]]
    assert ids[0] == "article:links/c/kd.md"
    assert "article:links/c/tiny.md" in ids[:2]
    assert "article:links/c/crf.md" not in ids
    assert result["concepts"][0]["id"] in {"concept:tinybert", "concept:bert"}
    assert all(0 <= item["score"] <= 1 for item in result["concepts"] + result["articles"])


def test_ontology_relation_ranks_concepts_even_without_co_mention():
    G = _graph()
    result = related(G, "tinybert", top=3)
    labels = [c["label"] for c in result["concepts"]]
    assert set(labels[:2]) == {"Knowledge Distillation", "BERT"}
    texts = {w["text"] for c in result["concepts"] for w in c["why"] if w["kind"] == "relation"}
    assert {"TinyBERT is distilled from BERT", "TinyBERT is a kind of Knowledge Distillation"} <= texts


def test_case_width_and_separator_variants_match():
    G = _graph()
    for q in ("TINYBERT", "Tiny-BERT", "ｔｉｎｙｂｅｒｔ", " tinybert "):
        assert find_node(G, q) == "concept:tinybert"


def test_article_title_query_returns_its_concepts_and_neighbours():
    result = related(_graph(), "TinyBERT 全方位蒸馏")
    assert result["match"]["kind"] in {"article", "concept"}
    result = related(_graph(), "什么是知识蒸馏")
    assert result["match"]["id"] == "article:links/c/kd.md"
    assert result["concepts"][0]["id"] == "concept:knowledge-distillation"
    assert result["articles"][0]["id"] == "article:links/c/tiny.md"


def test_unknown_query_suggests_close_names():
    with pytest.raises(QueryNotFound) as info:
        related(_graph(), "tinybret")
    assert "TinyBERT" in info.value.suggestions
    assert info.value.exit_code == 1


@pytest.mark.parametrize("query", ["", "   ", "x" * 201])
def test_empty_or_huge_query_is_rejected(query):
    with pytest.raises(ValueError):
        related(_graph(), query)


def test_top_limits_and_index_reuse():
    G = _graph()
    index = QueryIndex.from_graph(G)
    result = related(G, "BERT", top=1, index=index)
    assert len(result["articles"]) == 1 and len(result["concepts"]) == 1
    assert related(G, "BERT", index=index) == related(G, "BERT")


def test_every_item_has_the_json_fields_and_at_least_one_reason():
    G = _graph()
    for query in ("TinyBERT", "知识蒸馏", "什么是知识蒸馏"):
        result = related(G, query, top=10)
        for item in result["concepts"] + result["articles"]:
            assert item["why"], item
            assert all(set(w) == {"kind", "text"} and w["text"] for w in item["why"])
            assert {"id", "label", "kind", "score"} <= set(item)
            if item["kind"] == "concept":
                assert "type" in item and isinstance(item["aliases"], list)
            else:
                assert item["path"].startswith("links/c/") and "index_page" in item


def test_a_query_naming_two_concepts_ranks_what_relates_to_both():
    G = _graph()
    both = related(G, "bert 知识蒸馏", top=5)
    assert [m["id"] for m in both["matches"]] == ["concept:bert", "concept:knowledge-distillation"]
    assert both["match"]["method"] == "words"
    # TinyBERT is distilled from BERT and a kind of distillation: it relates to both
    assert both["concepts"][0]["id"] == "concept:tinybert"
    # the word2vec article mentions BERT only: it comes after the two that discuss both
    ids = [a["id"] for a in both["articles"]]
    assert ids.index("article:links/c/w2v.md") > max(
        ids.index("article:links/c/tiny.md"), ids.index("article:links/c/kd.md")
    )


def test_a_misspelt_name_reaches_its_concept():
    result = related(_graph(), "Word2vecc")
    assert result["match"] == {
        "id": "concept:word2vec", "label": "Word2vec", "kind": "concept", "method": "spelling"
    }


def test_the_beginning_of_one_title_reaches_its_article_and_of_two_suggests_both():
    G = _graph()
    for name in ("模型篇", "优化篇"):
        G.add_node(f"article:links/c/{name}.md", kind="article", label=f"聊一下词向量：{name}详细解读",
                   path=f"links/c/{name}.md", corpus_path=f"{name}.md")
    result = related(G, "什么是知识")
    assert result["match"] == {
        "id": "article:links/c/kd.md", "label": "什么是知识蒸馏", "kind": "article", "method": "title"
    }
    with pytest.raises(QueryNotFound) as caught:  # two titles begin so: no guess, both suggested
        related(G, "聊一下词向量")
    assert {"聊一下词向量：模型篇详细解读", "聊一下词向量：优化篇详细解读"} <= set(caught.value.suggestions)


def test_the_article_about_the_query_comes_first_and_says_so():
    result = related(_graph(), "TinyBERT")
    first = result["articles"][0]
    assert first["id"] == "article:links/c/tiny.md"
    assert first["why"][0] == {"kind": "about", "text": "article about TinyBERT"}


def test_index_pages_rank_after_articles_and_are_marked():
    G = _graph()
    G.add_node("article:links/c/README.md", kind="article", label="目录", path="links/c/README.md",
               index_page=True)
    G.add_edge("article:links/c/README.md", "concept:knowledge-distillation", kind="mentions",
               weight=9, salience=1.0, primary=True)
    result = related(G, "知识蒸馏")
    ids = [a["id"] for a in result["articles"]]
    assert ids[0] == "article:links/c/kd.md"
    index = result["articles"][ids.index("article:links/c/README.md")]
    assert index["index_page"] and any(w["kind"] == "index" for w in index["why"])


def test_connecting_words_between_names_are_skipped():
    result = related(_graph(), "knowledge distillation and bert")
    assert [m["id"] for m in result["matches"]] == ["concept:knowledge-distillation", "concept:bert"]


def test_latin_and_chinese_names_written_together_are_two_names():
    result = related(_graph(), "BERT知识蒸馏")
    assert [m["id"] for m in result["matches"]] == ["concept:bert", "concept:knowledge-distillation"]


def test_scores_never_rise_down_the_list():
    for query in ("TinyBERT", "知识蒸馏", "bert", "Word2vec"):
        result = related(_graph(), query)
        for items in (result["concepts"], result["articles"]):
            scores = [i["score"] for i in items]
            assert scores == sorted(scores, reverse=True) and all(0 <= s <= 1 for s in scores)


def test_answers_do_not_depend_on_the_hash_seed(nlp_ability_graph_file):
    # ties and sets must not leak Python's per-process hash order into rankings or reasons
    script = (
        "import json, sys; from graph.store import load_graph; from graph.query import related;"
        "G = load_graph(sys.argv[1]);"
        "print(json.dumps([related(G, q) for q in ('Topic model', 'TinyBERT', 'bert 蒸馏',"
        " 'BERT-of-Theseus-模块压缩交替训练')], ensure_ascii=False))"
    )
    outputs = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-c", script, str(nlp_ability_graph_file)],
                              env=env, capture_output=True, text=True, check=True)
        outputs.add(done.stdout)
    assert len(outputs) == 1


def _add_concepts(G: nx.DiGraph, labels: dict, kind: str, relations=()) -> None:
    """Concepts ``{id: label}`` of one type, and ontology relations ``(source, type, target)``."""
    for cid, label in labels.items():
        G.add_node(f"concept:{cid}", kind="concept", label=label, aliases=[], type=kind)
    for source, rel, target in relations:
        G.add_edge(f"concept:{source}", f"concept:{target}", kind="relation", type=rel)


def _add_articles(G: nx.DiGraph, articles: dict) -> None:
    """Articles under links/c/ mentioning concepts: ``{path: {concept id: (salience, primary)}}``."""
    for path, mentions in articles.items():
        node = f"article:links/c/{path}"
        G.add_node(node, kind="article", label=path, path=f"links/c/{path}", corpus_path=path)
        for cid, (sal, primary) in mentions.items():
            G.add_edge(node, f"concept:{cid}", kind="mentions", weight=3, salience=sal,
                       primary=primary)


def test_the_article_most_about_a_concept_leads_when_none_names_it_a_primary_topic():
    # 'tf-idf' is no article's primary topic: survey.md discusses it most, while
    # matching.md gathers more from its relatives (BM25 improves on it, BoW is its kind)
    G = nx.DiGraph()
    _add_concepts(
        G,
        {"tf-idf": "TF-IDF", "bm25": "BM25", "bow": "Bag-of-Words"},
        "method",
        [("bm25", "improves_on", "tf-idf"), ("tf-idf", "improves_on", "bow")],
    )
    articles = {
        "survey.md": {"tf-idf": (0.7, False)},
        "matching.md": {"tf-idf": (0.55, False), "bm25": (0.9, False), "bow": (0.8, True)},
        "other.md": {"bm25": (0.9, True)},
    }
    _add_articles(G, articles)
    result = related(G, "tf-idf")
    ids = [a["id"] for a in result["articles"]]
    assert ids[:2] == ["article:links/c/survey.md", "article:links/c/matching.md"]
    assert result["articles"][0]["why"][0]["text"] == "mentions TF-IDF"


def test_articles_about_a_successor_that_discuss_the_query_lead_and_say_why():
    # roberta.md is about RoBERTa (which improves on BERT) and discusses BERT: it is about
    # BERT's line of models; passing.md names BERT only in passing and gains nothing from it
    G = nx.DiGraph()
    _add_concepts(
        G,
        {"bert": "BERT", "roberta": "RoBERTa", "kd": "Distillation"},
        "model",
        [("roberta", "improves_on", "bert")],
    )
    articles = {
        "uses.md": {"bert": (0.9, True), "kd": (1.0, True)},
        "roberta.md": {"bert": (0.7, False), "roberta": (1.0, True)},
        "passing.md": {"bert": (0.2, False), "roberta": (1.0, True)},
    }
    _add_articles(G, articles)
    result = related(G, "bert")
    ids = [a["id"].rsplit("/", 1)[-1] for a in result["articles"]]
    assert ids[:2] == ["roberta.md", "uses.md"]
    assert ids.index("passing.md") > ids.index("uses.md")
    assert result["articles"][0]["why"][0] == {
        "kind": "family", "text": "about RoBERTa, which improves on BERT, and discusses BERT"}


def test_a_nearly_empty_page_about_the_query_never_leads_and_says_it_is_empty():
    # a folder README holding only its heading names the query as its topic, as the survey does;
    # it has nothing to read, so the survey leads and the README comes after an article that
    # merely discusses the query
    G = nx.DiGraph()
    G.add_node("concept:sent", kind="concept", label="Sentence Embedding", aliases=["句向量"],
               type="method")
    articles = {
        "句向量/README.md": {"sent": (1.0, True)},
        "survey.md": {"sent": (0.8, True)},
        "matching.md": {"sent": (0.4, False)},
    }
    _add_articles(G, articles)
    for path, prose in (("句向量/README.md", 3), ("survey.md", 3000), ("matching.md", 2000)):
        G.nodes[f"article:links/c/{path}"]["prose_chars"] = prose
    result = related(G, "句向量")
    ids = [a["id"].removeprefix("article:links/c/") for a in result["articles"]]
    assert ids == ["survey.md", "matching.md", "句向量/README.md"]
    readme = result["articles"][2]
    assert readme["why"][-1]["kind"] == "empty"
    assert all(why["kind"] != "empty" for a in result["articles"][:2] for why in a["why"])


def test_two_successors_of_one_model_are_siblings():
    # RoBERTa and ALBERT both improve on BERT: each is related to the other through it, and
    # an article about the other is pulled in, though neither names the other
    G = nx.DiGraph()
    _add_concepts(
        G,
        {"bert": "BERT", "roberta": "RoBERTa", "albert": "ALBERT"},
        "model",
        [("roberta", "improves_on", "bert"), ("albert", "improves_on", "bert")],
    )
    _add_articles(G, {"roberta.md": {"roberta": (1.0, True), "bert": (0.6, False)},
                      "albert.md": {"albert": (1.0, True), "bert": (0.6, False)}})
    result = related(G, "RoBERTa")
    albert = next(c for c in result["concepts"] if c["id"] == "concept:albert")
    assert {"kind": "sibling", "text": "both improve on BERT, like RoBERTa"} in albert["why"]
    assert "article:links/c/albert.md" in [a["id"] for a in result["articles"]]
