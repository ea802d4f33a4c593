"""Figures worked out by hand from the published factors (not from the product's code).

Diesel (GB/T 2589-2020 Appendix A; GB/T 32151.22-2024 Table C.1):
    1 t × 1.4571 kgce/kg                         = 1.4571 tce
    1 t × 42.652 GJ/t × 20.2 t C/TJ × 0.98 × 44/12 t CO2
Electricity, 10 000 kWh in 2023:
    × 0.1229 kgce/kWh (equivalent value)         = 1.229 tce
    × 0.404 kgce/kWh (equal value, Yearbook)     = 4.04 tce
    × 4.2 t CO2/10⁴ kWh (Shanghai, from 2022)    = 4.2 t CO2
    × 0.5306 kg CO2/kWh (national grid, 2023)    = 5.306 t CO2
Electricity before 2022 in Shanghai: 7.88 t CO2/10⁴ kWh.
"""

from __future__ import annotations

from pathlib import Path

DIESEL_TCE_PER_T = 1.4571
DIESEL_CO2_PER_T = 42.652 * (20.2 / 1000) * 0.98 * 44 / 12  # ≈ 3.0959 t CO2
ELEC_TCE_PER_10K_KWH = 10_000 * 0.1229 / 1000  # 1.229
ELEC_EQUAL_VALUE_PER_10K_KWH = 10_000 * 0.404 / 1000  # 4.04
ELEC_CO2_SHANGHAI_2023 = 4.2  # per 10⁴ kWh
ELEC_CO2_SHANGHAI_BEFORE_2022 = 7.88  # per 10⁴ kWh
ELEC_CO2_NATIONAL_2023 = 10_000 * 0.5306 / 1000  # 5.306

CSV_HEADER = "entity,period,energy_type,quantity,unit"
DIESEL_AND_ELECTRICITY_CSV = f"{CSV_HEADER}\nA,2023,diesel,1,t\nA,2023,electricity,10000,kWh\n"

SRC = Path(__file__).resolve().parents[2] / "src" / "carbonpeak"
DEMO_FILE = SRC / "data" / "demo" / "jinshan-demo.yaml"
FACTOR_DIR = SRC / "accounting" / "factors"


def record(energy_type: str, quantity: float, unit: str, period: str = "2023", entity: str = "A",
           **extra: object) -> dict[str, object]:
    return {"entity": entity, "period": period, "energy_type": energy_type, "quantity": quantity, "unit": unit,
            **extra}
