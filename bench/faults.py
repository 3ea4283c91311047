"""Benchmark of faults: ``kill -9`` of ``nlpmap build`` at random moments, many times.

Builds a workspace once (``-o FILE`` and the cache), then starts the same build again
and again (``-o FILE`` and a forced cached build, two of each in turn) and kills each
with SIGKILL: every other one after a random delay between 0 and the length of a whole
build, the others the moment a temporary file appears (mid-write). After every kill
it loads both graph files (the previous graph, or the new one, must load) and counts the
temporary files the killed build left; a last unkilled build of each kind must remove
them. Prints kills, graphs left loadable, kills that left a temporary file, and temporary
files left after the next builds.

    python bench/faults.py                        # NLP_ability beside the project, 20 kills
    python bench/faults.py --kills 50 --workspace links/nlp-notes
    python bench/faults.py --json
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.store import cache_path, load_graph


def _temps(folder: Path) -> int:
    """The temporary files in ``folder``."""
    return sum(1 for p in folder.iterdir() if p.name.endswith(".tmp")) if folder.is_dir() else 0


def _loads(path: Path) -> bool:
    """True when ``path`` loads as a graph."""
    try:
        load_graph(path)
    except Exception:  # noqa: BLE001 - any failure counts
        return False
    return True


def _kill_at_write(proc: subprocess.Popen, folders: tuple[Path, ...], rng: random.Random) -> bool:
    """Kill ``proc`` as soon as a temporary file shows in ``folders`` (within 0-20 ms).

    True when it was killed while writing; False when the build ended first.
    """
    while proc.poll() is None:
        if any(_temps(folder) for folder in folders):
            time.sleep(rng.uniform(0, 0.02))
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            return True
        time.sleep(0.001)
    return False


def run(workspace: Path, kills: int, seed: int, work: Path) -> dict:
    """Kill ``kills`` builds of ``workspace`` (files under ``work``); the counts.

    Even kills come at a random moment of a build, odd ones the moment it writes a file.
    """
    cache, out = work / "cache", work / "out" / "graph.json"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NLPMAP_CACHE_DIR": str(cache)}
    base = [sys.executable, "-m", "graph.cli", "build", str(workspace), "-q"]
    commands = (base + ["-o", str(out)], base + ["--force"])
    started = time.monotonic()
    for command in commands:
        subprocess.run(command, env=env, check=True)
    duration = (time.monotonic() - started) / len(commands)
    cached = cache_path(workspace, directory=cache)
    rng = random.Random(seed)
    loadable = left_temp = at_write = 0
    for i in range(kills):
        proc = subprocess.Popen(commands[(i // 2) % 2], env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        if i % 2:
            at_write += _kill_at_write(proc, (out.parent, cache), rng)
        else:
            time.sleep(rng.uniform(0, duration))
            proc.send_signal(signal.SIGKILL)
            proc.wait()
        loadable += _loads(out) and _loads(cached)
        left_temp += (_temps(out.parent) + _temps(cache)) > 0
    for command in commands:
        subprocess.run(command, env=env, check=True)
    return {
        "workspace": str(workspace),
        "seed": seed,
        "build_seconds": round(duration, 2),
        "kills": kills,
        "kills_while_writing": at_write,
        "graphs_loadable_after_kill": loadable,
        "kills_that_left_a_temp_file": left_temp,
        "temp_files_after_next_builds": _temps(out.parent) + _temps(cache),
        "final_graphs_load": _loads(out) and _loads(cached),
    }


@click.command()
@click.option("--workspace", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=ROOT.parent / "shared" / "corpus", show_default=True)
@click.option("--kills", type=click.IntRange(1, 1000), default=20, show_default=True)
@click.option("--seed", type=int, default=None, help="Seed of the kill moments (random by default).")
@click.option("--json", "as_json", is_flag=True)
def main(workspace: Path, kills: int, seed: int | None, as_json: bool) -> None:
    """Kill builds at random moments and check what they leave."""
    seed = seed if seed is not None else int.from_bytes(os.urandom(4), "big")
    with tempfile.TemporaryDirectory(prefix="nlpmap-faults-") as tmp:
        result = run(workspace.resolve(), kills, seed, Path(tmp))
    if as_json:
        click.echo(json.dumps(result, indent=2))
    else:
        for key, value in result.items():
            click.echo(f"{key:30} {value}")
    ok = result["graphs_loadable_after_kill"] == kills and result["temp_files_after_next_builds"] == 0
    sys.exit(0 if ok and result["final_graphs_load"] else 1)


if __name__ == "__main__":
    main()
