"""The Dask executor: a real LocalCluster of two worker processes builds the same graph."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.build import build_workspace
from graph.runner.cluster import DaskRunner, batches


@pytest.fixture()
def workspace(nlp_ability_part) -> Path:
    """The hub and two NLP_ability folders."""
    return nlp_ability_part(("Bert", "文本匹配和文本相似度"))


def test_dask_build_on_a_two_worker_local_cluster_equals_the_in_process_build(
    workspace, graph_differences
):
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        on_cluster = build_workspace(workspace, executor=f"dask={cluster.scheduler_address}")
        workers = len(cluster.scheduler_info["workers"])
    in_process = build_workspace(workspace)
    assert workers == 2
    assert on_cluster.number_of_nodes() > 20
    assert graph_differences(on_cluster, in_process, set()) == []


def test_batches_keep_the_order_and_every_text():
    texts = ["a" * 5, "b" * 5, "c" * 20, "d"]
    parts = batches(texts, limit=10)
    assert parts == [["a" * 5, "b" * 5], ["c" * 20], ["d"]]
    assert [t for part in parts for t in part] == texts


def test_an_unreachable_scheduler_is_a_clear_error(tmp_path):
    from graph.errors import NlpmapError
    from graph.ontology import load_ontology

    with pytest.raises(NlpmapError, match="cannot reach the Dask scheduler"):
        DaskRunner(load_ontology(), "tcp://127.0.0.1:9", timeout=1)
