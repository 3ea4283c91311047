"""Notes written for Obsidian, Jekyll and Hugo, on small sites the tests write: edges and titles."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from helpers import write_files

from graph.build import build_graph
from graph.cli import cli
from graph.links import resolve_workspace, with_hub_titles
from graph.ontology import load_ontology
from graph.workspace import read_workspace

POST = "_posts/2018-06-24-attention-attention.md"
OVERVIEW = "_posts/2017-06-21-overview.md"
JEKYLL = {
    "_config.yml": 'title: Log\nurl: "https://someone.github.io"\nbaseurl: "/log"\n',
    POST: '---\nlayout: post\ncomments: true\ntitle: "Attention? Attention!"\n'
    "date: 2018-06-24 00:15:00\ntags: attention transformer\n---\n\n"
    '> Attention is a popular concept.\n{: class="table-of-content"}\n\n'
    "See the [earlier post]({{ site.baseurl }}{% post_url 2017-06-21-overview %}), "
    "[its address](https://someone.github.io/log/2017/06/21/overview.html#rnn) and "
    "[the about page]({{ '/about/' | relative_url }}).\n\n"
    "![fig]({{ '/assets/attn.png' | relative_url }})\n![gone](/assets/gone.png)\n"
    "{% include toc.html %}\n\n{% highlight python %}\nx = '{% post_url 2017-06-21-overview %}'\n"
    "{% endhighlight %}\n",
    OVERVIEW: "---\ntitle: An Overview of Deep Learning\ncategories: [dl]\n---\n"
    "Deep learning; [about]({% link about.md %}).\n",
    "about.md": "---\ntitle: About\npermalink: /about/\n---\nHello.\n",
    "assets/attn.png": "PNG",
}
HUGO = {
    "hugo.toml": 'baseURL = "https://example.org/notes/"\ntitle = "Notes"\n',
    "content/posts/t5.md": '+++\ntitle = "T5 explained"\ndate = 2020-01-01\ntags = ["t5"]\n+++\n'
    'T5 follows [BERT]({{< relref "bert" >}}) and {{< ref "posts/gpt.md" >}}; see '
    '[the docs](https://example.org/notes/docs/).\n{{< figure src="/img/t5.png" title="T5" >}}\n',
    "content/posts/bert.md": "---\ntitle: BERT\nslug: bert-explained\n---\n"
    'Back to [T5](/notes/posts/t5/) and [GPT]({{< ref "/posts/gpt" >}}#decoder).\n',
    "content/posts/gpt.md": "# GPT\n\nGPT.\n",
    "content/docs/_index.md": "# Documentation\n\nHow to.\n",
    "static/img/t5.png": "PNG",
}
VAULT = {
    ".obsidian/app.json": "{}",
    "Concepts/Attention.md": "---\naliases: [Self-Attention]\ntags: [nlp]\n---\n# Attention\n\n"
    "See [[Transformer]], [[Transformer|the model]], [[Concepts/BERT#Pre-training]], "
    "![[BERT]], ![[diagram.png]] and [[Missing note]].\n",
    "Transformer.md": "# Transformer\n\n[[Self-Attention]] is all you need; `[[not a link]]`.\n",
    "Concepts/BERT.md": "# BERT\n\nUses [[attention]], see [[#Pre-training]].\n\n## Pre-training\n",
    "Daily/2024-01-15.md": "- read [[Transformer]]\n",
    "attachments/diagram.png": "PNG",
}


@pytest.fixture(scope="module")
def ontology():
    """The built-in ontology, loaded once."""
    return load_ontology()


def built(root: Path, ontology) -> nx.DiGraph:
    """The graph of a folder, hub titles applied, no candidates."""
    return build_graph(with_hub_titles(read_workspace(root)), ontology, candidates=False)


def edges(G: nx.DiGraph) -> dict[tuple[str, str], dict]:
    """``links_to`` edges as (source path, target path) -> attributes."""
    path = {n: d.get("path") for n, d in G.nodes(data=True)}
    return {(path[u], path[v]): d for u, v, d in G.edges(data=True) if d["kind"] == "links_to"}


def labels(G: nx.DiGraph) -> dict[str, str]:
    """Article path -> label."""
    return {d["path"]: d["label"] for _, d in G.nodes(data=True) if d["kind"] == "article"}


def test_jekyll_post_url_link_and_site_urls_become_edges(tmp_path, ontology):
    G = built(write_files(tmp_path / "blog", JEKYLL), ontology)
    found = edges(G)
    assert found[(POST, OVERVIEW)]["method"] == "post_url"  # the strongest of the two links
    assert found[(POST, "about.md")]["method"] == "site"
    assert found[(OVERVIEW, "about.md")]["method"] == "jekyll_link"
    assert len(found) == 3
    assert labels(G) == {
        POST: "Attention? Attention!",
        OVERVIEW: "An Overview of Deep Learning",
        "about.md": "About",
    }
    post = G.nodes[f"article:{POST}"]
    assert post["tags"] == ["attention", "transformer"] and post["date"].startswith("2018-06-24")
    assert G.nodes[f"article:{OVERVIEW}"]["categories"] == ["dl"]


def test_jekyll_absolute_site_url_resolves_by_date_and_slug(tmp_path):
    ws = read_workspace(write_files(tmp_path / "blog", JEKYLL))
    methods = {link.href: res for doc, link, res in resolve_workspace(ws) if doc.path == POST}
    res = methods["https://someone.github.io/log/2017/06/21/overview.html#rnn"]
    assert (res.target, res.method) == (OVERVIEW, "site")


def test_front_matter_liquid_and_kramdown_never_reach_the_text(tmp_path):
    ws = read_workspace(write_files(tmp_path / "blog", JEKYLL))
    text = ws.article_by_path()[POST].markdown.text
    assert text.startswith("Attention is a popular concept.")
    for raw in ("layout", "comments", "{%", "{{", "{:", "table-of-content", "post_url", "site."):
        assert raw not in text
    images = [image.src for image in ws.article_by_path()[POST].markdown.images]
    assert images == ["/assets/attn.png", "/assets/gone.png"]


def test_hugo_ref_relref_and_site_urls(tmp_path, ontology):
    G = built(write_files(tmp_path / "hugo", HUGO), ontology)
    found = edges(G)
    t5, bert, gpt = "content/posts/t5.md", "content/posts/bert.md", "content/posts/gpt.md"
    assert found[(t5, bert)]["method"] == "hugo_ref"
    assert found[(t5, gpt)]["method"] == "hugo_ref"
    assert found[(t5, "content/docs/_index.md")]["method"] == "site"
    assert found[(bert, t5)]["method"] == "site"
    assert found[(bert, gpt)] == {**found[(bert, gpt)], "method": "hugo_ref", "anchor": "decoder"}
    assert len(found) == 5
    assert (
        labels(G)[t5] == "T5 explained" and labels(G)["content/docs/_index.md"] == "Documentation"
    )
    assert "{{" not in G.graph.get("workspace") and G.nodes[f"article:{t5}"]["tags"] == ["t5"]


MKDOCS = {
    # a Material configuration: python and environment tags a plain safe loader refuses
    "mkdocs.yml": "site_name: Wiki\nsite_url: https://wiki.example.org/nlp/\n"
    "markdown_extensions:\n  - pymdownx.emoji:\n"
    "      emoji_generator: !!python/name:material.extensions.emoji.to_svg\n"
    "copyright: !ENV [COPYRIGHT, 'me']\n",
    "docs/index.md": "# Wiki\n\nStart with [the models](models/).\n",
    "docs/models/index.md": "# Models\n\n- [BERT](bert.md)\n",
    "docs/models/bert.md": "# BERT\n\nBERT is an encoder; see [NER](../tasks/ner.md#with-bert).\n",
    "docs/tasks/ner.md": "# NER\n\n## With BERT\n\nA linear layer over [BERT](/models/bert/) "
    "vectors, or the [models page](https://wiki.example.org/nlp/models/).\n",
}


def test_mkdocs_directory_urls_and_site_urls_reach_the_pages_under_docs(tmp_path, ontology):
    G = built(write_files(tmp_path / "mk", MKDOCS), ontology)
    found = edges(G)
    ner, bert, models = "docs/tasks/ner.md", "docs/models/bert.md", "docs/models/index.md"
    assert found[(ner, bert)]["method"] == "site"  # /models/bert/ is docs/models/bert.md
    assert found[(ner, models)]["method"] == "site"  # site_url + models/ is its index page
    assert found[(bert, ner)]["anchor"] == "with-bert"
    assert found[("docs/index.md", models)]["method"] == "folder"
    assert G.graph["unresolved"] == 0


DOCUSAURUS = {
    # read for its url and baseUrl, never run
    "docusaurus.config.js": "module.exports = {\n  title: 'Notes',\n"
    "  url: 'https://notes.example.org',\n  baseUrl: '/ml/',\n  presets: [],\n};\n",
    "docs/intro.md": "---\nslug: /\n---\n# Notes\n\nStart with [BERT](/docs/models/bert).\n",
    "docs/models/bert.md": "# BERT\n\nAn encoder, used for [entities](/docs/named-entities) and "
    "[in a post](/blog/2024/01/05/serving).\n",
    "docs/tasks/ner.md": "---\nslug: /named-entities\n---\n# NER\n\nA CRF over "
    "[BERT](@site/docs/models/bert.md) vectors; [the notes](https://notes.example.org/ml/docs/).\n",
    "blog/2024-01-05-serving.md": "# Serving\n\nSee [NER](../docs/tasks/ner.md) and [GPT](/docs/models/gpt).\n",
    "docs/models/gpt.mdx": "import Tabs from '@theme/Tabs';\n\n# GPT\n\nA decoder, unlike [BERT](bert.md).\n",
}


def test_docusaurus_site_files_slugs_and_urls_reach_their_pages(tmp_path, ontology):
    G = built(write_files(tmp_path / "docu", DOCUSAURUS), ontology)
    found = edges(G)
    intro, bert, ner = "docs/intro.md", "docs/models/bert.md", "docs/tasks/ner.md"
    assert found[(intro, bert)]["method"] == "extension"  # /docs/models/bert is the file
    assert found[(bert, ner)]["method"] == "site"  # the slug of ner.md
    assert found[(bert, "blog/2024-01-05-serving.md")]["method"] == "site"  # date and name
    assert found[(ner, bert)]["method"] == "exact"  # @site/ is the site's root
    assert found[(ner, intro)]["method"] == "site"  # url + baseUrl + the slug of intro.md
    assert found[("blog/2024-01-05-serving.md", ner)]["method"] == "exact"
    gpt = "docs/models/gpt.mdx"  # MDX pages are articles; their ESM imports are no link
    assert found[("blog/2024-01-05-serving.md", gpt)]["method"] == "extension"
    assert found[(gpt, bert)]["method"] == "exact"
    assert G.nodes[f"article:{gpt}"]["prose_chars"] < len("GPT A decoder, unlike BERT.") + 5
    assert G.graph["unresolved"] == 0


LOGSEQ = {
    "pages/BERT.md": "title:: BERT\nalias:: Bidirectional encoder, [[Bert model]]\n\n"
    "- An encoder, distilled into [[TinyBERT]] and used for [[NLP/NER]].\n",
    "pages/TinyBERT.md": "- Distils [[Bert model]].\n",
    "pages/NLP___NER.md": "- Tags entities over [[Bidirectional encoder]] vectors.\n",
    "pages/NLP%2FCRF.md": "- The older file name of a namespaced page; see [[nlp/ner]].\n",
}


def test_logseq_properties_and_namespaced_pages(tmp_path, ontology):
    G = built(write_files(tmp_path / "graph", LOGSEQ), ontology)
    found = edges(G)
    bert, tiny, ner, crf = "pages/BERT.md", "pages/TinyBERT.md", "pages/NLP___NER.md", "pages/NLP%2FCRF.md"
    assert found[(bert, ner)]["method"] == "wiki"  # NLP/NER is NLP___NER.md
    assert found[(crf, ner)]["method"] == "wiki"
    assert found[(tiny, bert)]["method"] == "wiki"  # by the alias:: property
    assert found[(ner, bert)]["method"] == "wiki"
    assert labels(G)[ner] == "NLP/NER" and labels(G)[crf] == "NLP/CRF"
    assert G.graph["unresolved"] == 0
    assert G.nodes[f"article:{bert}"]["title_source"] == "front matter"  # the title:: property


def test_obsidian_wiki_links_resolve_by_note_name_path_and_alias(tmp_path, ontology):
    G = built(write_files(tmp_path / "vault", VAULT), ontology)
    found = edges(G)
    attention, bert = "Concepts/Attention.md", "Concepts/BERT.md"
    assert found[(attention, "Transformer.md")]["method"] == "wiki"
    assert found[(attention, bert)]["method"] == "wiki"  # path, then embed by name
    assert found[("Transformer.md", attention)]["method"] == "wiki"  # by alias
    assert found[(bert, attention)]["method"] == "wiki"  # case-insensitive name
    assert found[("Daily/2024-01-15.md", "Transformer.md")]["method"] == "wiki"
    assert len(found) == 5
    assert labels(G)["Daily/2024-01-15.md"] == "Daily"  # a date says nothing: the folder
    assert labels(G)[attention] == "Attention"


def test_check_reports_missing_images_apart_from_unresolved_links(tmp_path):
    root = write_files(tmp_path / "vault", VAULT)
    result = CliRunner().invoke(cli, ["check", str(root), "--json"])
    assert result.exit_code == 1  # the wiki-link to a note that does not exist
    report = json.loads(result.output)
    assert [row["href"] for row in report["unresolved"]] == ["wiki:Missing%20note"]
    assert (
        report["missing_images"] == []
    )  # ![[diagram.png]] is in attachments/, as Obsidian finds it
    blog = write_files(tmp_path / "blog", JEKYLL)
    result = CliRunner().invoke(cli, ["check", str(blog)])
    assert result.exit_code == 0, result.output
    assert f"{POST}:15: image '/assets/gone.png' is not in the workspace" in result.output
    assert "1 missing images in 3 documents" in result.output
    assert "All internal links of 3 documents resolve." in result.output


def test_a_site_without_url_is_its_repositorys_github_pages_address(tmp_path):
    files = {
        **JEKYLL,
        "_config.yml": "title: Log\n",
        "about.md": ("[the overview](https://someone.github.io/log/2017/06/21/overview.html)\n"),
    }
    root = write_files(tmp_path / "log", files)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(
        ["git", "-C", str(root), "remote", "add", "origin", "https://github.com/someone/log.git"],
        check=True,
    )
    found = {
        (doc.path, res.target): res.method
        for doc, link, res in resolve_workspace(read_workspace(root))
        if doc.path == "about.md"
    }
    assert found == {("about.md", OVERVIEW): "site"}


def test_a_changed_site_configuration_rebuilds_the_cached_graph(tmp_path):
    root = write_files(tmp_path / "blog", JEKYLL)
    args = ["build", str(root), "--cache-dir", str(tmp_path / "cache"), "--json"]
    assert '"rebuilt": true' in CliRunner().invoke(cli, args).output
    assert '"rebuilt": false' in CliRunner().invoke(cli, args).output
    (root / "_config.yml").write_text("url: https://elsewhere.org\n", encoding="utf-8")
    assert '"rebuilt": true' in CliRunner().invoke(cli, args).output


def test_hub_links_to_a_section_or_by_wiki_alias_do_not_title_the_article(tmp_path):
    root = write_files(
        tmp_path / "titles",
        {
            "README.md": "- [[Subword units|BPE]]\n- [BLEU and friends](metrics.md#bleu)\n"
            "- [Metrics](metrics.md)\n- [Fine-tuning tips](tuning.md)\n"
            "- [[Attention]]\n",
            "Subword units.md": "# Subword units\n\nMerging pairs.\n",
            "metrics.md": "# Evaluation metrics\n\n## BLEU\n\nOverlap.\n",
            "tuning.md": "# Tuning\n\nSmall rates.\n",
            "Attention.md": "---\ntitle: Attention mechanism\n---\n# Attention\n\nWeights.\n",
        },
    )
    titled = {
        doc.path: (doc.title, doc.title_source)
        for doc in with_hub_titles(read_workspace(root)).articles
    }
    assert titled == {
        "Subword units.md": ("Subword units", "file name"),
        "metrics.md": ("Metrics", "hub"),  # the link to the whole article names it
        "tuning.md": ("Fine-tuning tips", "hub"),
        "Attention.md": ("Attention mechanism", "front matter"),
    }


GITHUB_WIKI = {
    "Home.md": "# Home\n\n* [[Knowledge Distillation]]\n* [[BERT Model|BERT]]\n",
    "_Sidebar.md": "* [[Home]]\n* [Word vectors](Word-Vectors)\n",
    "Knowledge-Distillation.md": "A student learns from a teacher; see "
    "[the BERT page](https://github.com/someone/notes/wiki/BERT-Model).\n",
    "BERT-Model.md": "BERT, back [home](https://github.com/someone/notes/wiki).\n",
    "Word-Vectors.md": "word2vec and GloVe.\n",
}


def test_a_github_wiki_links_its_pages_by_name_and_by_wiki_url(tmp_path, ontology):
    root = write_files(tmp_path / "notes.wiki", GITHUB_WIKI)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "remote", "add", "origin",
                    "https://github.com/someone/notes.wiki.git"], check=True)
    G = built(root, ontology)
    found = edges(G)
    kd, bert = "Knowledge-Distillation.md", "BERT-Model.md"
    assert found[("Home.md", kd)]["method"] == "wiki"  # the page name has dashes for spaces
    assert found[("Home.md", bert)]["method"] == "wiki"
    assert found[(kd, bert)]["method"] == "repo"  # .../wiki/BERT-Model, the wiki's own URL
    assert found[(bert, "Home.md")]["method"] == "repo"  # .../wiki is its Home page
    assert labels(G)[kd] == "Knowledge Distillation" and labels(G)["Word-Vectors.md"] == "Word Vectors"
    assert G.graph["unresolved"] == 0
