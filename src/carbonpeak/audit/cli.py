"""`carbonpeak audit verify`: recompute the change records' hash chain and name the first broken link.

Exit codes: 0 the chain holds; 1 a link is broken (the first one is named: id, time, entity); 2 the check
could not run (no database, no tables).
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

INTACT, BROKEN, CANNOT_CHECK = 0, 1, 2


def verify_and_report(*, quiet: bool = False) -> int:
    """Run the check with a progress bar on stderr and say what it found; the exit code."""
    from django.db import DatabaseError
    from tqdm import tqdm

    from carbonpeak.audit.verify import stored_head, total, verify

    try:
        expected = total()
        started = time.monotonic()
        with tqdm(total=expected, desc="audit verify", unit="rec", file=sys.stderr, disable=quiet,
                  mininterval=0.5) as bar:
            checked, broken = verify(progress=bar.update)
            bar.update(max(0, checked - bar.n))
        head = stored_head()
    except DatabaseError as exc:
        print(f"无法检查审计链（数据库不可用或未迁移）/ cannot check the audit chain (database unavailable or "
              f"not migrated): {exc}", file=sys.stderr)
        return CANNOT_CHECK
    seconds = time.monotonic() - started
    if broken is not None:
        print(f"审计链断裂 / audit chain broken (已检查 checked {checked} 条 records):\n  {broken.describe()}",
              file=sys.stderr)
        return BROKEN
    where = f"链头 head {head.seq} {head.hash}" if head else "空 empty"
    print(f"审计链完整 / audit chain intact: {checked} 条 records, {where} ({seconds:.1f} s)")
    return INTACT


def cmd_verify(args: argparse.Namespace) -> int:
    return verify_and_report(quiet=args.quiet)


def register(sub: Any) -> None:
    audit = sub.add_parser("audit", help="变更记录审计链 / the audit trail").add_subparsers(
        dest="audit_command", required=True)
    p = audit.add_parser("verify", help="校验审计哈希链，指出第一处断裂 / check the hash chain, name the first "
                                        "broken link")
    p.add_argument("--quiet", action="store_true", help="不显示进度条 / no progress bar")
    p.set_defaults(func=cmd_verify)
