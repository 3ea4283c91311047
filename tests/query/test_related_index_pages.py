"""Index pages on a real build: a Jekyll tag page and a folder README rank after the articles."""

from __future__ import annotations

from pathlib import Path

from graph.build import build_workspace
from graph.query import related

POST = "---\nlayout: post\ntitle: {title}\ntags: [attention]\n---\n{body}\n"
BODY = (
    "Attention lets a decoder look back at every encoder state. Self-attention relates the "
    "positions of one sequence; multi-head attention runs several attention functions in "
    "parallel. Scaled dot-product attention divides the scores by the square root of the key "
    "dimension before the softmax, and the Transformer stacks self-attention layers. "
)


def _site(root: Path) -> Path:
    (root / "_posts").mkdir(parents=True)
    (root / "tags").mkdir()
    (root / "_config.yml").write_text("title: Notes\nurl: https://example.github.io\n", "utf-8")
    (root / "_posts/2018-06-24-attention.md").write_text(
        POST.format(title="Attention? Attention!", body=BODY * 2), "utf-8"
    )
    (root / "_posts/2019-01-31-transformer-family.md").write_text(
        POST.format(title="The Transformer Family", body=BODY), "utf-8"
    )
    (root / "tags/attention.md").write_text(
        "---\nlayout: tag\ntitle: attention\n---\n{% for post in site.tags.attention %}\n"
        "- [{{ post.title }}]({{ post.url }})\n{% endfor %}\n",
        "utf-8",
    )
    (root / "README.md").write_text(
        "# Attention notes\n\n- [Attention](_posts/2018-06-24-attention.md)\n"
        "- [Transformers](_posts/2019-01-31-transformer-family.md)\n"
        "- [tag](tags/attention.md)\n- https://example.org/a\n- https://example.org/b\n",
        "utf-8",
    )
    return root


def test_tag_pages_and_lists_of_links_rank_after_the_articles(tmp_path):
    G = build_workspace(_site(tmp_path / "site"))
    index = {n for n, d in G.nodes(data=True) if d.get("index_page")}
    assert "article:tags/attention.md" in index
    assert "article:_posts/2018-06-24-attention.md" not in index
    result = related(G, "attention")
    ids = [a["id"] for a in result["articles"]]
    assert ids[0] == "article:_posts/2018-06-24-attention.md"
    for item in result["articles"]:
        if item["id"] in index:
            assert item["index_page"] and ids.index(item["id"]) > ids.index(
                "article:_posts/2019-01-31-transformer-family.md"
            )
