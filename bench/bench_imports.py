"""Benchmark: the table importers on pathological files (issue 17, item 4).

Run: .venv/bin/python bench/bench_imports.py [--rows N] [--timeout S]

Builds, in a temporary folder: a 2 KB xlsx with one cell at XFD1048576, an xlsx of N rows
(2,000,000 by default) written straight as sheet XML, and one of 300,000 rows that declares no
dimension (so its rows must be read and counted). Each file is given to the indicators and the
registry readers (`read_table`) in a child process, which prints its wall time, its peak memory
(resident set) and the answer (rows read or the refusal); a child still running after --timeout
seconds is stopped and reported as such. Never asserts on time.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

READERS = {
    "indicators": "carbonpeak.indicators.observations",
    "units": "carbonpeak.monitoring.registry.parsing",
}

_CHILD = """
import resource, sys, time, importlib
from pathlib import Path
module = importlib.import_module(sys.argv[1]); path = Path(sys.argv[2])
start = time.perf_counter()
try:
    rows = module.read_table(path.name, path.read_bytes())
    answer = f"{len(rows):,} rows read"
except Exception as exc:
    issues = getattr(exc, "issues", None)
    answer = f"refused: {issues[0] if issues else exc}"
    answer = answer if len(answer) < 160 else answer[:160] + "…"
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{time.perf_counter() - start:.2f} s · peak {peak:,.0f} MB · {answer}")
"""

_HEAD = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns='
         '"http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="{ref}"/><sheetData>')
_TAIL = "</sheetData></worksheet>"
_PARTS = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
    'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'spreadsheetml.worksheet+xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
    'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
    '2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
    'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
    'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.'
    'org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
}


def _cell(ref: str, value: str | float) -> str:
    if isinstance(value, str):
        return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'
    return f'<c r="{ref}"><v>{value}</v></c>'


def _row(n: int, values: list[str | float], columns: str = "ABCD") -> str:
    return f'<row r="{n}">' + "".join(_cell(f"{c}{n}", v) for c, v in zip(columns, values, strict=False)) + "</row>"


def write_xlsx(path: Path, ref: str | None, rows: object) -> None:
    """An xlsx of these row elements; `ref` None leaves out the declared dimension (the rows must be counted)."""
    head = _HEAD.replace("{ref}", ref) if ref else _HEAD.replace('<dimension ref="{ref}"/>', "")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in _PARTS.items():
            z.writestr(name, text)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(head.encode())
            for line in rows:  # type: ignore[attr-defined]
                sheet.write(line.encode())
            sheet.write(_TAIL.encode())


def far_cell(path: Path) -> None:
    """A header, one data row and one cell at XFD1048576 (the sheet declares A1:XFD1048576)."""
    rows = [_row(1, ["indicator", "period", "value", "unit"]), _row(2, ["x", "2023", 1.0, "%"]),
            '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>']
    write_xlsx(path, "A1:XFD1048576", rows)


def many_rows(path: Path, n: int, declared: bool = True) -> None:
    """A header and `n` rows (an unknown indicator each: every row an error for the old readers)."""
    header = [_row(1, ["indicator", "period", "value", "unit"])]
    body = (_row(i, [f"ind{i % 97}", "2023", float(i), "%"]) for i in range(2, n + 2))
    write_xlsx(path, f"A1:D{n + 1}" if declared else None, (line for part in (header, body) for line in part))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=2_000_000)
    parser.add_argument("--undeclared-rows", type=int, default=300_000,
                        help="rows of a sheet that declares no dimension (read until the row limit)")
    parser.add_argument("--timeout", type=float, default=120.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        undeclared = f"{args.undeclared_rows:,} rows, no declared dimension"
        files = {"far cell XFD1048576": Path(folder) / "far.xlsx", f"{args.rows:,} rows": Path(folder) / "many.xlsx",
                 undeclared: Path(folder) / "undeclared.xlsx"}
        far_cell(files["far cell XFD1048576"])
        start = time.perf_counter()
        many_rows(files[f"{args.rows:,} rows"], args.rows)
        many_rows(files[undeclared], args.undeclared_rows, declared=False)
        print(f"(built the files in {time.perf_counter() - start:.1f} s)")
        for label, path in files.items():
            print(f"{label}: {path.stat().st_size:,} bytes")
            for reader, module in READERS.items():
                try:
                    done = subprocess.run([sys.executable, "-c", _CHILD, module, str(path)], capture_output=True,
                                          text=True, timeout=args.timeout, check=False)
                    out = done.stdout.strip() or done.stderr.strip().splitlines()[-1]
                except subprocess.TimeoutExpired:
                    out = f"still running after {args.timeout:g} s: stopped"
                print(f"  {reader:<11} {out}")


if __name__ == "__main__":
    main()
