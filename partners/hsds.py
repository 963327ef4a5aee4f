"""The published directory as Open Referral's Human Services Data Specification (HSDS) 3.0.

Objects without an id of their own (a phone, an address, a taxonomy term) get a UUID derived from
what they belong to, so the same thing keeps the same id from one request to the next.
"""

import csv
import datetime
import io
import json
import uuid
import zipfile
from functools import cache, cached_property
from pathlib import Path

from django.apps import apps
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sozialinfo.models import InfoPoint

from .models import Location, Organisation, Service, ServiceStatus, TargetGroup, Topic

VERSION = "3.0"
PROFILE = "https://docs.openreferral.org/en/latest/hsds/"
OPENAPI_URL = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json"
NAMESPACE = uuid.UUID("0b6f4d3e-5a7c-4f8e-9d21-3c5e7a9b1f60")
COUNTRY = "AT"
WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
STATUS = {ServiceStatus.ACTIVE: "active", ServiceStatus.PAUSED: "temporarily closed"}
# key: (model, URL parameter of the directory's filter)
TAXONOMIES = {"zielgruppen": (TargetGroup, "zielgruppe"), "themen": (Topic, "thema")}


def uid(*parts):
    return str(uuid.uuid5(NAMESPACE, "/".join(str(part) for part in parts)))


def compact(data):
    """Drop the keys without a value: HSDS fields are optional, but never null."""
    return {key: value for key, value in data.items() if value not in (None, [])}


def iso(value):
    return value.isoformat() if value else None


class Terms:
    """Both taxonomies, their terms' UUIDs and their descendants, in 2 queries."""

    def __init__(self):
        self.by_uuid = {}  # term UUID: (taxonomy key, pk)
        self.children = {}  # (taxonomy key, pk): [child pks]
        for key, (model, _param) in TAXONOMIES.items():
            for pk, parent in model.objects.values_list("pk", "parent"):
                self.by_uuid[uid(key, pk)] = (key, pk)
                self.children.setdefault((key, parent), []).append(pk)

    def below(self, key, pk):
        """pk and the pks of every term under it."""
        found, todo = [], [pk]
        while todo:
            found.append(todo.pop())
            todo += self.children.get((key, found[-1]), [])
        return found


def taxonomy(key):
    model = TAXONOMIES[key][0]
    descriptions = {
        "zielgruppen": _("Für wen ein Angebot gedacht ist."),
        "themen": _("Worum es bei einem Angebot geht: die Lebensbereiche."),
    }
    return {
        "id": uid("taxonomy", key),
        "name": str(model._meta.verbose_name_plural),
        "description": descriptions[key],
    }


class Catalogue:
    """Turns the directory's objects into HSDS objects with absolute links for one request."""

    def __init__(self, request):
        self.request = request

    def url(self, path):
        return self.request.build_absolute_uri(path)

    @cached_property
    def info_point(self):
        return InfoPoint.objects.current()

    # Querysets with everything an object needs prefetched, so lists take a fixed number of queries.

    @staticmethod
    def services(full=False):
        services = (
            Service.objects.published()
            .select_related("organisation__parent")
            .order_by("organisation__name", "organisation", "position", "name", "pk")
        )
        if full:
            services = services.prefetch_related(
                "languages",
                "target_groups",
                "topics",
                Prefetch("locations", Location.objects.select_related("municipality")),
            )
        return services

    @classmethod
    def organisations(cls, full=False):
        organisations = (
            Organisation.objects.published().select_related("parent").order_by("name", "pk")
        )
        if full:
            today = timezone.localdate()
            themes = apps.get_model("schedule", "Theme").objects.valid_between(
                today, today + datetime.timedelta(days=366)
            )
            organisations = organisations.prefetch_related(
                "target_groups",
                "topics",
                "contact_people",
                Prefetch("locations", Location.objects.select_related("municipality")),
                Prefetch("services", cls.services(full=True)),
                Prefetch("themes", themes),
            )
        return organisations

    # HSDS objects

    def term(self, term):
        key = "zielgruppen" if isinstance(term, TargetGroup) else "themen"
        param = TAXONOMIES[key][1]
        return compact(
            {
                "id": uid(key, term.pk),
                "code": term.slug,
                "name": term.name,
                "description": term.description or term.name,
                "parent_id": uid(key, term.parent_id) if term.parent_id else None,
                "taxonomy": str(term._meta.verbose_name_plural),
                "taxonomy_id": uid("taxonomy", key),
                "language": "de",
                "term_uri": self.url(f"{reverse('partners:directory')}?{param}={term.slug}"),
            }
        )

    def attributes(self, owner, entity, terms):
        found = []
        for term in terms:
            data = self.term(term)
            found.append(
                {
                    "id": uid("attribute", owner, data["id"]),
                    "link_id": owner,
                    "link_entity": entity,
                    "taxonomy_term_id": data["id"],
                    "taxonomy_term": data,
                }
            )
        return found

    def organisation(self, org):
        """The one-to-one fields (organization_list.json)."""
        parent = org.parent if org.parent_id and org.parent.is_published else None
        return compact(
            {
                "id": str(org.uuid),
                "name": org.name,
                # Required, and an empty cell in the CSV files would count as missing.
                "description": org.description or org.short_description or org.name,
                "email": org.email or None,
                "website": org.website or None,
                "legal_status": org.legal_status or None,
                "logo": self.url(reverse("partners:logo", args=[org.slug])) if org.logo else None,
                "uri": self.url(org.get_absolute_url()),
                "parent_organization_id": str(parent.uuid) if parent else None,
            }
        )

    def full_organisation(self, org):
        """Everything published about an organisation (organization.json)."""
        own = str(org.uuid)
        phones = (
            [
                compact(
                    {"id": uid("phone", own, "main"), "organization_id": own, "number": org.phone}
                )
            ]
            if org.phone
            else []
        )
        if org.phone_other:  # free text such as "Notruf: 0800 …"
            label, colon, number = org.phone_other.rpartition(":")
            phones.append(
                compact(
                    {
                        "id": uid("phone", own, "other"),
                        "organization_id": own,
                        "number": number.strip() if colon else org.phone_other,
                        "description": label.strip() if colon else None,
                    }
                )
            )
        contacts = [
            compact(
                {
                    "id": uid("contact", own, person.pk),
                    "organization_id": own,
                    "name": person.name,
                    "title": person.role or None,
                    "email": person.email or None,
                    "phones": [
                        {
                            "id": uid("phone", "contact", own, person.pk),
                            "contact_id": uid("contact", own, person.pk),
                            "number": person.phone,
                        }
                    ]
                    if person.phone
                    else None,
                }
            )
            for person in org.contact_people.all()
        ]
        locations = [self.location(place, own) for place in org.locations.all()]
        return compact(
            {
                **self.organisation(org),
                "phones": phones,
                "contacts": contacts,
                "locations": self.with_theme_days(org, locations),
                "attributes": self.attributes(
                    own, "organization", [*org.target_groups.all(), *org.topics.all()]
                ),
                "services": [
                    self.full_service(service, nested=False) for service in org.services.all()
                ],
            }
        )

    def address(self, location_id, street, postal_code, city):
        info = self.info_point
        return {
            "id": uid("address", location_id),
            "location_id": location_id,
            "address_1": street,
            "city": city,
            "state_province": str(info.get_holiday_region_display()),
            "postal_code": postal_code,
            "country": COUNTRY,
            "address_type": "physical",
        }

    def location(self, place, organisation_id):
        own = str(place.uuid)
        accessibility = [
            {
                "id": uid("accessibility", own, feature.value),
                "location_id": own,
                "description": str(feature.label),
            }
            for feature in place.features
        ]
        if place.accessibility_note:
            accessibility.append(
                {
                    "id": uid("accessibility", own, "note"),
                    "location_id": own,
                    "details": place.accessibility_note,
                }
            )
        return compact(
            {
                "id": own,
                "location_type": "physical",
                "organization_id": organisation_id,
                "name": place.name or None,
                "transportation": place.directions or None,
                "latitude": float(place.latitude) if place.has_coordinates else None,
                "longitude": float(place.longitude) if place.has_coordinates else None,
                "addresses": [
                    self.address(own, place.street, place.postal_code, place.municipality.name)
                ],
                "accessibility": accessibility,
            }
        )

    def with_theme_days(self, org, locations):
        """Add the theme days an organisation staffs as schedules (freq MONTHLY, byday 2TH;
        every week: WEEKLY, TH): at its location at the info point, or a new one there; a theme
        held elsewhere at a location named as the theme says, without an address."""
        places = {}
        for theme in org.themes.all():
            venue = theme.location.strip()
            if venue.casefold() not in places:
                places[venue.casefold()] = self.venue(org, venue, locations)
            place = places[venue.casefold()]
            place.setdefault("schedules", []).append(self.schedule(theme, place["id"]))
        known = {place["id"] for place in locations}
        return [*locations, *(place for place in places.values() if place["id"] not in known)]

    def venue(self, org, name, locations):
        """The location of org where theme days named name are held ("" for the info point)."""
        info = self.info_point
        if name:
            return {
                "id": uid("theme-days", org.uuid, name.casefold()),
                "location_type": "physical",
                "organization_id": str(org.uuid),
                "name": name,
            }
        for place in locations:
            address = place["addresses"][0]
            if info.street and (address["address_1"].casefold(), address["postal_code"]) == (
                info.street.casefold(),
                info.postal_code,
            ):
                return place
        own = uid("theme-days", org.uuid)
        return compact(
            {
                "id": own,
                "location_type": "physical",
                "organization_id": str(org.uuid),
                "name": info.name,
                "description": _("Fachleute von %(organisation)s beraten hier an Thementagen.")
                % {"organisation": org.name},
                "addresses": [self.address(own, info.street, info.postal_code, info.municipality)]
                if info.street
                else None,
            }
        )

    def schedule(self, theme, location_id):
        weekly = theme.ordinal == 0
        day = WEEKDAYS[theme.weekday]
        times = f"{theme.starts:%H:%M}–{theme.ends:%H:%M}"
        notes = _("An Feiertagen und Schließtagen entfällt der Termin; der Link zeigt die Termine.")
        return compact(
            {
                "id": uid("schedule", location_id, theme.pk),
                "location_id": location_id,
                "valid_from": iso(theme.valid_from),
                "valid_to": iso(theme.valid_until),
                "wkst": "MO",
                "freq": "WEEKLY" if weekly else "MONTHLY",
                "byday": day if weekly else f"{theme.ordinal}{day}",
                "opens_at": f"{theme.starts:%H:%M}",
                "closes_at": f"{theme.ends:%H:%M}",
                "description": f"{theme.name}: {theme.rule_display}, {times}",
                "schedule_link": self.url(theme.get_absolute_url()),
                "attending_type": "in_person",
                "notes": notes,
            }
        )

    def service(self, service, nested=True):
        """The one-to-one fields (service_list.json), with the organisation when nested."""
        org = service.organisation
        return compact(
            {
                "id": str(service.uuid),
                "organization_id": str(org.uuid),
                "name": service.name,
                "description": service.description or None,
                "url": self.url(org.get_absolute_url()),
                "status": STATUS[service.status],
                "application_process": str(service.get_access_display()),
                "fees_description": _("kostenlos") if service.is_free else service.costs or None,
                "eligibility_description": service.eligibility or None,
                "assured_date": iso(org.last_checked),
                "last_modified": max(service.modified, org.modified).isoformat(),
                "organization": self.organisation(org) if nested else None,
            }
        )

    def full_service(self, service, nested=True):
        """Everything published about a service (service.json)."""
        own = str(service.uuid)
        return compact(
            {
                **self.service(service, nested),
                "languages": [
                    {
                        "id": uid("language", own, lang.code),
                        "service_id": own,
                        "name": str(lang),
                        "code": lang.code,
                    }
                    for lang in service.languages.all()
                ],
                "attributes": self.attributes(
                    own, "service", [*service.target_groups.all(), *service.topics.all()]
                ),
                "service_at_locations": [
                    {
                        "id": uid("service_at_location", own, place.uuid),
                        "service_id": own,
                        "location_id": str(place.uuid),
                        "location": self.location(place, str(service.organisation.uuid)),
                    }
                    for place in service.locations.all()
                    if place.organisation_id == service.organisation_id  # never another's address
                ],
                "schedules": [
                    {"id": uid("schedule", own), "service_id": own, "description": service.hours}
                ]
                if service.hours
                else None,
            }
        )


# The tabular data package: the same objects, flattened into one CSV file per HSDS table.

TABLES = {
    "services": "service",
    "locations": "location",
    "location": "location",
    "phones": "phone",
    "contacts": "contact",
    "attributes": "attribute",
    "languages": "language",
    "service_at_locations": "service_at_location",
    "schedules": "schedule",
    "addresses": "address",
    "accessibility": "accessibility",
    "taxonomy_term": "taxonomy_term",
}
WRITTEN = ["organization", *dict.fromkeys(TABLES.values()), "taxonomy"]


@cache
def specification():
    path = Path(__file__).parent / "data" / "hsds-3.0-datapackage.json"
    return {resource["name"]: resource for resource in json.loads(path.read_text())["resources"]}


def flatten(obj, table, rows):
    row = {}
    for key, value in obj.items():
        if isinstance(value, dict):
            flatten(value, TABLES[key], rows)
        elif isinstance(value, list):
            for item in value:
                flatten(item, TABLES[key], rows)
        else:
            row[key] = value
    rows[table].setdefault(row["id"], row)


def datapackage(catalogue):
    """A zip of the published directory: one CSV per HSDS table and its datapackage.json."""
    rows = {table: {} for table in WRITTEN}
    for org in catalogue.organisations(full=True).iterator(chunk_size=500):
        flatten(catalogue.full_organisation(org), "organization", rows)
    for key, (model, _param) in TAXONOMIES.items():
        rows["taxonomy"][uid("taxonomy", key)] = taxonomy(key)
        for term in model.objects.all():
            flatten(catalogue.term(term), "taxonomy_term", rows)
    spec = specification()
    resources = []
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for table in WRITTEN:
            resource = json.loads(json.dumps(spec[table]))
            schema = resource["schema"]
            schema["foreignKeys"] = [
                key
                for key in schema.get("foreignKeys", [])
                if key["reference"]["resource"] in WRITTEN
            ]
            fields = [field["name"] for field in schema["fields"]]
            text = io.StringIO()
            writer = csv.DictWriter(text, fields, extrasaction="ignore", lineterminator="\r\n")
            writer.writeheader()
            writer.writerows(rows[table].values())
            archive.writestr(resource["path"], text.getvalue())
            resources.append(resource)
        info = catalogue.info_point
        archive.writestr(
            "datapackage.json",
            json.dumps(
                {
                    "name": "sozialatlas",
                    "title": f"{info.name}: {_('Sozialatlas')}",
                    "profile": "tabular-data-package",
                    "created": timezone.now().isoformat(timespec="seconds"),
                    "homepage": catalogue.url(reverse("partners:directory")),
                    "sources": [
                        {
                            "title": "Human Services Data Specification 3.0, Open Referral "
                            "(CC BY-SA 4.0)",
                            "path": "https://openreferral.org/",
                        }
                    ],
                    "resources": resources,
                },
                ensure_ascii=False,
                indent=2,
            ),
        )
    return buffer.getvalue()
