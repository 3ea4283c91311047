"""`nlpmap build` on a fresh cache answers from the summary beside the graph."""

from __future__ import annotations

from graph.build import load_or_build
from graph.store import fresh_summary


def test_the_summary_is_fresh_until_a_file_changes(nlp_ability_part, tmp_path):
    root = nlp_ability_part(("Bert",), 3)
    cache = tmp_path / "cache"
    assert fresh_summary(root, cache_dir=cache) is None
    G, target, _ = load_or_build(root, cache_dir=cache)
    counts, path = fresh_summary(root, cache_dir=cache)
    assert path == target and counts["articles"] == 3 and counts["mentions"] > 0
    article = sorted((root / "links").rglob("*.md"))[0]
    article.write_text(article.read_text("utf-8") + "\n\nELMo.\n", "utf-8")
    assert fresh_summary(root, cache_dir=cache) is None
    assert fresh_summary(root, cache_dir=cache, repo_urls=("a/b",)) is None
