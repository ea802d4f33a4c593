"""Load shapes of the demo fleet: climate, working hours, shifts, holidays, data-centre PUE.

Pure module (no Django), numpy only. Each shape is a relative load per interval over one local
year; `demo_generator` scales it to the meter's annual quantity. Inputs are in `demo_units.yaml`.
Random parts come from `stable_rng`, seeded from text by a stable hash (never Python's `hash()`,
which changes between runs), so the same seed gives the same fleet on every machine.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from carbonpeak.common.localtime import UTC_OFFSET_S as LOCAL_UTC_OFFSET_S
from carbonpeak.common.yaml_files import parse_yaml
from carbonpeak.monitoring.readings.rollup_math import year_bounds
from carbonpeak.monitoring.readings.series import Bools, Floats, Ints

DATA_FILE = Path(__file__).with_name("demo_units.yaml")


@cache
def demo_spec() -> dict[str, Any]:
    return dict(parse_yaml(DATA_FILE.read_text(encoding="utf-8")))


def stable_rng(*parts: object) -> np.random.Generator:
    """A numpy Generator seeded from the parts' text through BLAKE2b: the same on every run and machine."""
    digest = hashlib.blake2b(":".join(str(p) for p in parts).encode("utf-8"), digest_size=8).digest()
    return np.random.default_rng(int.from_bytes(digest, "big"))


@dataclass(frozen=True)
class Calendar:
    """Local time of every interval of a year, taken at the interval's middle."""

    year: int
    ts: Ints  # interval-ending stamps (UTC epoch) of the year's readings
    hour: Floats  # local hour of day, 0–24
    weekday: Ints  # 0 = Monday
    day: Ints  # day of the year, 0-based
    temperature: Floats  # °C, shared by every unit

    @property
    def size(self) -> int:
        return int(self.ts.size)


@cache
def calendar(year: int, interval_s: int, seed: int) -> Calendar:
    start, end = year_bounds(year)
    ts = np.arange(start + interval_s, end + 1, interval_s, dtype=np.int64)
    local = ts - interval_s // 2 + LOCAL_UTC_OFFSET_S
    days = local // 86400
    hour = (local % 86400) / 3600.0
    day = (days - (start + LOCAL_UTC_OFFSET_S) // 86400).astype(np.int64)
    weekday = ((days + 3) % 7).astype(np.int64)  # 1970-01-01 was a Thursday
    return Calendar(year, ts, hour, weekday, day, _temperature(year, day, hour, seed))


def _temperature(year: int, day: Ints, hour: Floats, seed: int) -> Floats:
    c = demo_spec()["climate"]
    n_days = int(day.max()) + 1
    noise = stable_rng(seed, "weather", year).standard_normal(n_days + 4)
    weather = np.convolve(noise, np.ones(5) / np.sqrt(5), mode="valid")[:n_days] * c["weather_sd_c"]
    season = c["annual_swing_c"] * np.cos(2 * np.pi * (day - c["warmest_day"]) / 365.25)
    daily = c["daily_swing_c"] * np.cos(2 * np.pi * (hour - 14.0) / 24.0)
    return np.asarray(c["mean_c"] + season + daily + weather[day])


def cooling(temperature: Floats, from_c: float = 22.0, span_c: float = 8.0) -> Floats:
    return np.asarray(np.clip((temperature - from_c) / span_c, 0.0, 1.5))


def heating(temperature: Floats, below_c: float = 12.0, span_c: float = 8.0) -> Floats:
    return np.asarray(np.clip((below_c - temperature) / span_c, 0.0, 1.5))


def spring_festival(cal: Calendar, before: int = 4, after: int = 8) -> Bools:
    """Intervals in the Spring Festival break (春节) of the calendar's year."""
    festival = demo_spec()["spring_festival"].get(cal.year)
    if festival is None:
        return np.zeros(cal.size, dtype=np.bool_)
    first = (festival - date(cal.year, 1, 1)).days
    return np.asarray((cal.day >= first - before) & (cal.day <= first + after))


def noise(rng: np.random.Generator, size: int, sd: float) -> Floats:
    return np.asarray(np.clip(1.0 + sd * rng.standard_normal(size), 0.05, None))


def _hours_open(hour: Floats, opens: float, closes: float) -> Bools:
    return np.asarray((hour >= opens) & (hour < closes))


def process_shape(cal: Calendar, p: dict[str, Any], rng: np.random.Generator, energy_type: str) -> Floats:
    """Continuous process (petrochemical, chemical): steady, a little more in summer, a yearly turnaround."""
    load = 1.0 + p.get("summer_extra", 0.0) * cooling(cal.temperature) + 0.02 * np.sin(2 * np.pi * cal.hour / 24)
    if energy_type != "electricity":
        load = load + 0.25 * heating(cal.temperature, 18.0, 14.0)
    if "turnaround_days" in p:  # 检修: a planned shutdown once a year
        first = int(rng.integers(90, 300))
        down = (cal.day >= first) & (cal.day < first + int(p["turnaround_days"]))
        load = np.where(down, p["turnaround_level"], load)
    return np.asarray(load * noise(rng, cal.size, p["noise"]))


def factory_shape(cal: Calendar, p: dict[str, Any], rng: np.random.Generator, shifts: int, days: int) -> Floats:
    """Shifts (1: 8–17, 2: 8–24, 3: round the clock), a 5/6/7-day week and the Spring Festival break."""
    if shifts >= 3:
        on_hours = np.ones(cal.size, dtype=np.bool_)
    else:
        on_hours = _hours_open(cal.hour, 8.0, 17.0 if shifts == 1 else 24.0)
    working = on_hours & (cal.weekday < days) & ~spring_festival(cal)
    off = p["off_level"]
    load = off + (1 - off) * working + 0.1 * cooling(cal.temperature) * working
    return np.asarray(load * noise(rng, cal.size, p["noise"]))


def building_shape(cal: Calendar, p: dict[str, Any], rng: np.random.Generator, energy_type: str) -> Floats:
    """Public buildings: opening hours, summer cooling and winter heating peaks, holidays, school vacations."""
    opens, closes = p["open"]
    holiday = spring_festival(cal, before=1, after=5)
    is_open = _hours_open(cal.hour, opens, closes) & (cal.weekday < p["weekdays"]) & ~holiday
    off = p["off_level"]
    cool, heat = cooling(cal.temperature, 24.0), heating(cal.temperature, 10.0)
    hvac_share = np.where(is_open, 1.0, max(off - 0.2, 0.0))
    if energy_type == "natural_gas":  # boilers: hot water all day, canteen when open, heating in winter
        load = 0.25 + 0.25 * is_open + 2.0 * heat * hvac_share
    else:
        load = off + (1 - off) * is_open + (0.8 * cool + 0.4 * heat) * hvac_share
    if "vacation_level" in p:  # summer (10 Jul – 31 Aug) and winter (20 Jan – 20 Feb) vacations
        vacation = ((cal.day >= 190) & (cal.day < 243)) | ((cal.day >= 19) & (cal.day < 50))
        load = np.where(vacation, load * p["vacation_level"], load)
    return np.asarray(load * noise(rng, cal.size, p["noise"]))


def it_shape(cal: Calendar, p: dict[str, Any], rng: np.random.Generator) -> Floats:
    """A data centre's IT load: flat, a small afternoon hump, slow growth through the year."""
    growth = 1.0 + p["it_growth"] * cal.day / 365.0
    hump = 1.0 + 0.02 * np.cos(2 * np.pi * (cal.hour - 15.0) / 24.0)
    return np.asarray(growth * hump * noise(rng, cal.size, p["noise"]))


def pue_series(cal: Calendar, it_energy: Floats, base: float, season: float) -> Floats:
    """PUE of each interval: base + season × s, s following outdoor temperature (cooling).

    s is scaled so its IT-weighted mean over the year is exactly ½: the year's PUE is then
    base + season / 2 whatever the weather, so a register's yearly total is known in advance.
    """
    s = np.clip((cal.temperature - 8.0) / 22.0, 0.0, 1.3)
    s = s * 0.5 * it_energy.sum() / max(float((it_energy * s).sum()), 1e-12)
    return np.asarray(base + season * s)
