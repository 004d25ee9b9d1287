"""One clock for "today": the UTC date, for the API, webhooks, reminders and the admin alike,
whatever the site's TIME_ZONE."""

from __future__ import annotations

from datetime import UTC, date, datetime

import time_machine
from django.test import override_settings
from django.utils import timezone

from frontend_api.store.reading import Requester
from review_workflow import contract
from review_workflow.rules.due import LABELS, review_state
from review_workflow.rules.review_status import DUE_SOON, OVERDUE

# 20:00 UTC on 1 January is already 2 January in Auckland.
EVENING_UTC = datetime(2026, 1, 1, 20, 0, tzinfo=UTC)


@override_settings(TIME_ZONE="Pacific/Auckland")
def test_today_is_the_utc_date_whatever_the_time_zone():
    with time_machine.travel(EVENING_UTC, tick=False):
        assert timezone.localdate() == date(2026, 1, 2)
        assert contract.today() == date(2026, 1, 1)


@override_settings(TIME_ZONE="Pacific/Auckland")
def test_the_admin_and_the_api_agree_on_the_day():
    with time_machine.travel(EVENING_UTC, tick=False):
        assert Requester.of("localhost", 80).today == contract.today()
        assert review_state(date(2026, 1, 1)) == LABELS[DUE_SOON]
        assert review_state(date(2025, 12, 31)) == LABELS[OVERDUE]
