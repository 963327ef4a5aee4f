"""Small helpers that create just what a test needs."""

import datetime
from itertools import count

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils.text import slugify

from partners.models import ContactPerson, Membership, Organisation, TargetGroup, Topic
from schedule.models import Closure, DateChange, HeldHoliday, OpeningHours, Theme
from sozialinfo.models import InfoPoint

_numbers = count(1)


def organisation(name=None, **fields):
    name = name or f"Verein {next(_numbers)}"
    fields.setdefault("slug", slugify(name))
    return Organisation.objects.create(name=name, **fields)


def target_group(name="Senior*innen", **fields):
    fields.setdefault("slug", slugify(name))
    return TargetGroup.objects.create(name=name, **fields)


def topic(name="Wohnen", **fields):
    fields.setdefault("slug", slugify(name))
    return Topic.objects.create(name=name, **fields)


def theme(ordinal=1, name=None, organisations=(), **fields):
    name = name or f"Thema {ordinal}"
    fields.setdefault("slug", slugify(name))
    fields.setdefault("valid_from", datetime.date(2022, 2, 3))
    created = Theme.objects.create(name=name, ordinal=ordinal, **fields)
    created.organisations.set(organisations)
    return created


def hours(weekday, starts, ends, **fields):
    return OpeningHours.objects.create(
        weekday=weekday, starts=datetime.time(*starts), ends=datetime.time(*ends), **fields
    )


def user(username, role=None, organisations=(), **fields):
    created = get_user_model().objects.create_user(
        username=username, password="geheim-und-lang-42", is_staff=True, **fields
    )
    if role:
        created.groups.add(Group.objects.get(name=role))
    for org in organisations:
        Membership.objects.create(user=created, organisation=org)
    return created


def closure(first_day, last_day=None, reason="Betriebsurlaub", **fields):
    return Closure.objects.create(
        first_day=first_day, last_day=last_day or first_day, reason=reason, **fields
    )


def date_change(theme, day, organisations=(), **fields):
    created = DateChange.objects.create(theme=theme, day=day, **fields)
    created.organisations.set(organisations)
    return created


def held_holiday(day, **fields):
    return HeldHoliday.objects.create(day=day, **fields)


def info_point(**fields):
    return InfoPoint.objects.create(pk=1, **fields)


def contact_person(organisation, name="Maria Muster", **fields):
    return ContactPerson.objects.create(organisation=organisation, name=name, **fields)
