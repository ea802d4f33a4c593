"""`carbonpeak roadmap scenarios load` given files it cannot read (a folder, an empty or binary file, YAML nested
thousands deep, a GBK file) and `roadmap run --as-of` in year 1: a message naming the field and the reason,
exit status 2 for a file that cannot be read, nothing stored, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from carbonpeak.cli import main
from carbonpeak.roadmap.models import Scenario

Capsys = pytest.CaptureFixture[str]


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [("", None, "is a folder"), ("empty.yaml", b"", "empty"), ("image.yaml", b"\x89PNG\r\n\x1a\n\x00\x00",
                                                                 "not a text file"),
     ("deep.yaml", b"scenarios: " + b"[" * 5000 + b"]" * 5000, "YAML"),
     ("dashes.yaml", b"- " * 20_000 + b"x", "YAML")],
)
def test_a_file_that_cannot_be_read_exits_2(db: None, tmp_path: Path, capsys: Capsys, name: str,
                                            content: bytes | None, reason: str) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    before = Scenario.objects.count()
    assert main(["roadmap", "scenarios", "load", str(path)]) == 2
    err = capsys.readouterr().err
    assert "cannot read" in err and reason in err and "Traceback" not in err
    assert Scenario.objects.count() == before


def test_an_as_of_in_year_one_is_refused_naming_the_field(db: None, capsys: Capsys) -> None:
    assert main(["roadmap", "run", "--as-of", "0001-01-01"]) == 1  # the room's code for a refused argument
    err = capsys.readouterr().err
    assert "--as-of" in err and "1900–2100" in err and "Traceback" not in err
