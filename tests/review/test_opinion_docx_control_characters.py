"""A control character in a project's name or a reviewer's text (XML cannot hold it; python-docx would refuse
it) is replaced in the draft opinion, which downloads instead of answering 500."""

from __future__ import annotations

import io

from docx import Document

from carbonpeak.common.spreadsheet import REPLACEMENT
from carbonpeak.review.models import Project
from carbonpeak.review.services import record_decision
from tests.conftest import ClientFactory, UserGetter
from tests.review.support import stored_project


def test_the_opinion_downloads_with_control_characters_replaced(client_as: ClientFactory, user: UserGetter) -> None:
    project = stored_project(user)
    Project.objects.filter(pk=project.pk).update(name="金山\x01氯碱\x1f一期")
    project.refresh_from_db()
    # Not NUL: PostgreSQL cannot store it, and requests carrying one are refused before they reach a model.
    record_decision(project, opinion="approve_with_conditions", reasons="整改\x02后复核", conditions="单耗\x0b达标",
                    user=user("office"), actor_label="office")
    response = client_as("office").get(f"/review/projects/{project.pk}/opinion.docx")
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    text = "\n".join([p.text for p in document.paragraphs]
                     + [c.text for t in document.tables for row in t.rows for c in row.cells])
    assert f"金山{REPLACEMENT}氯碱{REPLACEMENT}一期" in text
    assert f"整改{REPLACEMENT}后复核" in text and f"单耗{REPLACEMENT}达标" in text
