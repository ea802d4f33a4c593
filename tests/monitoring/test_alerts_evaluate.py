"""alerts.evaluate: a daily run opens what the rules find, keeps what is still true, closes what recovered."""

from __future__ import annotations

import datetime as dt

import pytest

from carbonpeak.audit.models import ChangeRecord
from carbonpeak.monitoring.alerts import services as alerts
from carbonpeak.monitoring.models import Alert, UnitBudget
from carbonpeak.monitoring.vocabulary import AlertKind, AlertState
from tests.conftest import UserGetter
from tests.monitoring.support import LOCAL, STEP, T0, make_meter, make_unit, records, send

pytestmark = pytest.mark.django_db

DAYS = 30  # 2 March … 31 March 2026
LOAD = [10.0 + (i % 5) * 0.5 for i in range(DAYS * 96)]
APRIL_10 = dt.datetime(2026, 4, 10, 12, tzinfo=LOCAL)
END = T0 + DAYS * 96 * STEP  # 1 April 00:00 local


def kinds() -> dict[tuple[str, str], str]:
    return {(a.kind, a.subject): a.state for a in Alert.objects.all()}


def test_a_silent_unit_is_alerted_once_and_closed_when_it_reports_again() -> None:
    make_meter(make_unit())
    send(records("M1", LOAD), now=END)
    quiet = dt.datetime.fromtimestamp(END + 7 * 3600, LOCAL)

    first = alerts.evaluate(quiet)
    second = alerts.evaluate(quiet + dt.timedelta(hours=1))

    (alert,) = Alert.objects.filter(kind=AlertKind.SILENT.value)
    assert alert.subject == "2026-04-01 00:00" and alert.state == AlertState.OPEN.value
    assert (first.opened, second.opened, second.kept) == (1, 0, 1)
    assert alert.value == pytest.approx(8.0)  # hours silent at the second run

    send(records("M1", [11.0] * 40, start=END), now=END + 40 * STEP)
    third = alerts.evaluate(dt.datetime.fromtimestamp(END + 40 * STEP, LOCAL))
    alert.refresh_from_db()
    assert third.closed == 1 and alert.state == AlertState.CLOSED.value and alert.auto_closed
    assert alert.note == alerts.RECOVERED_NOTE
    assert [r.reason for r in ChangeRecord.objects.filter(entity=alerts.AUDIT_ENTITY).order_by("id")] == [
        "alert opened", "alert closed: recovered"]


def test_a_month_below_90_percent_complete_is_alerted_and_late_data_close_it() -> None:
    make_meter(make_unit())
    missing = [i for i in range(len(LOAD)) if (i // 96) % 5 == 4]  # every fifth day: 80 % complete
    send(records("M1", LOAD, skip=missing), now=END)

    alerts.evaluate(APRIL_10)
    alert = Alert.objects.get(kind=AlertKind.LOW_COMPLETENESS.value, subject="2026-03")
    assert alert.value == pytest.approx(0.8) and alert.limit == 0.9
    # April to date: nothing since the 1st (the month is judged once a week of it has passed)
    assert Alert.objects.get(kind=AlertKind.LOW_COMPLETENESS.value, subject="2026-04").value == 0

    send([r for i, r in enumerate(records("M1", LOAD)) if i in missing], now=END)
    alerts.evaluate(APRIL_10)
    alert.refresh_from_db()
    assert alert.state == AlertState.CLOSED.value and alert.auto_closed


def test_a_data_centre_above_its_pue_limit_is_alerted_and_a_closed_alert_stays_closed(user: UserGetter) -> None:
    centre = make_unit(data_centre=True)
    make_meter(centre, "DC-TOTAL")
    make_meter(centre, "DC-IT", role="it_load")
    send(records("DC-TOTAL", [1.5 * v for v in LOAD]), now=END)
    send(records("DC-IT", LOAD), now=END)

    alerts.evaluate(APRIL_10)
    alert = Alert.objects.get(kind=AlertKind.PUE_ABOVE_LIMIT.value)
    assert (alert.subject, alert.value, alert.limit) == ("2026-03", 1.5, 1.4)
    assert "1.4" in alert.message_en and "PUE" in alert.message_zh

    alerts.acknowledge(alert, user=user("office"), actor_label="office")
    alerts.close(alert, "已约谈，制冷改造计划 2026 年内完成", user=user("office"), actor_label="office")
    again = alerts.evaluate(APRIL_10)
    assert again.opened == 0
    assert Alert.objects.filter(kind=AlertKind.PUE_ABOVE_LIMIT.value).count() == 1


def test_a_new_data_centre_is_held_to_1_3() -> None:
    centre = make_unit(data_centre=True)
    centre.data_centre_stage = "new"
    centre.save()
    make_meter(centre, "DC-TOTAL")
    make_meter(centre, "DC-IT", role="it_load")
    send(records("DC-TOTAL", [1.35 * v for v in LOAD]), now=END)
    send(records("DC-IT", LOAD), now=END)
    alerts.evaluate(APRIL_10)
    assert Alert.objects.get(kind=AlertKind.PUE_ABOVE_LIMIT.value).limit == 1.3


def test_consumption_ahead_of_the_annual_budget_is_alerted() -> None:
    unit = make_unit()
    make_meter(unit, unit_of_measure="MWh")
    send(records("M1", LOAD), now=END)  # 31.7 GWh in March: ≈ 3,900 tce
    UnitBudget.objects.create(unit=unit, year=2026, budget_tce=10_000)  # ≈ 2,750 tce due by 10 April

    alerts.evaluate(APRIL_10)
    alert = Alert.objects.get(kind=AlertKind.AHEAD_OF_BUDGET.value)
    assert alert.subject == "2026" and alert.value > alert.limit

    UnitBudget.objects.filter(unit=unit).update(budget_tce=100_000)
    alerts.evaluate(APRIL_10)
    alert.refresh_from_db()
    assert alert.state == AlertState.CLOSED.value and alert.auto_closed


def test_the_evaluation_is_idempotent() -> None:
    centre = make_unit(data_centre=True)
    make_meter(centre, "DC-TOTAL")
    make_meter(centre, "DC-IT", role="it_load")
    send(records("DC-TOTAL", [1.5 * v for v in LOAD]), now=END)
    send(records("DC-IT", LOAD), now=END)
    first = alerts.evaluate(APRIL_10)
    state = kinds()
    again = alerts.evaluate(APRIL_10)
    assert first.opened == len(state) and again.opened == 0 and again.closed == 0 and again.kept == len(state)
    assert kinds() == state


def test_closing_needs_a_note_and_acknowledging_an_open_alert(user: UserGetter) -> None:
    make_meter(make_unit())
    send(records("M1", LOAD[:10]), now=END)
    alerts.evaluate(APRIL_10)
    alert = Alert.objects.get(kind=AlertKind.SILENT.value)
    with pytest.raises(alerts.AlertError) as no_note:
        alerts.close(alert, "  ", actor_label="tests")
    assert no_note.value.field == "note"
    alerts.close(alert, "设备已更换", user=user("office"), actor_label="office")
    with pytest.raises(alerts.AlertError):
        alerts.acknowledge(alert, actor_label="tests")
    with pytest.raises(alerts.AlertError):
        alerts.close(alert, "again", actor_label="tests")
