"""What the rooms' import tests share (tests of `*/imports.py`): an importer's check and store called as the
page calls them, for the office in a language, an xlsx made from rows, and a file taken through the pages."""

from __future__ import annotations

import io
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpRequest
from django.test import RequestFactory
from django.utils import translation
from openpyxl import Workbook

from carbonpeak.http.imports import Importer, ImportPreview
from carbonpeak.web.models import StagedUpload


def office_request(language: str = "zh-hans") -> HttpRequest:
    request = RequestFactory().post("/imports/")
    request.user = get_user_model().objects.get(username="office")
    request.LANGUAGE_CODE = language
    return request


def check(importer: Importer, content: bytes, name: str, language: str = "zh-hans") -> ImportPreview:
    """The importer's preview of the file, for the office reading `language`."""
    with translation.override(language):
        return importer.check(content, name, office_request(language))


def store(importer: Importer, content: bytes, name: str) -> str:
    """The importer's store of the file (its success message, in Chinese)."""
    with translation.override("zh-hans"):
        return str(importer.store(content, name, office_request()))


def xlsx(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def through_the_pages(client: Any, kind: str, name: str, content: bytes) -> tuple[str, Any]:
    """Upload → preview page → confirm, as the office does in the browser: (the preview page, the answer)."""
    uploaded = client.post(f"/imports/{kind}/", {"file": SimpleUploadedFile(name, content)})
    assert uploaded.status_code == 302, uploaded.content.decode()[:500]
    preview_url = uploaded["Location"]
    page = client.get(preview_url)
    assert page.status_code == 200
    staged = StagedUpload.objects.get(pk=int(preview_url.rstrip("/").rsplit("/", 1)[-1]))
    return page.content.decode(), client.post(f"{preview_url}confirm", {"sha256": staged.sha256})
