"""``nlpmap doctor`` on repositories it has never seen: what it read, links, concepts, titles."""

from __future__ import annotations

import json

from click.testing import CliRunner
from helpers import write_files

from graph.cli import cli

INTERVIEW = {
    "README.md": "# 面试\n\n- [NER](./NER_study/)\n- [丢失](./gone.md)\n- [外链](https://example.org)\n",
    "NER_study/README.md": "# 命名实体识别\n\nCRF 和 BiLSTM 做 NER。\n![图](img/crf.png)\n",
    "Trick/README.md": "# 小技巧\n\n什么都没有。\n",
    "code/train.py": "print('x')\n",
}


def test_doctor_json_says_what_was_read_linked_titled_and_found(tmp_path, monkeypatch):
    monkeypatch.setenv("NLPMAP_CACHE_DIR", str(tmp_path / "cache"))
    root = write_files(tmp_path / "interview", INTERVIEW)
    result = CliRunner().invoke(cli, ["doctor", str(root), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["files"]["articles"] == 2 and report["files"]["other_files"] == {".py": 1}
    links = report["links"]
    assert links["by_method"] == {"folder": 1, "unresolved": 1, "external": 1}
    assert links["unresolved"][0]["href"] == "./gone.md" and links["resolved_share"] == 0.5
    assert report["images"]["missing"] == [
        {"path": "NER_study/README.md", "line": 4, "src": "img/crf.png"}
    ]
    assert report["concepts"]["per_article"]["max"] >= 2  # CRF, BiLSTM, NER
    assert report["concepts"]["by_article"]["NER_study/README.md"] >= 2
    titles = {row["path"]: (row["label"], row["source"]) for row in report["titles"]["articles"]}
    assert titles == {
        "NER_study/README.md": ("NER", "hub"),
        "Trick/README.md": ("小技巧", "heading"),
    }


def test_doctor_text_has_one_section_per_question(tmp_path, monkeypatch):
    monkeypatch.setenv("NLPMAP_CACHE_DIR", str(tmp_path / "cache"))
    root = write_files(tmp_path / "interview", INTERVIEW)
    result = CliRunner().invoke(cli, ["doctor", str(root)])
    assert result.exit_code == 0, result.output
    for heading in (
        "Files:",
        "Links: 3, 2 to articles, 50% of these resolved",
        "Concepts:",
        "Titles:",
    ):
        assert heading in result.output
    assert "unresolved README.md:4: './gone.md'" in result.output
    assert "小技巧  <- heading: Trick/README.md" in result.output
    assert "not read (no Markdown): 1 .py" in result.output
