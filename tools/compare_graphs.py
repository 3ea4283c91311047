"""Compare two nlpmap graph files: the same nodes and edges, with the same attributes.

    python tools/compare_graphs.py before.json after.json [--ignore x,y,pagerank]

Prints what differs and exits 1 on a difference. Positions (``x``, ``y``) and graph-level
attributes (build time, paths) are ignored unless ``--strict`` is given.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.store import load_graph  # noqa: E402


def differences(a, b, ignore: set[str]) -> list[str]:
    """Human-readable differences between two graphs (nodes, edges, attributes)."""
    out: list[str] = []
    na, nb = set(a.nodes), set(b.nodes)
    out += [f"node only in first: {n}" for n in sorted(na - nb)[:20]]
    out += [f"node only in second: {n}" for n in sorted(nb - na)[:20]]
    for n in sorted(na & nb):
        da = {k: v for k, v in a.nodes[n].items() if k not in ignore}
        db = {k: v for k, v in b.nodes[n].items() if k not in ignore}
        if da != db:
            keys = sorted(k for k in set(da) | set(db) if da.get(k) != db.get(k))
            out.append(f"node {n}: {', '.join(keys)} differ")
    ea, eb = set(a.edges), set(b.edges)
    out += [f"edge only in first: {e}" for e in sorted(ea - eb)[:20]]
    out += [f"edge only in second: {e}" for e in sorted(eb - ea)[:20]]
    for e in sorted(ea & eb):
        if a.edges[e] != b.edges[e]:
            out.append(f"edge {e}: {a.edges[e]} != {b.edges[e]}")
    return out


@click.command()
@click.argument("first", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("second", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--ignore", default="x,y", show_default=True, help="Node attributes to ignore.")
@click.option("--strict", is_flag=True, help="Compare positions too.")
def main(first: Path, second: Path, ignore: str, strict: bool) -> None:
    skip = set() if strict else {name for name in ignore.split(",") if name}
    diff = differences(load_graph(first), load_graph(second), skip)
    for line in diff[:50]:
        click.echo(line)
    if diff:
        click.echo(f"{len(diff)} differences")
        sys.exit(1)
    click.echo("same nodes and edges")


if __name__ == "__main__":
    main()
