"""Indicators CarbonPeak computes from its own data instead of people entering them.

Each derived value is stored as an Observation with origin `derived` and a sentence saying
how it was computed: the method, the data it read and the factor set.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils import timezone

from carbonpeak.accounting.intensity import IntensityError
from carbonpeak.accounting.services import energy_intensity_series
from carbonpeak.common.measures import UNITS
from carbonpeak.indicators import from_monitoring
from carbonpeak.indicators.models import Derivation, Indicator, Origin
from carbonpeak.indicators.observations import CheckedRows, ObservationRow
from carbonpeak.indicators.place_services import store_place_values
from carbonpeak.indicators.progress import period_end
from carbonpeak.indicators.provenance import source_name
from carbonpeak.indicators.services import ImportSummary, store_rows
from carbonpeak.monitoring.vocabulary import DataCentreStage
from carbonpeak.people.permissions import AnyUser
from carbonpeak.plan.models import Department, Plan
from carbonpeak.plan.queries import plan_places


@dataclass(frozen=True)
class DerivationOutcome:
    indicator: str
    summary: ImportSummary | None
    problem: str = ""  # why nothing could be derived (no GDP, no activity data …)
    note: str = ""  # nothing to derive yet, which is no problem (no complete month of monitoring yet)


def _energy_intensity(indicator: Indicator, user: AnyUser | None, actor_label: str,
                      as_of: dt.date) -> DerivationOutcome:
    base_year = indicator.base_year or indicator.plan.base_year
    try:
        series = energy_intensity_series(base_year, indicator.plan.factor_set or None)
    except IntensityError as exc:
        return DerivationOutcome(indicator.code, None, str(exc))
    # Stored as "中文 / English" (the page shows the reader's half): each half names the sources in its own
    # language, so neither holds the other's words (a GDP source is itself stored "中文 / English").
    activity = [(source_name(s, False), source_name(s, True)) for s in series.activity_sources]
    gdp = [_halves(s) for s in series.gdp_sources]
    how = (
        f"由能源核算计算：单位GDP能耗 = 能耗双控口径能源消费量（吨标准煤）÷ 地区生产总值（{base_year}年可比价，万元），"
        f"较{base_year}年变化率 = (强度ₜ ÷ 强度₀ − 1) × 100。因子集 {series.factor_set}；"
        f"能源数据 {'、'.join(zh for zh, _en in activity)}；GDP {'、'.join(zh for zh, _en in gdp)}。"
        f" / Energy accounting: dual-control energy ÷ GDP at {base_year} prices, change versus {base_year}; "
        f"factor set {series.factor_set}; energy data: {'; '.join(en for _zh, en in activity)}; "
        f"GDP: {'; '.join(en for _zh, en in gdp)}."
    )
    rows = []
    for n, y in enumerate(series.years, start=1):
        start = dt.date(y.year, 1, 1)
        rows.append(ObservationRow(
            row=n, indicator=indicator.code, period=str(y.year), period_start=start,
            period_end=period_end(start, str(y.year)), value=round(y.change_percent, 4),
            entered_value=round(y.change_percent, 4), entered_unit="%", reference_value=None,
            source=f"CarbonPeak 核算 {series.factor_set} / CarbonPeak accounting {series.factor_set}", note="",
        ))
    illustrative = any(y.illustrative for y in series.years)
    provenance = {str(y.year): {"kind": "accounting", "factor_set": series.factor_set,
                                "activity_sources": list(series.activity_sources),
                                "gdp_sources": list(series.gdp_sources), "base_year": base_year}
                  for y in series.years}
    summary = store_rows(indicator.plan, CheckedRows(rows, []), origin=Origin.DERIVED, user=user,
                         actor_label=actor_label, derivation=how, illustrative=illustrative, reason="derived",
                         provenance=provenance)
    return DerivationOutcome(indicator.code, summary)


def _halves(text: str) -> tuple[str, str]:
    """A stored "中文 / English" text as (zh, en); one text serves both."""
    zh, sep, en = text.partition(" / ")
    return (zh.strip(), en.strip()) if sep else (text, text)


NO_MONITORED_MONTH = "监测数据不足：没有一个完整的月份 / no complete month of monitoring data"


TownFigures = Callable[[int, dt.date], dict[str, from_monitoring.TownFigure]]


def _place_rows(indicator: Indicator, years: list[int], as_of: dt.date, by_town: TownFigures
                ) -> list[tuple[Department, ObservationRow, float | None, dict[str, object]]]:
    """The places with a target of the indicator, each with its figure of each year (its units' data carry the
    town: KeyUnit.town is the place's name or an alias)."""
    places = {p.pk: p for p in plan_places()}
    targeted = [places[pk] for pk in set(indicator.place_targets.values_list("place_id", flat=True)) if pk in places]
    if not targeted:
        return []
    out: list[tuple[Department, ObservationRow, float | None, dict[str, object]]] = []
    for year in years:
        figures = by_town(year, as_of)
        for place in targeted:
            figure = next((figures[n] for n in (place.name, *(place.aliases or [])) if n in figures), None)
            if figure is None:
                continue
            start = dt.date(year, 1, 1)
            row = ObservationRow(
                row=len(out) + 1, indicator=indicator.code, period=str(year), period_start=start,
                period_end=period_end(start, str(year)), value=round(figure.value, 4),
                entered_value=round(figure.value, 4), entered_unit=UNITS[indicator.unit].zh, reference_value=None,
                # "中文 / English" as the district's source: each page shows its reader's half
                source=f"CarbonPeak 在线监测：{place.name}{len(figure.units)}家单位 {year}年 / CarbonPeak online "
                       f"monitoring: {_units_en(len(figure.units))} in {place.name_en or place.name}, {year}", note="")
            out.append((place, row, round(figure.weight, 3), {"kind": "monitoring", "year": year,
                                                             "units": list(figure.units)}))
    return out


def _units_en(count: int) -> str:
    return "1 unit" if count == 1 else f"{count} units"


def _monitored(indicator: Indicator, user: AnyUser | None, actor_label: str, as_of: dt.date,
               yearly: Callable[[int, dt.date], from_monitoring.YearFigure | None], how: str,
               by_town: TownFigures | None = None) -> DerivationOutcome:
    rows: list[ObservationRow] = []
    provenance: dict[str, dict[str, object]] = {}
    for year in from_monitoring.years_with_data(as_of):
        figure = yearly(year, as_of)
        if figure is None:
            continue
        start = dt.date(year, 1, 1)
        rows.append(ObservationRow(
            row=len(rows) + 1, indicator=indicator.code, period=str(year), period_start=start,
            period_end=period_end(start, str(year)), value=round(figure.value, 4), entered_value=round(figure.value, 4),
            entered_unit=UNITS[indicator.unit].zh, reference_value=None, source=figure.source, note=figure.note,
        ))
        provenance[str(year)] = figure.provenance
    if not rows:
        return DerivationOutcome(indicator.code, ImportSummary(0, 0, 0, []), note=NO_MONITORED_MONTH)
    summary = store_rows(indicator.plan, CheckedRows(rows, []), origin=Origin.DERIVED, user=user,
                         actor_label=actor_label, derivation=how, reason="derived", provenance=provenance)
    if by_town is not None:
        # The places' own values, by the same formula over the units located there.
        places = _place_rows(indicator, [int(r.period) for r in rows], as_of, by_town)
        if places:
            store_place_values(indicator, places, derivation=how, actor_label=actor_label)
    return DerivationOutcome(indicator.code, summary)


def _pue(stage: DataCentreStage) -> Deriver:
    def derive(indicator: Indicator, user: AnyUser | None, actor_label: str, as_of: dt.date) -> DerivationOutcome:
        return _monitored(indicator, user, actor_label, as_of,
                          lambda year, day: from_monitoring.pue_figure(stage, year, day), from_monitoring.PUE_METHOD,
                          lambda year, day: from_monitoring.pue_by_town(stage, year, day))
    return derive


def _saving(indicator: Indicator, user: AnyUser | None, actor_label: str, as_of: dt.date) -> DerivationOutcome:
    return _monitored(indicator, user, actor_label, as_of, from_monitoring.saving_figure, from_monitoring.SAVING_METHOD,
                      from_monitoring.saving_by_town)


Deriver = Callable[[Indicator, AnyUser | None, str, dt.date], DerivationOutcome]
_DERIVERS: dict[Derivation, Deriver] = {
    Derivation.ENERGY_INTENSITY_CHANGE: _energy_intensity,
    Derivation.EXISTING_DATA_CENTRE_PUE: _pue(DataCentreStage.EXISTING),
    Derivation.NEW_DATA_CENTRE_PUE: _pue(DataCentreStage.NEW),
    Derivation.INDUSTRIAL_ENERGY_SAVING: _saving,
}


def derive_all(plan: Plan, *, user: AnyUser | None = None, actor_label: str, as_of: dt.date | None = None,
               only: Iterable[str] | None = None) -> list[DerivationOutcome]:
    """Recompute every derived indicator of the plan (or those whose codes are in `only`);
    unchanged values leave no history."""
    day = as_of or timezone.localdate()
    out = []
    # Ordered by code: the model's default ordering puts a null action first or last by database.
    indicators = plan.indicators.exclude(derived="").select_related("plan").order_by("code")
    if only is not None:
        indicators = indicators.filter(code__in=list(only))
    for indicator in indicators:
        out.append(_DERIVERS[Derivation(indicator.derived)](indicator, user, actor_label, day))
    return out
