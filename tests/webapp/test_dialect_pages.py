"""Article pages of a Jekyll post: front matter as one small line, Liquid and kramdown never raw."""

from __future__ import annotations

from urllib.parse import quote

from helpers import write_files

from graph.build import build_workspace
from graph.store import save_graph
from webapp import create_app

POST = "_posts/2018-06-24-attention.md"
FILES = {
    "_config.yml": "url: https://someone.github.io\nbaseurl: /log\n",
    POST: '---\nlayout: post\ncomments: true\ntitle: "Attention? Attention!"\n'
    "date: 2018-06-24 00:15:00\ntags: [attention, nlp]\n---\n\n"
    'Intro.\n{: class="table-of-content"}\n* TOC\n{:toc}\n\n'
    "See the [overview]({{ site.baseurl }}{% post_url 2017-06-21-overview %}) "
    "and [[2017-06-21-overview|the same as a wiki-link]].\n{% include footer.html %}\n",
    "_posts/2017-06-21-overview.md": "---\ntitle: Overview\n---\nDeep learning.\n",
}


def test_a_jekyll_post_renders_without_raw_front_matter_liquid_or_kramdown(tmp_path):
    root = write_files(tmp_path / "blog", FILES)
    graph_file = save_graph(build_workspace(root, candidates=False), tmp_path / "g.json")
    app = create_app(
        {"TESTING": True, "NLPMAP_GRAPH": str(graph_file), "NLPMAP_WORKSPACE": str(root)}
    )
    page = app.test_client().get(f"/links/blog/{quote(POST)}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    body = html.split('<div class="markdown">', 1)[1]
    for raw in ("layout:", "comments:", "{%", "{{", "{:", "table-of-content", "post_url"):
        assert raw not in body
    assert '<p class="front-matter">2018-06-24 · #attention · #nlp</p>' in body
    overview = f'href="/links/blog/{quote("_posts/2017-06-21-overview.md")}"'
    assert body.count(overview) == 2  # the Liquid link and the wiki-link reach the article
    assert "Attention? Attention!" in html
