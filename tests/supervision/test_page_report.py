"""The report page: who sees what, the save/submit/return/approve buttons, evidence files."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from carbonpeak.common.uploads import MAX_BYTES
from carbonpeak.plan.models import Plan
from carbonpeak.supervision.models import Evidence, Report, ReportEvent, Round
from carbonpeak.supervision.workflow import ReportStatus
from tests.conftest import ClientFactory, UserGetter
from tests.supervision.round_support import PDF, fresh, open_test_round, report_of, submit


@pytest.fixture
def round_(plan: Plan, user: UserGetter) -> Round:
    return open_test_round(plan, user)


def page(report: Report) -> str:
    return f"/supervision/reports/{report.pk}/"


def act(client: Client, report: Report, **data: object) -> list[tuple[str, str]]:
    """POST an action (return and approve as confirmed, the second post of the confirmation page); the view
    redirects back to the report. Returns the flash messages."""
    if data.get("action") in ("return", "approve"):
        data = {"confirmed": "1", **data}
    response = client.post(f"/supervision/reports/{report.pk}/action", data)
    assert response.status_code == 302
    assert response["Location"] == page(report)
    return [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]


def errors(messages: list[tuple[str, str]]) -> list[str]:
    return [text for level, text in messages if level == "error"]


# --- who sees what ------------------------------------------------------------------------

def test_author_sees_its_contribution_with_the_edit_form(round_: Round, client_as: ClientFactory) -> None:
    response = client_as("eco").get(page(report_of(round_, "eco")))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="report-form"' in html and 'id="evidence-form"' in html
    assert 'id="review"' not in html


def test_task_lead_gets_review_buttons_only_once_the_contribution_is_submitted(
        round_: Round, user: UserGetter, client_as: ClientFactory) -> None:
    contribution = report_of(round_, "eco")
    greening = client_as("greening")
    html = greening.get(page(contribution)).content.decode()
    assert 'id="review"' not in html and 'id="report-form"' not in html
    submit(contribution, user("eco"), narrative="完成2家企业节能诊断")
    response = greening.get(page(contribution))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="review"' in html and 'value="return"' in html and 'value="approve"' in html
    assert "完成2家企业节能诊断" in html
    assert 'id="report-form"' not in html


def test_lead_sees_contributions_on_its_consolidated_report_but_cannot_review_it(
        round_: Round, user: UserGetter, client_as: ClientFactory) -> None:
    consolidated = report_of(round_, "greening")
    submit(consolidated, user("greening"), progress="on_schedule")
    response = client_as("greening").get(page(consolidated))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="review"' not in html and 'id="report-form"' not in html
    assert {c.department.code for c in response.context["contributions"]} == {"env", "eco", "agri", "market"}
    assert page(report_of(round_, "eco")) in html
    # the office reviews consolidated reports
    assert 'id="review"' in client_as("office").get(page(consolidated)).content.decode()


def test_leader_reads_without_any_form(round_: Round, user: UserGetter, client_as: ClientFactory) -> None:
    contribution = report_of(round_, "eco")
    submit(contribution, user("eco"), narrative="只读测试")
    response = client_as("leader").get(page(contribution))
    assert response.status_code == 200
    html = response.content.decode()
    assert "只读测试" in html
    assert 'id="report-form"' not in html and 'id="review"' not in html and 'id="evidence-form"' not in html


@pytest.mark.parametrize("username", ["fengjing", "enterprise"])
def test_outsiders_are_refused_the_page(round_: Round, client_as: ClientFactory, username: str) -> None:
    assert client_as(username).get(page(report_of(round_, "eco"))).status_code == 403


def test_anonymous_is_sent_to_log_in(round_: Round, client_as: ClientFactory) -> None:
    response = client_as(None).get(page(report_of(round_, "eco")))
    assert response.status_code == 302 and "login" in response["Location"]


# --- the actions --------------------------------------------------------------------------

def test_save_keeps_a_draft(round_: Round, client_as: ClientFactory) -> None:
    report = report_of(round_, "eco")
    messages = act(client_as("eco"), report, action="save", progress="in_progress", narrative="  开展诊断  ",
                   milestones="完成1家")
    assert errors(messages) == [] and [lvl for lvl, _ in messages] == ["success"]
    report = fresh(report)
    assert (report.status, report.progress, report.narrative, report.milestones) == (
        ReportStatus.DRAFT, "in_progress", "开展诊断", "完成1家")
    assert list(report.events.values_list("step", flat=True)) == ["save"]


def test_submit_without_progress_is_an_error_and_the_status_stays(round_: Round, client_as: ClientFactory) -> None:
    report = report_of(round_, "eco")
    messages = act(client_as("eco"), report, action="submit", progress="", narrative="写了内容但没选进展")
    (error,) = errors(messages)
    assert error == "提交前须选择进展状态"  # the reader's language only, no field code
    report = fresh(report)
    assert report.status == ReportStatus.DRAFT
    assert report.submitted_at is None and report.first_submitted_at is None
    assert not report.events.filter(step="submit").exists()
    # the error is shown on the page the user lands on
    follow = client_as("eco").post(f"/supervision/reports/{report.pk}/action",
                                   {"action": "submit", "progress": "", "narrative": "x"}, follow=True)
    assert 'class="error"' in follow.content.decode()


def test_submit_with_everything_filled_in(round_: Round, client_as: ClientFactory) -> None:
    report = report_of(round_, "eco")
    messages = act(client_as("eco"), report, action="submit", progress="completed", narrative="已完成")
    assert errors(messages) == []
    report = fresh(report)
    assert report.status == ReportStatus.SUBMITTED and report.first_submitted_at is not None
    assert list(report.events.values_list("step", flat=True)) == ["save", "submit"]


def test_return_needs_a_comment(round_: Round, user: UserGetter, client_as: ClientFactory) -> None:
    report = report_of(round_, "eco")
    submit(report, user("eco"))
    (error,) = errors(act(client_as("greening"), report, action="return", comment="   "))
    assert error == "退回须写明意见"
    report = fresh(report)
    assert (report.status, report.times_returned) == (ReportStatus.SUBMITTED, 0)


def test_the_task_lead_returns_with_a_comment_and_the_office_approves_the_resubmission(
        round_: Round, user: UserGetter, client_as: ClientFactory) -> None:
    report = report_of(round_, "eco")
    submit(report, user("eco"))
    assert errors(act(client_as("greening"), report, action="return", comment="请补充佐证材料")) == []
    report = fresh(report)
    assert (report.status, report.times_returned) == (ReportStatus.RETURNED, 1)
    event = report.events.get(step="return")
    assert (event.actor_label, event.comment) == ("greening", "请补充佐证材料")
    # the returned report is editable again by its author
    assert 'id="report-form"' in client_as("eco").get(page(report)).content.decode()
    assert errors(act(client_as("eco"), report, action="submit", progress="in_progress", narrative="已补充")) == []
    assert errors(act(client_as("office"), report, action="approve")) == []
    report = fresh(report)
    assert report.status == ReportStatus.APPROVED and report.approved_at is not None


def test_the_author_cannot_approve_its_own_contribution(
        round_: Round, user: UserGetter, client_as: ClientFactory) -> None:
    report = report_of(round_, "eco")
    submit(report, user("eco"))
    (error,) = errors(act(client_as("eco"), report, action="approve"))
    assert error.startswith("无权")
    assert fresh(report).status == ReportStatus.SUBMITTED


def test_only_the_office_approves_the_consolidated_report(
        round_: Round, user: UserGetter, client_as: ClientFactory) -> None:
    report = report_of(round_, "greening")
    submit(report, user("greening"), progress="on_schedule")
    for name in ("greening", "eco", "leader"):
        (error,) = errors(act(client_as(name), report, action="approve"))
        assert error.startswith("无权"), name
        assert fresh(report).status == ReportStatus.SUBMITTED
    assert errors(act(client_as("office"), report, action="approve")) == []
    assert fresh(report).status == ReportStatus.APPROVED


def test_a_department_not_on_the_task_is_refused_every_action(
        round_: Round, user: UserGetter, client_as: ClientFactory) -> None:
    report = report_of(round_, "eco")
    submit(report, user("eco"))
    events = ReportEvent.objects.count()
    for action in ("save", "submit", "return", "approve", "upload"):
        response = client_as("fengjing").post(f"/supervision/reports/{report.pk}/action",
                                              {"action": action, "comment": "x", "progress": "behind"})
        assert response.status_code == 403
    assert fresh(report).status == ReportStatus.SUBMITTED and ReportEvent.objects.count() == events


def test_an_unknown_action_is_an_error(round_: Round, client_as: ClientFactory) -> None:
    (error,) = errors(act(client_as("eco"), report_of(round_, "eco"), action="publish"))
    assert error == "未知操作"


def test_a_department_cannot_edit_another_departments_report(round_: Round, client_as: ClientFactory) -> None:
    report = report_of(round_, "greening")
    (error,) = errors(act(client_as("eco"), report, action="save", progress="completed", narrative="越权"))
    assert error.startswith("无权")
    assert fresh(report).narrative == ""


# --- evidence -----------------------------------------------------------------------------

@pytest.fixture
def media(settings, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def upload(client: Client, report: Report, name: str, data: bytes) -> list[tuple[str, str]]:
    return act(client, report, action="upload", file=SimpleUploadedFile(name, data))


def test_a_pdf_is_stored_under_its_hash(round_: Round, client_as: ClientFactory, media: Path) -> None:
    report = report_of(round_, "eco")
    assert errors(upload(client_as("eco"), report, "诊断报告.pdf", PDF)) == []
    evidence = Evidence.objects.get(report=report)
    assert (evidence.original_name, evidence.size, evidence.content_type) == (
        "诊断报告.pdf", len(PDF), "application/pdf")
    stored = media / evidence.file.name
    assert stored.read_bytes() == PDF and "诊断" not in evidence.file.name
    assert "诊断报告.pdf" in client_as("eco").get(page(report)).content.decode()


def test_a_program_renamed_to_pdf_is_refused(round_: Round, client_as: ClientFactory, media: Path) -> None:
    report = report_of(round_, "eco")
    (error,) = errors(upload(client_as("eco"), report, "报告.pdf", b"MZ\x90\x00\x03\x00" + b"\x00" * 200))
    assert error.startswith("文件内容") and ".pdf" in error
    assert not Evidence.objects.exists() and not any(media.rglob("*"))


def test_an_unaccepted_type_is_refused(round_: Round, client_as: ClientFactory, media: Path) -> None:
    (error,) = errors(upload(client_as("eco"), report_of(round_, "eco"), "setup.exe", b"MZ\x90\x00"))
    assert error.startswith("不接受此类文件")
    assert not Evidence.objects.exists()


def test_a_file_over_10_mb_is_refused(round_: Round, client_as: ClientFactory, media: Path) -> None:
    big = b"%PDF-1.4\n" + b"0" * (MAX_BYTES + 1 - 9)
    assert len(big) == MAX_BYTES + 1
    (error,) = errors(upload(client_as("eco"), report_of(round_, "eco"), "big.pdf", big))
    assert error.startswith("文件超过")
    assert not Evidence.objects.exists() and not any(media.rglob("*"))


def test_a_file_of_exactly_10_mb_is_accepted(round_: Round, client_as: ClientFactory, media: Path) -> None:
    data = b"%PDF-1.4\n" + b"0" * (MAX_BYTES - 9)
    assert errors(upload(client_as("eco"), report_of(round_, "eco"), "limit.pdf", data)) == []
    assert Evidence.objects.get().size == MAX_BYTES


def test_only_the_author_uploads_and_only_while_editable(
        round_: Round, user: UserGetter, client_as: ClientFactory, media: Path) -> None:
    report = report_of(round_, "eco")
    assert errors(upload(client_as("greening"), report, "a.pdf", PDF))
    assert errors(upload(client_as("office"), report, "a.pdf", PDF))
    submit(report, user("eco"))
    assert errors(upload(client_as("eco"), report, "a.pdf", PDF))
    assert not Evidence.objects.exists()


@pytest.mark.parametrize(("username", "status"), [
    ("office", 200), ("eco", 200), ("greening", 200), ("leader", 200), ("fengjing", 403), ("enterprise", 403),
])
def test_who_may_download_evidence(round_: Round, client_as: ClientFactory, media: Path,
                                   username: str, status: int) -> None:
    report = report_of(round_, "eco")
    upload(client_as("eco"), report, "诊断报告.pdf", PDF)
    evidence = Evidence.objects.get(report=report)
    response = client_as(username).get(f"/supervision/evidence/{evidence.pk}")
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment")


def test_anonymous_cannot_download_evidence(round_: Round, client_as: ClientFactory, media: Path) -> None:
    report = report_of(round_, "eco")
    upload(client_as("eco"), report, "a.pdf", PDF)
    response = client_as(None).get(f"/supervision/evidence/{Evidence.objects.get().pk}")
    assert response.status_code == 302 and "login" in response["Location"]
