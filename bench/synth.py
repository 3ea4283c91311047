"""Synthetic corpora for the scale benchmark, made from the NLP_ability articles.

Each copy of every article gets a new name (``<stem>-k<copy>.md``, in a folder
``copy<copy>/`` beside the original tree) and its paragraphs shuffled with a
seeded generator, so the words stay the corpus's own but no two files are
the same. The hub is copied as is. Corpora go to a temporary folder and are
never committed.

    python bench/synth.py OUT_DIR --mb 20
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# ../shared/corpus beside the checkout (or beside the worktrees' folder)
DEFAULT_SOURCE = next(
    (p / "shared" / "corpus" for p in ROOT.parents if (p / "shared" / "corpus").is_dir()),
    ROOT.parent / "shared" / "corpus",
)


def source_articles(source: Path) -> list[tuple[Path, str]]:
    """The Markdown articles of ``source/links/<corpus>/`` and their text."""
    found = []
    for file in sorted((source / "links").rglob("*.md")):
        found.append((file.relative_to(source / "links"), file.read_text("utf-8", "replace")))
    return found


def shuffled(text: str, rng: random.Random) -> str:
    """The text with its paragraphs (blank-line separated) shuffled; fences kept whole."""
    blocks: list[str] = []
    current: list[str] = []
    fenced = False
    for line in text.split("\n"):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        if not line.strip() and not fenced:
            if current:
                blocks.append("\n".join(current))
                current = []
            continue
        current.append(line)
    if current:
        blocks.append("\n".join(current))
    head, rest = blocks[:1], blocks[1:]  # the first heading stays first
    rng.shuffle(rest)
    return "\n\n".join(head + rest) + "\n"


def make_corpus(out: Path, megabytes: float, source: Path = DEFAULT_SOURCE, seed: int = 0) -> int:
    """Write a workspace of about ``megabytes`` MB of Markdown to ``out``; return its bytes."""
    articles = source_articles(source)
    if not articles:
        raise SystemExit(f"no Markdown article under {source}/links")
    out.mkdir(parents=True, exist_ok=True)
    hub = source / "README.md"
    if hub.is_file():
        shutil.copyfile(hub, out / "README.md")
    target = int(megabytes * 1_000_000)
    written = 0
    copy = 0
    rng = random.Random(seed)
    while written < target:
        for rel, text in articles:
            corpus, *folders, name = rel.parts
            stem = name.rsplit(".", 1)[0]
            dest = out / "links" / corpus / f"copy{copy}" / Path(*folders) / f"{stem}-k{copy}.md"
            dest.parent.mkdir(parents=True, exist_ok=True)
            data = shuffled(text, rng).encode("utf-8")
            dest.write_bytes(data)
            written += len(data)
            if written >= target:
                break
        copy += 1
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--mb", type=float, default=5.0)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    size = make_corpus(args.out, args.mb, seed=args.seed)
    print(f"{args.out}: {size / 1e6:.1f} MB of Markdown")


if __name__ == "__main__":
    main()
