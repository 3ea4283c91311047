"""Shared fixtures: real files, real workspaces, the real NLP_ability corpus."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SHARED_CORPUS = SHARED / "corpus"
SHARED_EVAL = SHARED / "eval"


@pytest.fixture(scope="session")
def shared_corpus() -> Path:
    """The NLP_ability workspace beside the project (read-only)."""
    if not (SHARED_CORPUS / "README.md").is_file():
        pytest.fail(f"the NLP_ability workspace is missing at {SHARED_CORPUS}")
    return SHARED_CORPUS


@pytest.fixture()
def corpus_dir(tmp_path: Path) -> Path:
    """A copy of the project's own workspace (README hub + links/) in tmp_path."""
    dest = tmp_path / "workspace"
    dest.mkdir()
    shutil.copy2(ROOT / "README.md", dest / "README.md")
    shutil.copytree(ROOT / "links", dest / "links")
    return dest
