"""The factor sets' import page (the `http.imports` contract): a user's factor set as one YAML file with inline
`rows:`, read by `factor_sets.parse_manifest` and stored by `services.store_factor_set`, the functions
`carbonpeak factors load` uses. The preview runs the store rolled back (`dry_run`): a set extending an unknown
one, or taking a bundled set's id, is refused there, as it would be on confirmation."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from carbonpeak.accounting import factor_sets as fs
from carbonpeak.accounting import factor_words as words
from carbonpeak.accounting import services
from carbonpeak.accounting.issues import AccountingInputError
from carbonpeak.accounting.models import FactorSet
from carbonpeak.audit.actors import of_request
from carbonpeak.common.issues import InputIssue
from carbonpeak.common.limits import InputTooLarge, decode_text, load_yaml
from carbonpeak.common.measures import unit_words
from carbonpeak.common.problems import Problem
from carbonpeak.http import import_checks as checks
from carbonpeak.http.imports import Importer, ImportPreview, dry_run
from carbonpeak.people.permissions import Permission

EXAMPLE = """# 一个用户因子集：继承内置的上海因子，只改需要改的行。
# A user's factor set: it extends the bundled Shanghai set and changes only the rows it needs.
id: stats-2023
name: 区统计局口径 2023
name_en: District statistics bureau 2023
version: "2023"
extends: shanghai
# 对象、参数和单位按因子集页面上的名称填写（电力、排放因子、吨二氧化碳/万千瓦时），英文名称或代码也可。
# Subjects, parameters and units by their names as the factor set's page shows them, in Chinese or English, or codes.
rows:
  - {subject: 电力, parameter: 折标准煤系数（等价值）, value: 0.3, unit: 千克标准煤/千瓦时,
     standard: 区统计局, valid_from: 2023-01-01, valid_to: 2023-12-31}
  - {subject: Natural gas, parameter: Emission factor, value: 21.62, unit: t CO₂/10⁴ m³, standard: 区统计局}
"""


def _spec(content: bytes, name: str) -> fs.FactorSetSpec:
    try:
        data = load_yaml(decode_text(content))
    except InputTooLarge as exc:
        raise AccountingInputError([InputIssue(name, "file", exc.reason)]) from exc
    return fs.parse_manifest(data, name, None)


def _named(row: fs.FactorRow) -> list[str]:
    """A row's subject, parameter and unit as the factor set's page names them, in the reader's language."""
    english = checks.english()
    unit = unit_words(row.unit, english)
    return [words.subject_words(row.subject, english), words.parameter_words(row.parameter, english),
            row.unit if unit is None else unit or "—"]


def _accepted() -> str:
    """The names a row may use, in the reader's language (a note under the form)."""
    english = checks.english()
    return _("Subjects: %(subjects)s. Parameters: %(parameters)s. Units as the factor set's page writes them "
             "(for example %(example)s).") % {
        "subjects": checks.joined(n.en if english else n.zh for n in words.subject_vocabulary().names),
        "parameters": checks.joined(n.en if english else n.zh for n in words.PARAMETER_VOCABULARY.names),
        "example": unit_words("t_CO2/(1e4*kWh)", english)}


def _by_factor(problems: list[Problem]) -> list[Problem]:
    """The rows of a set are the items of its `rows:` list, read as a table whose first item is row 2: named
    here as the n-th factor, which is what the author sees in the YAML file."""
    out = []
    for p in problems:
        if p.row is None:
            out.append(p)
            continue
        zh, en = p.reasons()
        out.append(Problem(p.field, f"第{p.row - 1}条因子：{zh}", None, f"factor {p.row - 1}: {en}"))
    return out


def check(content: bytes, name: str, request: HttpRequest) -> ImportPreview:
    try:
        spec = _spec(content, name)
        existing = FactorSet.objects.filter(code=spec.id).first()
        changed = dry_run(lambda: services.store_factor_set(spec, user=request.user,
                                                            actor_label=of_request(request)))
    except AccountingInputError as exc:
        return checks.refused(_by_factor(checks.refusal_problems(exc, name)))
    if existing is None:
        what = _("A new factor set %(id)s with %(n)s factors.")
    elif changed:
        what = _("The factor set %(id)s is replaced by the file's %(n)s factors.")
    else:
        what = _("The factor set %(id)s already holds these %(n)s factors: nothing would change.")
    summary = [what % {"id": spec.id, "n": len(spec.rows)}]
    if spec.extends:
        summary.append(_("It extends %(parent)s: the factors it does not name come from there.") % {
            "parent": spec.extends})
    return ImportPreview(
        rows_total=len(spec.rows), rows_ok=len(spec.rows), summary=summary,
        header=[_("Subject"), _("Parameter"), _("Value"), _("Unit"), _("Source"), _("Valid from"), _("Valid to")],
        sample=[[*_named(r), f"{r.value:g}", r.standard,
                 str(r.valid_from or "—"), str(r.valid_to or "—")] for r in spec.rows[:checks.SAMPLE_ROWS]],
    )


def store(content: bytes, name: str, request: HttpRequest) -> str:
    spec = _spec(content, name)
    if services.store_factor_set(spec, user=request.user, actor_label=of_request(request)):
        return _("Factor set %(id)s saved.") % {"id": spec.id}
    return _("Factor set %(id)s unchanged.") % {"id": spec.id}


IMPORTERS = [
    Importer(
        kind="factor-set",
        title=gettext_lazy("Factor set"),
        permission=Permission.MANAGE_ACCOUNTING,
        extensions=("yaml", "yml"),
        check=check,
        store=store,
        done_url=lambda: reverse("accounting:factor_sets"),
        description=gettext_lazy("A factor set of your own as one YAML file: its id, name, the set it extends and "
                                 "its rows (subject, parameter, value, unit, source, year, valid from and to). "
                                 "Importing it again with changes replaces it; every change is recorded."),
        example_file=lambda: (EXAMPLE.encode("utf-8"), "factor-set-example.yaml"),
        notes=(lazy(_accepted, str)(),
               gettext_lazy("A bundled set cannot be replaced: give your set another id and extend the bundled "
                            "one.")),
    ),
]
