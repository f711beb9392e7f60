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
        # Leave (外出) [M] 实施办法 ~art 27: the 司法所 approves up to 7 days, the county up to
        # 30 days per approval; more than 30 days, or more than 30 days in total within the 2
        # months before the start, goes to the level above the county.
        "leave_office_max_days": 7,
        "leave_max_days": 30,
        "leave_window_months": 2,
        "leave_window_max_days": 30,
        # Apply ~3 days ahead [M]; 0 by default so urgent leave (a relative's illness) can
        # still be asked for today. A start date in the past is always refused.
        "leave_notice_days": 0,
        # Frequent cross-county travel (经常性跨市县活动): one approval is valid 6 months [M] ~art 29.
        "frequent_travel_months": 6,
        # Change of execution place (变更执行地) [M] ~arts 30–31: apply 1 month ahead; report to
        # the new place within 7 days of the decision.
        "residence_change_notice_months": 1,
        "report_new_place_days": 7,
        # Classified management (分类管理), a provincial example [L] (domain-rules §1.5): strict
        # for the first ``strict_first_months`` (above), for high risk, for this many
        # reprimands or warnings, a police punishment or a failed assessment; lenient after
        # months in ordinary with an average quarterly score, or praises in a row, or low risk.
        "classification": {
            "strict_reprimands": 2,
            "strict_warnings": 1,
            # [?] The example does not say over which period sanctions count; counted over the
            # last N months so one old sanction does not keep a person strict for the whole term.
            "sanction_window_months": 6,
            "lenient_ordinary_months": 6,
            "lenient_min_score": 80,
            "lenient_praises_in_a_row": 3,
        },
        # The sanction ladder's suggestions [P] (Wenzhou justice bureau, mirroring 实施办法
        # ~arts 34, 35, 46, 49): absconding up to 10 days → reprimand, over 10 days → warning,
        # over a month (counted as 30 days) → revocation or 收监 proposal; 2 reprimands →
        # warning; 2 warnings → revocation or 收监 proposal. Praise after 6 months in
        # correction [M] ~art 33, suggested when no sanction fell in the last 6 months.
        "sanctions": {
            "abscond_reprimand_max_days": 10,
            "abscond_escalate_after_days": 30,
            "reprimands_before_warning": 2,
            "warnings_before_escalation": 2,
            "praise_after_months": 6,
            "praise_quiet_months": 6,
        },
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
    # Support and referrals between agencies (tongxin.support), not a program.
    "support": {
        # A receiving agency answers (accepts or returns) a referral within 5 days [L].
        "referral_respond_days": 5,
        # A consent is recorded for a year unless the form says otherwise [L].
        "consent_valid_days": 365,
        # A referral sent without consent under the override lasts 30 days [L].
        "override_valid_days": 30,
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
