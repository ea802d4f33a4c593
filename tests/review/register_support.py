"""Register entries for the register tests: existing plants imported from CSV, one with actual energy."""

from __future__ import annotations

from carbonpeak.review import register
from carbonpeak.review.models import RegisterEntry

# Check-digit-valid 统一社会信用代码 of fictitious owners.
USCC_A = "91310116MA1J00000Y"
USCC_B = "91310116MA1JKD0G1K"

HEADER = "name,owner_uscc,industry_code,town,status,disposal,deadline,approved_energy_tce,monitored_unit," \
    "deviation_margin_pct"
CSV = f"""{HEADER}
演示水泥熟料线,{USCC_A},3011,金山卫镇,operating,upgrade,2026-12-31,50000,MU-001,10
演示烧碱装置,{USCC_B},2612,漕泾镇,operating,keep,,20000,MU-002,
演示铝冶炼,{USCC_B},3216,漕泾镇,under_construction,phase_out,2027-06-30,,,
"""


def import_plants() -> dict[str, RegisterEntry]:
    register.import_csv(CSV, actor_label="tests")
    return {e.name: e for e in RegisterEntry.objects.all()}
