"""`carbonpeak readings import FILE [--json]` and `carbonpeak readings export …`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from carbonpeak.cli import main
from carbonpeak.monitoring.models import IngestBatch, Reading
from tests.monitoring.support import NOW, T0, iso, make_meter, make_unit, records

Capsys = pytest.CaptureFixture[str]
pytestmark = pytest.mark.django_db

LOAD = [10.0 + (i % 5) * 0.5 for i in range(40)]


@pytest.fixture(autouse=True)
def _clock(monkeypatch: pytest.MonkeyPatch) -> None:
    import carbonpeak.monitoring.readings.ingest as ingest

    monkeypatch.setattr(ingest.time, "time", lambda: float(NOW))


def csv_file(tmp_path: Path, rows: list[dict[str, object]], extra: str = "") -> str:
    path = tmp_path / "readings.csv"
    body = "\n".join(f"{r['meter']},{r['timestamp']},{r['value']}" for r in rows)
    path.write_text(f"meter,timestamp,value\n{body}\n{extra}", encoding="utf-8")
    return str(path)


def test_import_answers_json_with_counts_flags_and_errors(tmp_path: Path, capsys: Capsys) -> None:
    make_meter(make_unit())
    values = list(LOAD)
    values[20] = 300.0
    path = csv_file(tmp_path, records("M1", values, skip=[30, 31]), "M1,2026-03-02 99:00,1\nNOPE,2026-03-02 10:00,1\n")
    assert main(["readings", "import", path, "--json"]) == 1  # some rows were refused
    report = json.loads(capsys.readouterr().out)
    assert {k: report[k] for k in ("accepted", "rejected", "duplicates", "flags", "estimated")} == {
        "accepted": 38, "rejected": 2, "duplicates": 0, "flags": {"gap_before": 1, "spike": 1}, "estimated": 2}
    assert [(e["row"], e["field"]) for e in report["errors"]] == [(40, "timestamp"), (41, "meter")]
    assert set(report["errors"][0]) == {"row", "field", "reason", "reason_en"}
    assert main(["readings", "import", path, "--json"]) == 1
    again = json.loads(capsys.readouterr().out)
    assert (again["accepted"], again["duplicates"], again["rejected"]) == (0, 38, 2)


def test_import_commits_and_acknowledges_chunk_by_chunk(tmp_path: Path, capsys: Capsys) -> None:
    make_meter(make_unit())
    path = csv_file(tmp_path, records("M1", LOAD))
    assert main(["readings", "import", path, "--chunk", "15"]) == 0
    out = capsys.readouterr().out
    acks = [line for line in out.splitlines() if line.startswith("已确认 acknowledged")]
    assert len(acks) == 3 and "累计 total accepted 40" in acks[-1]
    assert "接收 accepted 40" in out
    assert IngestBatch.objects.filter(channel="cli").count() == 3
    assert Reading.objects.count() == 40


def test_import_reads_json_files(tmp_path: Path, capsys: Capsys) -> None:
    make_meter(make_unit())
    path = tmp_path / "readings.json"
    path.write_text(json.dumps({"readings": records("M1", LOAD[:5])}), encoding="utf-8")
    assert main(["readings", "import", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["accepted"] == 5


def test_an_unreadable_file_exits_2_and_stores_nothing(tmp_path: Path, capsys: Capsys) -> None:
    make_meter(make_unit())
    path = tmp_path / "bad.csv"
    path.write_text("meter,value\nM1,1\n", encoding="utf-8")
    assert main(["readings", "import", str(path)]) == 2
    assert "timestamp" in capsys.readouterr().err
    assert main(["readings", "import", str(tmp_path / "none.csv")]) == 2
    assert not Reading.objects.exists() and not IngestBatch.objects.exists()


def test_export_gives_each_reading_with_its_flags_and_estimates(tmp_path: Path, capsys: Capsys) -> None:
    make_meter(make_unit())
    main(["readings", "import", csv_file(tmp_path, records("M1", LOAD, skip=[10]))])
    capsys.readouterr()
    assert main(["readings", "export", "--meter", "M1", "--start", "2026-03-02", "--end", iso(T0 + 12 * 900),
                 "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)["readings"]
    assert len(rows) == 12
    assert rows[10] == {"timestamp": "2026-03-02T02:45:00+08:00", "value": pytest.approx(rows[10]["value"]),
                        "flags": ["estimated"], "estimated": True, "energy": pytest.approx(rows[10]["energy"]),
                        "edited_value": None}
    assert rows[11]["flags"] == ["gap_before"] and rows[11]["value"] == LOAD[11]
    assert main(["readings", "export", "--meter", "M1", "--start", "2026-03-02", "--end", "2026-03-03"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "timestamp,value,flags,estimated,energy,edited_value" and len(lines) == 41


def test_export_names_a_bad_argument(capsys: Capsys) -> None:
    assert main(["readings", "export", "--meter", "NOPE", "--start", "2026-03-02", "--end", "2026-03-03"]) == 2
    make_meter(make_unit())
    assert main(["readings", "export", "--meter", "M1", "--start", "soon", "--end", "2026-03-03"]) == 2
    assert "--start" in capsys.readouterr().err
