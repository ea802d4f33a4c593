"""The draft review opinion (.docx) reads back with python-docx and states the figures."""

from __future__ import annotations

import io

from docx import Document

from carbonpeak.review.services import record_decision
from tests.conftest import ClientFactory, UserGetter
from tests.review.support import stored_project


def _text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_draft_opinion_holds_the_figures_and_the_decision(client_as: ClientFactory, user: UserGetter) -> None:
    project = stored_project(user)
    record_decision(project, opinion="approve_with_conditions", reasons="整改后复核", conditions="烧碱单耗达到先进值",
                    user=user("office"), actor_label="office")
    response = client_as("leader").get(f"/review/projects/{project.pk}/opinion.docx")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="review-opinion-{project.pk}.docx"'
    text = _text(response.content)
    assert "金山氯碱一期" in text and "91310116MA1J00000Y" in text
    assert "1,945 吨标准煤" in text  # 当量值 tce, 4 significant digits (common/figures.py)
    assert "\n3,350\n" in text  # 等价值 tce, its table cell (the unit in the row heading)
    assert "5,000,000" in text  # kWh
    assert "\n4,262\n" in text  # t CO2, 4 significant digits
    assert "区级节能审查" in text
    assert "两高一低" in text
    assert "2025" in text and "2030" in text
    assert "附条件同意" in text and "烧碱单耗达到先进值" in text
    assert project.latest_assessment().factor_set in text  # type: ignore[union-attr]


def test_draft_before_any_decision_leaves_the_opinion_open(client_as: ClientFactory, user: UserGetter) -> None:
    project = stored_project(user)
    text = _text(client_as("office").get(f"/review/projects/{project.pk}/opinion.docx").content)
    assert "待审查人员填写审查意见" in text


def test_enterprises_get_no_draft(client_as: ClientFactory, user: UserGetter) -> None:
    project = stored_project(user)
    assert client_as("enterprise").get(f"/review/projects/{project.pk}/opinion.docx").status_code == 403
