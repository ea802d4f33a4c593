"""Fail if the Chinese interface has an untranslated string or a stale compiled catalogue.

Chinese is the product's first language: every msgid in the zh_Hans catalogue needs a
translation, and the committed .mo must say what the .po says.
"""

from __future__ import annotations

import ast
import gettext
import re
import sys
from pathlib import Path

PO = Path(__file__).resolve().parent.parent / "src/carbonpeak/locale/zh_Hans/LC_MESSAGES/django.po"
ENTRY = re.compile(
    r'^(?:msgctxt ((?:".*"\n)+))?msgid ((?:".*"\n)+)(?:msgid_plural (?:".*"\n)+)?(msgstr(?:\[0\])? (?:".*"\n?)+)', re.M
)


def _joined(block: str) -> str:
    return "".join(ast.literal_eval(line) for line in re.findall(r'".*"', block))


def main() -> int:
    text = PO.read_text(encoding="utf-8")
    with PO.with_suffix(".mo").open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    problems = []
    for m in ENTRY.finditer(text):
        context = _joined(m.group(1)) if m.group(1) else None
        msgid, msgstr = _joined(m.group(2)), _joined(m.group(3).split(" ", 1)[1])
        if not msgid:
            continue
        if context is not None:
            found = {compiled.pgettext(context, msgid), compiled.npgettext(context, msgid, msgid, 1)}
        else:
            found = {compiled.gettext(msgid), compiled.ngettext(msgid, msgid, 1)}
        if not msgstr:
            problems.append(f"untranslated: {msgid!r}")
        elif msgstr not in found:
            problems.append(f"stale .mo for {msgid!r}: run `make messages`")
    # A fuzzy entry is a guess by makemessages (e.g. "direct" → the translation of "Direction").
    fuzzy = re.finditer(r'^#, fuzzy[^\n]*\n(?:#\|.*\n)*(?:msgctxt .*\n)?msgid (".*")', text, re.M)
    problems += [f"fuzzy guess to review: {m.group(1)!r}" for m in fuzzy]
    for p in problems:
        print(f"{PO.name}: {p}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
