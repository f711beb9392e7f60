"""Province-configurable defaults ([L]/[M] items of domain-rules.md).

Statutory values ([S]) live in the program modules beside their citation. Everything here is a
default that a province overrides with a JSON file named by TONGXIN_PROGRAM_RULES_FILE, e.g.::

    {"corrections": {"levels": {"ordinary": {"interval_days": 14}}},
     "reentry": {"aid_period_years": 3}}

The file is merged over these defaults key by key.
"""

from __future__ import annotations

import copy
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DEFAULTS: dict[str, dict[str, Any]] = {
    "corrections": {
        # 严管/普管/宽管 is provincial practice [L]: strict = weekly report, first 2 months.
        "levels": {
            "strict": {"interval_days": 7, "grace_days": 2, "kind": "office_report"},
            "ordinary": {"interval_days": 30, "grace_days": 5, "kind": "office_report"},
            "lenient": {"interval_days": 60, "grace_days": 10, "kind": "phone"},
        },
        "initial_level": "strict",
        "strict_first_months": 2,
        # Personal summary and appraisal ~30 days before the end [M] 实施办法 ~art 53.
        "pre_release_summary_days": 30,
        # Home visit within 10 working days of reporting [L]; counted as calendar days here.
        "first_home_visit_days": 14,
    },
    "reentry": {
        "aid_period_years": 5,  # [L] 5 years after release (some provinces 3)
        "levels": {
            "key": {"interval_days": 30, "grace_days": 7, "kind": "home_visit"},
            "ordinary": {"interval_days": 90, "grace_days": 14, "kind": "home_visit"},
        },
        "initial_level": "ordinary",
        "first_home_visit_days": 7,  # [L] home visit within 7 days of return
    },
    "mental_health": {
        # National public health service specification (3rd ed.) [P]/[M]; ≥4 a year.
        "levels": {
            "unstable": {"interval_days": 14, "grace_days": 3, "kind": "follow_up"},
            "basically_stable": {"interval_days": 30, "grace_days": 7, "kind": "follow_up"},
            "stable": {"interval_days": 90, "grace_days": 14, "kind": "follow_up"},
        },
        "initial_level": "basically_stable",
    },
    "drug_rehab": {
        # Test and talk frequency is "as 公安 require" [S]; monthly is a common default [?].
        "levels": {
            "standard": {"interval_days": 30, "grace_days": 7, "kind": "office_report"},
        },
        "initial_level": "standard",
    },
    "hiv": {
        # CDC practice [M]: HIV every 6 months, AIDS every 3 months.
        "levels": {
            "infected": {"interval_days": 180, "grace_days": 14, "kind": "follow_up"},
            "aids": {"interval_days": 90, "grace_days": 14, "kind": "follow_up"},
        },
        "initial_level": "infected",
        "lost_after_missed_days": 28,
    },
    "youth_support": {
        # Voluntary support plans: a quarterly check-in by default.
        "levels": {
            "standard": {"interval_days": 90, "grace_days": 30, "kind": "home_visit"},
        },
        "initial_level": "standard",
    },
}


def _merge(base: dict[str, Any], override: dict[str, Any], path: str) -> dict[str, Any]:
    merged = copy.deepcopy(base)
    for key, value in override.items():
        if key not in merged:
            raise ImproperlyConfigured(f"TONGXIN_PROGRAM_RULES_FILE: unknown key {path}{key}")
        if isinstance(merged[key], dict) and isinstance(value, dict):
            merged[key] = _merge(merged[key], value, f"{path}{key}.")
        else:
            merged[key] = value
    return merged


@lru_cache(maxsize=1)
def _loaded(file_name: str | None) -> dict[str, dict[str, Any]]:
    if not file_name:
        return DEFAULTS
    try:
        override = json.loads(Path(file_name).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ImproperlyConfigured(f"TONGXIN_PROGRAM_RULES_FILE cannot be read: {exc}") from exc
    return _merge(DEFAULTS, override, "")


def program_rules(program: str) -> dict[str, Any]:
    rules: dict[str, Any] = _loaded(getattr(settings, "TONGXIN_PROGRAM_RULES_FILE", None))[program]
    return rules
