"""KeyPool ranks file names as graph.links.match.ranked does, in one vectorised pass."""

from __future__ import annotations

from graph.links.index import LinkIndex
from graph.links.match import file_keys, name_keys, ranked
from graph.links.pool import KeyPool
from graph.workspace import read_workspace


def test_best_two_equals_the_first_two_of_ranked_on_every_nlp_ability_name(shared_corpus):
    index = LinkIndex.from_workspace(read_workspace(shared_corpus), git_remote=False)
    pool = KeyPool(index.paths, index.keys)
    queries = []
    for path in sorted(index.paths):
        name = path.rsplit("/", 1)[-1]
        queries += [file_keys(path), name_keys(name[:-3] + "(2)"), name_keys(name[1:-5])]
    queries += [name_keys("bert"), name_keys("知识蒸馏"), ("",)[:0]]
    paths = sorted(index.paths)
    for i, keys in enumerate(queries):
        for own in (paths[3], paths[i % len(paths)], ""):  # the same keys from other documents
            expected = ranked(keys, index.paths, index.keys, own)[:2]
            assert pool.best_two(keys, own) == expected, (keys, own)


def test_an_empty_pool_and_paths_without_keys():
    assert KeyPool([], {}).best_two(("a",), "x") == []
    pool = KeyPool(["a.md", "b.md"], {"a.md": (), "b.md": ("bert",)})
    assert pool.best_two(("bert",), "") == [(100.0, "b.md"), (0.0, "a.md")]
    assert pool.best_two(("bert",), "b.md") == [(0.0, "a.md")]
