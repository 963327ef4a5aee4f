import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from schedule.models import OpeningHours, Theme
from tests import factories

pytestmark = pytest.mark.django_db


def test_closing_before_opening_is_refused_with_a_german_message():
    hours = OpeningHours(weekday=0, starts=datetime.time(13), ends=datetime.time(9))
    with pytest.raises(ValidationError) as error:
        hours.full_clean()
    assert "Das Ende muss nach dem Beginn liegen." in error.value.messages


def test_the_database_refuses_an_ordinal_six():
    with pytest.raises(IntegrityError):
        factories.theme(6)


def test_the_database_refuses_closing_before_opening():
    with pytest.raises(IntegrityError):
        factories.hours(0, (13,), (9,))


def test_rule_reads_naturally():
    assert Theme(ordinal=2, weekday=3).rule_display == "jeden 2. Donnerstag im Monat"
    assert Theme(ordinal=-1, weekday=3).rule_display == "jeden letzten Donnerstag im Monat"
