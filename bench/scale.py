"""How nlpmap's build grows with the corpus: synthetic corpora of about 5, 20 and 50 MB.

Usage: python bench/scale.py [--sizes 5,20,50] [--runs N] [--cpu-stages] [--no-dask]
                             [--no-obsidian] [--no-rebuilds] [--keep DIR]

Each corpus is made by bench/synth.py from the NLP_ability articles (renamed, paragraphs
shuffled) in a temporary folder. For each size, in one run: a cold in-process build (a fresh
process, no cache), the same with ``--executor dask`` (a LocalCluster of 2 workers; the
workers' memory is not in the peak), obsidiantools on the same files, and through the plain
``nlpmap build`` into an empty cache: a cold build, a no-change rebuild and a rebuild after
one changed file. Then the exponent of a power-law fit of cold time against size. The same
rebuild figures are measured on NLP_ability itself first. With ``--runs N`` every cold build
and every round of rebuilds is repeated N times and the medians are shown (each cold build
also says its CPU seconds). The machine is shared: compare the ratios measured in the same
run, and read the load averages printed.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import DEFAULT_SOURCE, make_corpus  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent

CHILD = """
import json, resource, sys, time


def main():
    wall = time.perf_counter
    started = wall()
    kind, path = sys.argv[1], sys.argv[2]
    if sys.argv[3:] == ["cpu"]:  # the build's stage timings in CPU seconds
        time.perf_counter = time.process_time
    if kind == "obsidian":
        from pathlib import Path

        import obsidiantools.api as otools

        vault = otools.Vault(Path(path)).connect().gather()
        result = {"articles": len(vault.md_file_index), "edges": vault.graph.number_of_edges()}
    else:
        from graph.build import build_workspace, graph_stats

        G = build_workspace(path, executor=None if kind == "local" else "dask")
        result = {**graph_stats(G), "timings": G.graph["timings"]}
    result["seconds"] = round(wall() - started, 2)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    result["cpu_seconds"] = round(usage.ru_utime + usage.ru_stime, 2)
    result["peak_mb"] = round(usage.ru_maxrss / 1024)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
"""


def env(cache: Path | None = None) -> dict[str, str]:
    """This checkout first on the path; an own cache folder."""
    extra = {"PYTHONPATH": str(ROOT)}
    if cache is not None:
        extra["NLPMAP_CACHE_DIR"] = str(cache)
    return {**os.environ, **extra}


def median_child(kind: str, path: Path, runs: int) -> dict:
    """:func:`child` ``runs`` times; the run of median wall time, with every run's seconds."""
    results = [child(kind, path) for _ in range(runs)]
    done = sorted((r for r in results if "seconds" in r), key=lambda r: r["seconds"])
    if not done:
        return results[0]
    best = dict(done[len(done) // 2])
    best["runs_seconds"] = [r["seconds"] for r in done]
    return best


#: ``--cpu-stages``: the stage timings of each cold build in CPU seconds (a shared machine).
CPU_STAGES: list[str] = []


def child(kind: str, path: Path) -> dict:
    """Run one measured build in a fresh process; its JSON result."""
    script = Path(tempfile.gettempdir()) / "nlpmap_scale_child.py"
    script.write_text(CHILD, "utf-8")
    proc = subprocess.run(
        [sys.executable, str(script), kind, str(path), *CPU_STAGES],
        capture_output=True,
        text=True,
        env=env(),
    )
    if proc.returncode != 0:
        return {"error": proc.stderr.strip().splitlines()[-1:] or ["failed"]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def cli_build(path: Path, cache: Path) -> float:
    """Wall time of a plain ``nlpmap build`` (quiet) into ``cache``."""
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "graph.cli", "build", "-q", str(path)], check=True, env=env(cache)
    )
    return time.perf_counter() - start


def rebuilds(path: Path) -> dict[str, float]:
    """Cold, no-change and one-changed-file builds with the default cache (a copy of ``path``)."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / path.name
        shutil.copytree(path, work)
        cache = Path(tmp) / "cache"
        cold = cli_build(work, cache)
        unchanged = cli_build(work, cache)
        victim = sorted((work / "links").rglob("*.md"))[
            len(list((work / "links").rglob("*.md"))) // 2
        ]
        with victim.open("a", encoding="utf-8") as fh:
            fh.write("\n\nOne more sentence about BERT and knowledge distillation.\n")
        one = cli_build(work, cache)
    return {"cold": cold, "no_change": unchanged, "one_file": one}


def fit_exponent(sizes: list[float], seconds: list[float]) -> float:
    """The slope of log(seconds) against log(size) (least squares)."""
    xs = [math.log(s) for s in sizes]
    ys = [math.log(t) for t in seconds]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def median_rebuilds(path: Path, runs: int) -> dict[str, float]:
    """:func:`rebuilds` ``runs`` times; the median of each figure and of each ratio."""
    import statistics

    results = [rebuilds(path) for _ in range(runs)]
    out = {k: statistics.median(r[k] for r in results) for k in results[0]}
    for k in ("no_change", "one_file"):
        out[f"{k}_ratio"] = statistics.median(r[k] / r["cold"] for r in results)
    return out


def show_rebuilds(name: str, r: dict[str, float]) -> None:
    no_change = r.get("no_change_ratio", r["no_change"] / r["cold"])
    one_file = r.get("one_file_ratio", r["one_file"] / r["cold"])
    print(
        f"{name}: cold {r['cold']:.2f} s, no-change {r['no_change']:.2f} s "
        f"({no_change:.2f} of cold, target <= 0.10), one file {r['one_file']:.2f} s "
        f"({one_file:.2f} of cold, target <= 0.25)  [load {os.getloadavg()[0]:.1f}]"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="5,20,50")
    parser.add_argument("--no-dask", action="store_true")
    parser.add_argument("--no-obsidian", action="store_true")
    parser.add_argument("--no-rebuilds", action="store_true")
    parser.add_argument("--keep", type=Path, help="make the corpora here and keep them")
    parser.add_argument(
        "--runs", type=int, default=1, help="cold builds and rebuild rounds per size (medians)"
    )
    parser.add_argument(
        "--cpu-stages", action="store_true", help="stage timings in CPU seconds, not wall"
    )
    args = parser.parse_args()
    if args.cpu_stages:
        CPU_STAGES.append("cpu")
    sizes = [float(s) for s in args.sizes.split(",") if s]
    print(f"load average at start: {os.getloadavg()}")
    if not args.no_rebuilds:
        show_rebuilds("NLP_ability", median_rebuilds(DEFAULT_SOURCE, args.runs))
    base = args.keep or Path(tempfile.mkdtemp(prefix="nlpmap-scale-"))
    measured: list[tuple[float, float]] = []
    try:
        for size in sizes:
            corpus = base / f"corpus-{size:g}mb"
            if not corpus.is_dir():
                written = make_corpus(corpus, size)
            else:
                written = sum(p.stat().st_size for p in corpus.rglob("*.md"))
            mb = written / 1e6
            print(f"\n== {mb:.1f} MB, {len(list(corpus.rglob('*.md')))} files")
            local = median_child("local", corpus, args.runs)
            print(f"in-process cold: {json.dumps(local)}")
            if "seconds" in local:
                measured.append((mb, local["seconds"]))
            if not args.no_dask:
                print(f"dask (2 workers): {json.dumps(child('dask', corpus))}")
            if not args.no_obsidian:
                theirs = child("obsidian", corpus / "links" / "NLP_ability")
                print(f"obsidiantools: {json.dumps(theirs)}")
                if "seconds" in local and "seconds" in theirs:
                    ratio = local["seconds"] / theirs["seconds"]
                    print(f"nlpmap / obsidiantools: {ratio:.2f} (target <= 0.50)")
            if not args.no_rebuilds:
                show_rebuilds(f"{mb:.0f} MB", median_rebuilds(corpus, args.runs))
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)
    if len(measured) >= 2:
        exponent = fit_exponent([m for m, _ in measured], [t for _, t in measured])
        print(f"\ncold time ~ size^{exponent:.2f} (target <= 1.1)")
    print(f"load average at end: {os.getloadavg()}")


if __name__ == "__main__":
    main()
