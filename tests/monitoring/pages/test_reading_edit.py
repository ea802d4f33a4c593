"""A meter's page and the office's hand edit of a reading: the raw value is kept and shown struck
beside the edit, the change is audited with its reason; bad input keeps the form and changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from carbonpeak.audit.models import ChangeRecord
from carbonpeak.monitoring.models import Reading
from carbonpeak.monitoring.readings import edits
from carbonpeak.monitoring.vocabulary import Flag
from tests.conftest import ClientFactory
from tests.monitoring.pages.support import DATA_CENTRE, FACTORY, District, local

METER = f"{FACTORY}-E1"
PAGE = f"/monitoring/meters/{METER}/"
EDIT = f"/monitoring/meters/{METER}/reading"
SPIKE_TS = local(2026, 10, 31) + dt.timedelta(minutes=15 * 40)  # 10:00 local, flagged, energy unknown
TS = SPIKE_TS.astimezone(dt.UTC).isoformat()  # as the form's select sends it


@pytest.mark.parametrize(("username", "meter", "status"), [
    ("office", METER, 200), ("leader", METER, 200), ("eco", METER, 200), ("enterprise", METER, 200),
    ("enterprise", f"{DATA_CENTRE}-IT", 403), ("office", "NO-SUCH", 404)])
def test_who_opens_a_meter(client_as: ClientFactory, district: District, username: str, meter: str,
                           status: int) -> None:
    assert client_as(username).get(f"/monitoring/meters/{meter}/").status_code == status


def test_the_page_opens_on_the_latest_day_with_its_flags(client_as: ClientFactory, district: District) -> None:
    response = client_as("office", "en").get(PAGE)
    assert response.context["day"] == dt.date(2026, 10, 31)
    assert len(response.context["readings"]) == 96
    html = response.content.decode()
    assert 'class="flagged"' in html and "spike" in html
    assert 'id="reading-form"' in html


def test_the_office_edits_a_reading_and_the_raw_value_stays(client_as: ClientFactory, district: District) -> None:
    client = client_as("office", "en")
    response = client.post(EDIT, {"ts": TS, "value": "250", "reason": "互感器接线松动，按前后值修正",
                                  "day": "2026-10-31"})
    assert response.status_code == 302 and response["Location"] == f"{PAGE}?day=2026-10-31"
    reading = Reading.objects.get(meter=district.meter, ts=SPIKE_TS)
    assert (reading.value, reading.edited_value) == (2500.0, 250.0)
    assert reading.flags & Flag.EDITED
    record = ChangeRecord.objects.get(entity=edits.AUDIT_ENTITY)
    assert record.reason == "互感器接线松动，按前后值修正" and record.actor_label == "office"
    html = client.get(f"{PAGE}?day=2026-10-31").content.decode()
    assert '<del class="raw" title="raw value">2,500</del><ins>250</ins>' in html
    assert 'id="edit-history"' in html and "互感器接线松动，按前后值修正" in html


def test_a_bad_edit_keeps_the_form_and_changes_nothing(client_as: ClientFactory, district: District) -> None:
    response = client_as("office", "en").post(EDIT, {"ts": TS, "value": "abc", "reason": "",
                                                     "day": "2026-10-31"})
    assert response.status_code == 200
    assert set(response.context["errors"]) == {"value", "reason"}
    html = response.content.decode()
    assert 'name="value" value="abc"' in html
    assert f'<option value="{TS}" selected>' in html
    assert Reading.objects.get(meter=district.meter, ts=SPIKE_TS).edited_value is None
    assert not ChangeRecord.objects.filter(entity=edits.AUDIT_ENTITY).exists()


def test_an_empty_value_is_refused_not_read_as_a_withdrawal(client_as: ClientFactory, district: District) -> None:
    response = client_as("office", "en").post(EDIT, {"ts": TS, "value": "", "reason": "x",
                                                     "day": "2026-10-31"})
    assert set(response.context["errors"]) == {"value"}


def test_a_time_without_a_reading_is_named(client_as: ClientFactory, district: District) -> None:
    response = client_as("office", "en").post(EDIT, {"ts": "2026-10-31T10:07:00+08:00", "value": "1",
                                                     "reason": "x", "day": "2026-10-31"})
    assert set(response.context["errors"]) == {"ts"}


def test_an_edit_is_withdrawn(client_as: ClientFactory, district: District) -> None:
    edits.edit_reading(district.meter, SPIKE_TS, 250.0, reason="first", actor_label="tests")
    response = client_as("office").post(EDIT, {"ts": TS, "withdraw": "1", "reason": "误改",
                                               "day": "2026-10-31"})
    assert response.status_code == 302
    assert Reading.objects.get(meter=district.meter, ts=SPIKE_TS).edited_value is None


@pytest.mark.parametrize("username", ["leader", "eco", "enterprise"])
def test_only_the_office_edits(client_as: ClientFactory, district: District, username: str) -> None:
    client = client_as(username)
    assert 'id="reading-form"' not in client.get(PAGE).content.decode()
    response = client.post(EDIT, {"ts": TS, "value": "1", "reason": "x"})
    assert response.status_code == 403
    assert Reading.objects.get(meter=district.meter, ts=SPIKE_TS).edited_value is None
