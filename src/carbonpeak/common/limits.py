"""How much input the product reads at once (输入上限), and the checks made before any work is done.

Pure module (no Django). Every importer (a device's batch of readings, the unit and meter register,
indicator data, activity data, factor sets, the review register, roadmap scenarios, the plan file)
reads its bytes through `decode_text`, `load_json` and the readers of `common/tables.py`, so one
limit holds everywhere and a file that is too big, too deep or not text is refused with a named
field and a reason in Chinese and English (`InputTooLarge`) before it is parsed, instead of
exhausting memory, time or the interpreter's stack. Each room turns `InputTooLarge` into its own
error family.

The limits are generous for the district's real files (a year of a unit's 15-minute readings is
35,040 rows; the register holds hundreds of units) and small enough that the worst file allowed is
read in seconds and a few hundred megabytes.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

# --- the declared limits --------------------------------------------------------------------------
MAX_BODY_BYTES = 20 * 1024 * 1024  # one API request body (a batch of readings)
MAX_FILE_BYTES = 50 * 1024 * 1024  # one file read whole (xlsx, JSON, YAML, a registry or indicator CSV)
MAX_XLSX_UNPACKED_BYTES = 100 * 1024 * 1024  # an xlsx unzipped: a zip bomb is small on disk, and openpyxl
# scans the whole of a sheet that declares no dimension before its first row is read (seconds per 20 MB)
MAX_BATCH_ROWS = 100_000  # readings in one API request or JSON file (a readings CSV file is streamed, unbounded)
MAX_TABLE_ROWS = 100_000  # data rows of a table read whole (register, indicators, factors, review register)
MAX_TABLE_COLUMNS = 200
MAX_CELL_CHARS = 10_000  # one CSV field or xlsx cell; model text fields are far shorter
MAX_JSON_DEPTH = 32  # nesting of arrays and objects; readings need 3
MAX_INT_DIGITS = 18  # a JSON integer longer than this is read as a float (1e400 → inf, refused by the checks)
MAX_LARGE_FILE_BYTES = 512 * 1024 * 1024  # activity data: the accounting engine is built for a million records
MAX_LARGE_TABLE_ROWS = 5_000_000  # rows of an activity-data CSV
MAX_REPORTED_ISSUES = 200  # problems listed one by one; the rest are counted
YEAR_MIN, YEAR_MAX = 1900, 2100  # dates and periods people and devices may send


@dataclass
class InputTooLarge(ValueError):
    """An input refused before it was read: `field` names what is wrong, `reason_zh`/`reason_en` why;
    `row` is the file's row (0: the file as a whole)."""

    field: str
    reason_zh: str
    reason_en: str
    row: int = 0

    def __str__(self) -> str:
        where = f"第{self.row}行 / row {self.row} · " if self.row else ""
        return f"{where}{self.field}: {self.reason_zh} / {self.reason_en}"

    @property
    def reason(self) -> str:
        """Both languages in one string, as the rooms whose issues carry one reason write it."""
        return f"{self.reason_zh} / {self.reason_en}"


def _mib(n: int) -> str:
    return f"{n / (1024 * 1024):g} MB"


def check_size(size: int, limit: int = MAX_FILE_BYTES, field: str = "file") -> None:
    """Refuse an input larger than `limit` bytes, or empty."""
    if size <= 0:
        raise InputTooLarge(field, "内容为空", "empty")
    if size > limit:
        raise InputTooLarge(field, f"超过 {_mib(limit)}（{size:,} 字节）",
                            f"larger than {_mib(limit)} ({size:,} bytes)")


def check_readable(path: Path, limit: int | None = None, field: str = "file") -> None:
    """Refuse a path a command was given that is missing, a folder, empty, unreadable or (when `limit`
    is given) larger than `limit` bytes."""
    try:
        if path.is_dir():
            raise InputTooLarge(field, f"{path} 是文件夹，不是文件", f"{path} is a folder, not a file")
        if not path.is_file():
            raise InputTooLarge(field, f"文件不存在：{path}", f"no such file: {path}")
        size = path.stat().st_size
        if size == 0:
            raise InputTooLarge(field, f"文件为空：{path}", f"the file is empty: {path}")
        if limit is not None:
            check_size(size, limit, field)
        with path.open("rb"):
            pass
    except OSError as exc:
        raise InputTooLarge(field, f"无法读取 {path}：{exc.strerror}", f"cannot read {path}: {exc.strerror}") from exc


def read_file(path: Path, limit: int = MAX_FILE_BYTES, field: str = "file") -> bytes:
    """The bytes of a file a command was given, its size checked before it is read (`check_readable`)."""
    check_readable(path, limit, field)
    try:
        with path.open("rb") as handle:
            return handle.read(limit + 1)
    except OSError as exc:
        raise InputTooLarge(field, f"无法读取 {path}：{exc.strerror}", f"cannot read {path}: {exc.strerror}") from exc


def decode_text(data: bytes, field: str = "file") -> str:
    """The text of a file: UTF-8 (with or without BOM), else GB18030 (the GBK that Excel on a Chinese
    Windows saves CSV in). A file with NUL bytes is not text (a binary or a UTF-16 file)."""
    if b"\x00" in data[:65536]:
        raise InputTooLarge(field, "不是文本文件（请存为 UTF-8 编码的 CSV）",
                            "not a text file (save it as UTF-8 CSV)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise InputTooLarge(field, "编码无法识别，须为 UTF-8 或 GBK", "unknown encoding: must be UTF-8 or GBK") from exc


def sniff_encoding(head: bytes, field: str = "file") -> str:
    """The encoding to read a file in by its first bytes (for a file read as a stream, too big to decode
    whole): "utf-8-sig" or "gb18030", as `decode_text` would choose."""
    if b"\x00" in head:
        raise InputTooLarge(field, "不是文本文件（请存为 UTF-8 编码的 CSV）", "not a text file (save it as UTF-8 CSV)")
    try:
        codecs.getincrementaldecoder("utf-8-sig")().decode(head, final=False)
        return "utf-8-sig"
    except UnicodeDecodeError:
        pass
    try:
        codecs.getincrementaldecoder("gb18030")().decode(head, final=False)
        return "gb18030"
    except UnicodeDecodeError as exc:
        raise InputTooLarge(field, "编码无法识别，须为 UTF-8 或 GBK", "unknown encoding: must be UTF-8 or GBK") from exc


_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


def json_depth(text: str) -> int:
    """How deep arrays and objects nest in a JSON text (brackets inside strings do not count)."""
    depth = deepest = 0
    for bracket in _BRACKET.findall(_STRING.sub("", text)):
        if bracket in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def _bounded_int(text: str) -> int | float:
    # Python refuses to read integers past 4,300 digits with a ValueError, and float(10**400) overflows:
    # a long integer is read as the float it approximates (1e400 → inf), which the checks then refuse.
    return int(text) if len(text.lstrip("-")) <= MAX_INT_DIGITS else float(text)


def load_json(text: str, field: str = "body", max_depth: int = MAX_JSON_DEPTH) -> object:
    """A JSON document, its depth checked before it is parsed; InputTooLarge naming `field` if it
    cannot be read (syntax, depth)."""
    if (depth := json_depth(text)) > max_depth:
        raise InputTooLarge(field, f"JSON 嵌套过深（{depth} 层，上限 {max_depth}）",
                            f"JSON nested too deep ({depth} levels, at most {max_depth})")
    try:
        return json.loads(text, parse_int=_bounded_int)
    except (ValueError, RecursionError) as exc:  # JSONDecodeError is a ValueError
        raise InputTooLarge(field, f"JSON 语法错误：{exc}", f"invalid JSON: {exc}") from exc


def load_yaml(text: str, field: str = "file") -> object:
    """A YAML document read with the safe loader (no objects built from tags), its size checked first;
    InputTooLarge naming `field` if it cannot be read. libyaml refuses nesting past 1,000 levels itself
    (the pure-Python loader runs out of stack, which is caught), so no depth is counted here."""
    import yaml  # only the commands that read YAML need it

    check_size(len(text.encode("utf-8", "surrogatepass")), MAX_FILE_BYTES, field)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(text, Loader=loader)  # a safe loader: no objects built from tags
    except (yaml.YAMLError, RecursionError, ValueError) as exc:
        raise InputTooLarge(field, f"YAML 语法错误：{exc}", f"YAML syntax error: {exc}") from exc


def capped(issues: Iterable[T], limit: int = MAX_REPORTED_ISSUES) -> tuple[list[T], int]:
    """The first `limit` issues and how many more there are: what an answer lists and counts."""
    shown: list[T] = []
    rest = 0
    for issue in issues:
        if len(shown) < limit:
            shown.append(issue)
        else:
            rest += 1
    return shown, rest


def more_line(rest: int) -> str:
    """The line that ends a capped list of problems."""
    return f"… 另有 {rest} 条问题未列出 / {rest} more problems not listed"


def check_year(year: int, field: str, row: int = 0) -> None:
    """Refuse a year outside YEAR_MIN … YEAR_MAX (year 1 or 9999 is a typing slip, and overflows
    the conversions to UTC)."""
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise InputTooLarge(field, f"年份须在 {YEAR_MIN}–{YEAR_MAX} 之间：{year}",
                            f"the year must be within {YEAR_MIN}–{YEAR_MAX}: {year}", row)


def parse_date(text: str, field: str) -> date:
    """A date typed on the command line (YYYY-MM-DD) within YEAR_MIN … YEAR_MAX; InputTooLarge naming `field`."""
    try:
        day = date.fromisoformat(text.strip())
    except ValueError as exc:
        raise InputTooLarge(field, f"日期格式应为 YYYY-MM-DD：{text[:40]}",
                            f"must be a date (YYYY-MM-DD): {text[:40]}") from exc
    check_year(day.year, field)
    return day
