"""`carbonpeak tokens issue|list|revoke`: users' API tokens from the command line, as on the 接口令牌 page.

`issue` prints the clear text once, on standard output (the note about it on standard error, so
`token=$(carbonpeak tokens issue …)` keeps the token alone); each issue and revoke is an audit record
naming the command and the operating-system user. Exit status 0 done, 2 refused (the field and the
reason are printed in Chinese and English).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from carbonpeak.audit.actors import of_command
from carbonpeak.common.problems import Refused

OK, REFUSED = 0, 2


def _refused(exc: Refused) -> int:
    for problem in exc.problems():
        print(str(problem), file=sys.stderr)
    return REFUSED


def cmd_issue(args: argparse.Namespace) -> int:
    from django.utils import timezone

    from carbonpeak.people import tokens

    asked = tokens.IssueRequest(username=args.user, name=args.name, expires=args.expires or "")
    try:
        token, clear = tokens.issue(asked, by=None, actor_label=of_command("tokens issue"))
    except Refused as exc:
        return _refused(exc)
    if args.json:
        print(json.dumps({**tokens.as_row(token, timezone.now()), "token": clear}, ensure_ascii=False))
        return OK
    user, day = token.user.get_username(), f"{token.expires_at:%Y-%m-%d}" if token.expires_at else ""
    print(f"令牌 {token.pk}（{user}：{token.name}）只显示这一次，请妥善保存" + (f"；{day} 起失效" if day else "")
          + f" / token {token.pk} ({user}: {token.name}) is shown only this once" + (f"; expires {day}" if day else "")
          + ":", file=sys.stderr)
    print(clear)
    return OK


def cmd_list(args: argparse.Namespace) -> int:
    from django.utils import timezone

    from carbonpeak.people import tokens

    now = timezone.now()
    rows = [tokens.as_row(t, now) for t in tokens.listed()]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return OK
    if not rows:
        print("没有令牌 / no tokens")
    for row in rows:
        print(f"{row['id']}\t{row['user']}\t{row['name']}\t{row['state']}\t"
              f"expires={row['expires_at'] or '-'}\tlast_used={row['last_used'] or '-'}")
    return OK


def cmd_revoke(args: argparse.Namespace) -> int:
    from carbonpeak.people import tokens

    try:
        token = tokens.revoke(args.id, by=None, actor_label=of_command("tokens revoke"))
    except Refused as exc:
        return _refused(exc)
    print(f"已吊销 / revoked: {token.pk} ({token.user.get_username()}: {token.name})")
    return OK


def register(sub: Any) -> None:
    group = sub.add_parser("tokens", help="用户接口令牌 / users' API tokens").add_subparsers(
        dest="tokens_command", required=True)
    p = group.add_parser("issue", help="签发令牌（只显示一次）/ issue a token (shown once)")
    p.add_argument("user", metavar="USER", help="令牌所属用户名 / the user the token acts as")
    p.add_argument("--name", required=True, help="令牌名称 / the token's name (≤ 100)")
    p.add_argument("--expires", metavar="YYYY-MM-DD", help="失效日期（北京时间当日零时起拒绝）/ expiry day "
                                                          "(refused from its start, Beijing time)")
    p.add_argument("--json", action="store_true", help="输出 JSON（含令牌）/ answer as JSON (with the token)")
    p.set_defaults(func=cmd_issue)
    p = group.add_parser("list", help="列出令牌（不含令牌本身）/ list tokens (never the token itself)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_list)
    p = group.add_parser("revoke", help="吊销令牌 / revoke a token")
    p.add_argument("id", metavar="ID", type=int)
    p.set_defaults(func=cmd_revoke)
