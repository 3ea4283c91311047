"""Fixtures of the runner tests: parts of the NLP_ability workspace, copied."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

BASE = Path("links") / "NLP_ability" / "深度学习自然语言处理"


@pytest.fixture()
def nlp_ability_part(tmp_path: Path, shared_corpus: Path):
    """``make(folders, per_folder=None)``: the hub and the first articles of some folders."""

    def make(folders: tuple[str, ...], per_folder: int | None = None) -> Path:
        root = tmp_path / "ws"
        root.mkdir()
        shutil.copy2(shared_corpus / "README.md", root / "README.md")
        for folder in folders:
            for file in sorted((shared_corpus / BASE / folder).glob("*.md"))[:per_folder]:
                dest = root / BASE / folder / file.name
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(file, dest)
        return root

    return make
