"""Word documents: every text goes in through `common.word`, which replaces the characters XML cannot hold,
so a control character in user text never makes a .docx download fail (python-docx would raise)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from docx import Document

from carbonpeak.common import word
from carbonpeak.common.spreadsheet import REPLACEMENT

SRC = Path(__file__).resolve().parents[2] / "src" / "carbonpeak"
HOSTILE = "金山\x00氯碱\x01一期\x0b\x1f\tend\n"


def _reread(document: object) -> str:
    out = io.BytesIO()
    document.save(out)  # type: ignore[attr-defined]
    again = Document(io.BytesIO(out.getvalue()))
    cells = [cell.text for t in again.tables for row in t.rows for cell in row.cells]
    return "\n".join([p.text for p in again.paragraphs] + cells)


def test_python_docx_refuses_a_control_character_by_itself() -> None:
    with pytest.raises(ValueError, match="XML compatible"):
        Document().add_paragraph(HOSTILE)


def test_every_helper_writes_text_with_a_control_character() -> None:
    document = Document()
    word.heading(document, HOSTILE, level=1)
    para = word.paragraph(document, HOSTILE)
    word.run(para, HOSTILE)
    word.table(document, [(HOSTILE, "b")], header=("名称", HOSTILE))
    run = word.run(word.paragraph(document))
    word.set_text(run, HOSTILE)
    text = _reread(document)
    assert f"金山{REPLACEMENT}氯碱{REPLACEMENT}一期{REPLACEMENT}{REPLACEMENT}\tend" in text
    assert "\x00" not in text and "\x01" not in text and text.count("金山") == 6


_DIRECT = re.compile(r"\.add_(paragraph|heading|run)\(|\.text\s*=(?!=)")


def _writes_around_the_helper(path: Path) -> list[str]:
    return [f"{path.name}:{n} {line.strip()}" for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            if _DIRECT.search(line)]


def _docx_writers() -> list[Path]:
    uses_docx = re.compile(r"^\s*(from docx\b|import docx\b)", re.MULTILINE)
    return [p for p in SRC.rglob("*.py") if p != SRC / "common" / "word.py"
            and uses_docx.search(p.read_text(encoding="utf-8"))]


def test_every_docx_writer_writes_text_through_the_helper() -> None:
    writers = _docx_writers()
    assert {p.relative_to(SRC).as_posix() for p in writers} >= {
        "review/export.py", "enterprise/export.py", "supervision/export.py"}
    for path in writers:
        assert _writes_around_the_helper(path) == [], path


def test_the_guard_sees_a_direct_write(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from docx import Document\nd = Document()\nd.add_paragraph(name)\ncell.text = name\n"
                   "if cell.text == name:\n    p.add_run(x)\n")
    assert _writes_around_the_helper(bad) == ["bad.py:3 d.add_paragraph(name)", "bad.py:4 cell.text = name",
                                              "bad.py:6 p.add_run(x)"]
