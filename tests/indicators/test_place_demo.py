"""The demo splits the PUE of existing data centres to the places whose data centres give it a figure (now that
石化街道 and the parks are bodies of the plan), through the room's own services: audited as setup, again without
change; after the derivation the 晴雨表 of places shows those places with their levels."""

from __future__ import annotations

from carbonpeak.audit.models import ChangeRecord
from carbonpeak.indicators.derive import derive_all
from carbonpeak.indicators.models import PlaceTarget
from carbonpeak.indicators.place_demo import split_demo_targets
from carbonpeak.indicators.place_evaluation import grid
from carbonpeak.indicators.vocabulary import BarometerLevel
from carbonpeak.plan.models import Plan
from tests.conftest import ClientFactory
from tests.jobs.support import AS_OF, data_centre_with_pue

PUE = "existing_data_centre_pue"
SETUP = "cli:setup (tests)"


def two_data_centres() -> None:
    for code, pue, town in (("DC1", 1.50, "石化街道"), ("DC2", 1.30, "金山工业区")):
        unit = data_centre_with_pue(pue, code=code)
        unit.town = town
        unit.save()


def test_the_demo_splits_pue_to_the_places_with_data_centres(plan: Plan, client_as: ClientFactory) -> None:
    two_data_centres()
    assert split_demo_targets(plan, AS_OF, SETUP) == 2
    targets = {(t.place.code, t.year, t.value, t.share) for t in
               PlaceTarget.objects.filter(indicator__code=PUE).select_related("place")}
    assert targets == {("shihua", 2025, 1.4, None), ("jinshan_industrial_zone", 2025, 1.4, None)}
    assert not PlaceTarget.objects.exclude(indicator__code=PUE).exists()  # no 百一 figure without a previous year
    records = ChangeRecord.objects.filter(entity="place_target")
    assert records.count() == 2 and set(records.values_list("actor_label", flat=True)) == {SETUP}
    assert split_demo_targets(plan, AS_OF, SETUP) == 2 and records.count() == 2  # again: nothing changes

    derive_all(plan, actor_label=SETUP, as_of=AS_OF, only=[PUE])
    g = grid(plan, AS_OF)
    assert [c.code for c in g.columns] == [PUE]
    assert {r.place.code: r.level for r in g.rows} == {"shihua": BarometerLevel.RED,
                                                       "jinshan_industrial_zone": BarometerLevel.GREEN}
    html = client_as("office").get("/indicators/places/").content.decode()
    assert "石化街道" in html and "金山工业区" in html


def test_without_demo_meters_nothing_is_split(plan: Plan) -> None:
    assert split_demo_targets(plan, AS_OF, SETUP) == 0
    assert not PlaceTarget.objects.exists()
