"""Time `nlpmap build` against obsidiantools on the same articles, each as a cold process.

Usage: python bench/build.py [WORKSPACE] [--runs 5]

Prints the median (and min/max) wall time of each over ``--runs`` cold
processes in one run, their ratio, and what nlpmap built (articles,
concepts, edges). obsidiantools is the closest Python library (a note-vault
graph builder); on NLP_ability it finds no edge between articles.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_WORKSPACE = ROOT.parent / "shared" / "corpus"

OBSIDIAN = """
import sys
from pathlib import Path
import obsidiantools.api as otools
vault = otools.Vault(Path(sys.argv[1])).connect().gather()
print(len(vault.md_file_index), vault.graph.number_of_edges())
"""


def timed(cmd: list[str]) -> tuple[float, str]:
    """Run ``cmd`` as a fresh process; return (seconds, stdout)."""
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{proc.stderr}")
    return seconds, proc.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workspace", nargs="?", type=Path, default=DEFAULT_WORKSPACE)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    workspace = args.workspace.resolve()
    corpora = (
        sorted(p for p in (workspace / "links").iterdir() if p.is_dir())
        if (workspace / "links").is_dir()
        else [workspace]
    )

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "graph.json"
        ours_cmd = [sys.executable, "-m", "graph.cli", "build", str(workspace), "-o", str(out)]
        theirs_cmd = [sys.executable, "-c", OBSIDIAN, str(corpora[0])]
        ours, theirs = [], []
        for _ in range(args.runs):  # interleaved, so drift hits both alike
            ours.append(timed(ours_cmd)[0])
            seconds, stdout = timed(theirs_cmd)
            theirs.append(seconds)
        their_articles, their_edges = stdout.split()
        data = json.loads(out.read_text("utf-8"))

    kinds = [n.get("kind") for n in data["nodes"]]
    edge_kinds = [e.get("kind") for e in data["links"]]
    med_ours, med_theirs = statistics.median(ours), statistics.median(theirs)
    print(f"workspace: {workspace} ({args.runs} cold runs each)")
    print(f"{'tool':<14}{'median s':>10}{'min s':>8}{'max s':>8}  result")
    print(
        f"{'nlpmap':<14}{med_ours:>10.2f}{min(ours):>8.2f}{max(ours):>8.2f}  "
        f"{kinds.count('article')} articles, {kinds.count('concept')} concepts, {len(edge_kinds)} edges "
        f"({edge_kinds.count('links_to')} links, {edge_kinds.count('mentions')} mentions, "
        f"{edge_kinds.count('relation')} relations)"
    )
    print(
        f"{'obsidiantools':<14}{med_theirs:>10.2f}{min(theirs):>8.2f}{max(theirs):>8.2f}  "
        f"{their_articles} articles, {their_edges} edges"
    )
    print(f"ratio nlpmap / obsidiantools: {med_ours / med_theirs:.2f} (target <= 0.50)")


if __name__ == "__main__":
    main()
