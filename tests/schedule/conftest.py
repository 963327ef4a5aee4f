import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine


@pytest.fixture
def tuesday_24_november_2026():
    """Pin the clock to Tuesday 24 November 2026, 10:00 in Vienna."""
    moment = datetime.datetime(2026, 11, 24, 10, tzinfo=ZoneInfo("Europe/Vienna"))
    with time_machine.travel(moment, tick=False):
        yield
