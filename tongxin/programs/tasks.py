"""Background tasks. Run the consumer with ``tongxin run_huey`` (``make run`` starts one);
with several consumers, start all but one with ``--no-periodic``."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from tongxin.programs.scan import ScanReport, run_scan


# Hourly, so work that became overdue at midnight shows from the first hour of the day; the
# scan is idempotent, so the repeats cost one indexed query each and raise nothing twice.
@db_periodic_task(crontab(minute="5"))
def periodic_scan() -> ScanReport:
    return run_scan()
