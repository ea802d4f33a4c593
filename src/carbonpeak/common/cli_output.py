"""Where a command writes the file it makes: standard output, or the file named by `-o`.

Shared by the commands that export (the plan, roadmap scenarios, inventories, supervision rounds), so
that they all say the same thing on stderr and refuse to pour a binary file onto a terminal.
"""

from __future__ import annotations

import sys
from pathlib import Path


def write_file(data: bytes, path: str) -> None:
    """Write `data` to `path` and say so on stderr (stdout stays free for data)."""
    Path(path).write_bytes(data)
    print(f"已写出 / written: {path}", file=sys.stderr)


def write_output(data: bytes, output: str | None) -> None:
    """`data` to standard output when `output` is None or "-", else to that file."""
    if output is None or output == "-":
        sys.stdout.buffer.write(data)
    else:
        write_file(data, output)


def xlsx_to_terminal(output: str | None) -> bool:
    """True, said on stderr, when an xlsx would go to standard output and that is a terminal."""
    if output in (None, "-") and sys.stdout.isatty():
        print("xlsx 需要 -o 文件名 / xlsx needs -o FILE", file=sys.stderr)
        return True
    return False
