"""A partner of organisation A reaches nothing of organisation B in the admin.

The cases come from the admin's registry: every registered model, every URL its ModelAdmin
serves, every relation the autocomplete endpoint answers for, every form and inline formset a
partner gets. A model registered later is covered automatically, and one nobody classified
below makes test_every_registered_model_is_classified fail.
"""

import datetime
import json
from html.parser import HTMLParser

import pytest
import reversion
from django.apps import apps
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.contrib.flatpages.models import FlatPage
from django.core.files.base import ContentFile
from django.db import models
from django.urls import reverse
from reversion.models import Version

from partners import review
from partners.admin import OrganisationAdmin
from partners.models import (
    Brochure,
    ContactPerson,
    Location,
    Membership,
    Municipality,
    Organisation,
    PendingChange,
    Service,
    Suggestion,
)
from schedule.models import Absence
from sozialinfo.roles import PARTNER
from tests import factories

pytestmark = pytest.mark.django_db

MARK = "GEHEIM-B"  # in every name of organisation B's rows: must never reach A's partner

# Models a partner reaches in the admin, each scoped to their organisations.
PARTNER_MODELS = {"partners.organisation", "schedule.absence"}
# Models a partner never reaches: every URL of their admin answers 403.
NEVER_FOR_PARTNERS = {
    "auth.user",
    "auth.group",
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
    "contacts.channel",
    "contacts.contact",
    "flatpages.flatpage",
    "partners.language",
    "partners.location",  # partners keep places in their organisation's page (an inline)
    "partners.membership",
    "partners.municipality",
    "partners.pendingchange",  # the Redaktion's review queue
    "partners.service",  # likewise
    "partners.suggestion",  # the public's suggestions, with their senders' addresses
    "partners.synonym",
    "partners.targetgroup",
    "partners.topic",
    "schedule.closure",
    "schedule.datechange",
    "schedule.heldholiday",
    "schedule.openinghours",
    "schedule.theme",
    "sites.site",
    "sozialinfo.infopoint",
}


def label(model):
    return model._meta.label_lower


def registered():
    return sorted(admin.site._registry.items(), key=lambda item: label(item[0]))


def owner_path(model):
    """How a model's rows belong to an organisation, or None."""
    if model is Organisation:
        return "pk"
    try:
        field = model._meta.get_field("organisation")
    except Exception:
        return None
    return "organisation" if field.related_model is Organisation else None


OWNED_MODELS = [model for model in apps.get_models() if owner_path(model)]


def owned_by(model, org):
    return model._default_manager.filter(**{owner_path(model): org.pk})


def rows_of(org):
    """Everything of an organisation's entry, to compare before and after an attack."""
    found = {}
    for model in OWNED_MODELS:
        for row in owned_by(model, org).order_by("pk"):
            values = {f.attname: getattr(row, f.attname) for f in model._meta.concrete_fields}
            for m2m in model._meta.many_to_many:
                values[m2m.name] = sorted(getattr(row, m2m.name).values_list("pk", flat=True))
            found[label(model), row.pk] = values
    return found


def links_into(own, foreign):
    """Relations from own's rows to rows owned by foreign (attached objects)."""
    found = []
    for model in OWNED_MODELS:
        for field in [*model._meta.concrete_fields, *model._meta.many_to_many]:
            target = field.related_model
            if not field.is_relation or target is None or not owner_path(target):
                continue
            if field.name == "parent" and model is Organisation:
                continue  # a network is another organisation on purpose (editorial field)
            foreign_pks = set(owned_by(target, foreign).values_list("pk", flat=True))
            for row in owned_by(model, own):
                if field.many_to_many:
                    pks = set(getattr(row, field.name).values_list("pk", flat=True))
                else:
                    pks = {getattr(row, field.attname)}
                if pks & foreign_pks:
                    found.append((label(model), row.pk, field.name))
    return found


# --- the world: organisation A with its partner, organisation B with everything -------------


def entry(org, prefix, media):
    place = Location.objects.create(
        organisation=org,
        name=f"{prefix} Standort",
        street=f"{prefix}gasse 1",
        postal_code="8430",
        municipality=Municipality.objects.get_or_create(name="Leibnitz", slug="leibnitz")[0],
    )
    service = Service.objects.create(organisation=org, name=f"{prefix} Beratung")
    service.locations.add(place)
    ContactPerson.objects.create(organisation=org, name=f"{prefix} Person")
    Brochure.objects.create(
        organisation=org, title=f"{prefix} Folder", file=ContentFile(b"%PDF-1.4\n", "f.pdf")
    )
    theme = factories.theme(1 if prefix == "A" else 2, f"{prefix} Thementag", organisations=[org])
    return theme


@pytest.fixture
def world(db, settings, tmp_path, time_machine):
    time_machine.move_to("2026-11-24 10:00 +01:00", tick=False)
    settings.MEDIA_ROOT = tmp_path
    a = factories.organisation("Verein A")
    b = factories.organisation(f"{MARK} Organisation", email="geheim@b.at")
    factories.organisation(f"{MARK} Mitglied", parent=b)
    entry(a, "A", tmp_path)
    b_theme = entry(b, MARK, tmp_path)
    factories.user(f"{MARK.lower()}-partner", PARTNER, organisations=[b])
    Absence.objects.create(
        theme=b_theme, day=datetime.date(2026, 12, 10), organisation=b, note=f"{MARK} Notiz"
    )
    FlatPage.objects.create(url="/ueber-uns/", title="Über uns")
    PendingChange.objects.create(organisation=b, data=review.snapshot(b), base=review.snapshot(b))
    Suggestion.objects.create(
        kind=Suggestion.Kind.CORRECTION, organisation=b, message=f"{MARK} Hinweis"
    )
    Suggestion.objects.create(kind=Suggestion.Kind.NEW, name=f"{MARK} Neu", offer="Beratung")
    partner = factories.user("partner-a", PARTNER, organisations=[a])
    return a, b, partner


@pytest.fixture
def partner(client, world):
    client.force_login(world[2])
    return client


def object_of(model, b):
    """B's row of a partner model, else any row (the Redaktion's), else a made-up key."""
    if label(model) in PARTNER_MODELS:
        return owned_by(model, b).first()
    return model._default_manager.order_by("pk").first()


def version_of(obj):
    """A version of obj in the history (django-reversion), made for the test if need be."""
    if obj is None or not reversion.is_registered(type(obj)):
        return None
    with reversion.create_revision():
        reversion.add_to_revision(obj)
    return Version.objects.get_for_object(obj).first()


def urls_of(model_admin, obj):
    """Every named URL the ModelAdmin serves, with obj's key where one is needed."""
    for pattern in model_admin.get_urls():
        if not pattern.name:
            continue  # the bare "<object_id>/" only redirects to the change page
        params = set(pattern.pattern.converters)
        key = obj.pk if obj else 987654
        if params - {"object_id", "id"}:
            raise AssertionError(f"{pattern.name}: teach this test the URL's {params}")
        # django-reversion's URLs take their keys by position.
        positional = getattr(pattern.pattern, "regex", None) and pattern.pattern.regex.groups
        if positional and not params:
            version = version_of(obj)
            version = version.pk if version else 987654
            args = {"_recover": [version], "_revision": [key, version]}
            found = [a for end, a in args.items() if pattern.name.endswith(end)]
            if not found:
                raise AssertionError(f"{pattern.name}: teach this test the URL's arguments")
            yield pattern.name, reverse(f"admin:{pattern.name}", args=found[0]), True
            continue
        kwargs = dict.fromkeys(params, key)
        yield pattern.name, reverse(f"admin:{pattern.name}", kwargs=kwargs), bool(params)


def refused(response):
    """403 or 404, or Django's "does not exist" redirect to the admin's start page."""
    if response.status_code in (403, 404):
        return True
    return response.status_code == 302 and response["Location"] == reverse("admin:index")


# --- the classification ----------------------------------------------------------------------


def test_every_registered_model_is_classified():
    unknown = {label(model) for model in admin.site._registry} - PARTNER_MODELS
    unknown -= NEVER_FOR_PARTNERS
    assert not unknown, (
        f"Registered in the admin but not classified for partners: {sorted(unknown)}. Add each "
        "to PARTNER_MODELS (scoped to their organisations, with an organisation path) or "
        "NEVER_FOR_PARTNERS in tests/sozialinfo/test_admin_security.py."
    )
    for name in PARTNER_MODELS:
        assert owner_path(apps.get_model(name)), f"{name} is partner-visible but has no path "
        "to an organisation: how would the admin scope it?"


# --- models a partner never reaches ----------------------------------------------------------


@pytest.mark.parametrize(
    "model_admin",
    [ma for model, ma in registered() if label(model) in NEVER_FOR_PARTNERS],
    ids=lambda ma: label(ma.model),
)
def test_a_partner_gets_403_everywhere_in_a_model_not_theirs(partner, world, model_admin):
    obj = object_of(model_admin.model, world[1])
    for name, url, has_object in urls_of(model_admin, obj):
        for method in (partner.get, partner.post):
            response = method(url)
            if has_object and obj is None and name.endswith("_history"):
                # Without any row Django answers "does not exist" before asking permissions.
                assert refused(response), (name, response.status_code)
            elif name.endswith("_recover"):
                # django-reversion recovers deleted rows only: a live row's version is not found.
                assert refused(response), (name, response.status_code)
            elif method.__name__ == "get" and response.status_code == 405:
                continue  # a view that only takes POST
            else:
                assert response.status_code == 403, (name, method.__name__, response)
    index = partner.get(reverse("admin:index")).content.decode()
    changelist = reverse(
        f"admin:{model_admin.opts.app_label}_{model_admin.opts.model_name}_changelist"
    )
    assert changelist not in index


# --- models a partner reaches: scoped to A ---------------------------------------------------


@pytest.mark.parametrize(
    "model_admin",
    [ma for model, ma in registered() if label(model) in PARTNER_MODELS],
    ids=lambda ma: label(ma.model),
)
def test_a_partner_reaches_nothing_of_another_organisation(partner, world, model_admin):
    a, b = world[:2]
    before = rows_of(b)
    obj = object_of(model_admin.model, b)
    assert obj is not None, f"the test world has no {label(model_admin.model)} of B: add one"
    for name, url, has_object in urls_of(model_admin, obj):
        get = partner.get(url)
        post = partner.post(url, {"post": "yes", "name": f"{MARK} übernommen"})
        if has_object:
            # A view that only takes POST says so (405) whoever asks; the POST is refused.
            assert refused(get) or get.status_code == 405, (name, get.status_code)
            assert refused(post), (name, post.status_code)
        else:
            for response in (get, post):
                assert response.status_code in (200, 302, 403, 405), (name, response.status_code)
                assert MARK not in response.content.decode(errors="replace"), name
    assert rows_of(b) == before
    assert not links_into(a, b)


@pytest.mark.parametrize(
    "model_admin",
    [ma for model, ma in registered() if label(model) in PARTNER_MODELS],
    ids=lambda ma: label(ma.model),
)
def test_a_partner_lists_searches_and_exports_only_their_own(partner, world, model_admin):
    opts = model_admin.opts
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    # The search box repeats the query: search for parts of B's names, not for MARK.
    for query in ({}, {"q": "Organisation"}, {"q": "geheim"}, {"_popup": "1", "_to_field": "id"}):
        response = partner.get(changelist, query)
        assert response.status_code == 200
        assert MARK not in response.content.decode()
        shown = response.context["cl"].result_list
        assert all(row in owned_by(opts.model, world[0]) for row in shown)
    export = f"admin:{opts.app_label}_{opts.model_name}_export"
    if export in {f"admin:{p.name}" for p in model_admin.get_urls()}:
        page = partner.get(reverse(export))
        data = {**FormReader.read(page.content.decode()), "format": "0"}
        response = partner.post(reverse(export), data)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        content = response.content.decode("utf-8-sig")
        assert MARK not in content and "Verein A" in content


# --- autocomplete, for every relation to a model the admin serves ----------------------------


def relations():
    for model in apps.get_models():
        for field in [*model._meta.fields, *model._meta.many_to_many]:
            if field.is_relation and field.related_model in admin.site._registry:
                yield model, field


@pytest.mark.parametrize(
    ("model", "field"),
    [pytest.param(model, field, id=f"{label(model)}.{field.name}") for model, field in relations()],
)
def test_autocomplete_answers_a_partner_only_with_their_own(partner, world, model, field):
    response = partner.get(
        "/admin/autocomplete/",
        {
            "app_label": model._meta.app_label,
            "model_name": model._meta.model_name,
            "field_name": field.name,
            "term": "",
        },
    )
    if label(field.related_model) in NEVER_FOR_PARTNERS:
        assert response.status_code in (403, 404)
        return
    if response.status_code in (403, 404):
        return  # e.g. a model admin without search fields
    assert response.status_code == 200
    ids = {int(item["id"]) for item in json.loads(response.content)["results"]}
    assert ids <= set(owned_by(field.related_model, world[0]).values_list("pk", flat=True))
    assert MARK not in response.content.decode()


# --- forms and inline formsets: no way to attach A's rows to B -------------------------------


class FormReader(HTMLParser):
    """What a browser would send for the page's main form: fields with their current values."""

    def __init__(self):
        super().__init__()
        self.data, self.select, self.textarea, self.in_form = {}, None, None, False

    @classmethod
    def read(cls, html):
        reader = cls()
        reader.feed(html)
        return reader.data

    def add(self, name, value):
        self.data.setdefault(name, [])
        self.data[name].append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("method", "").lower() == "post":
            self.in_form = True
        if not self.in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "file", "button"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.add(name, attrs.get("value", "on" if attrs.get("type") == "checkbox" else ""))
        elif tag == "select" and name:
            self.select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self.select and "selected" in attrs:
            self.add(self.select, attrs.get("value", ""))
        elif tag == "textarea" and name:
            self.textarea = name
            self.data[name] = [""]

    def handle_data(self, data):
        if self.textarea:
            self.data[self.textarea][0] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea":
            if self.textarea:
                self.data[self.textarea][0] = self.data[self.textarea][0].removeprefix("\n")
            self.textarea = None
        elif tag == "form":
            self.in_form = False


def partner_forms(partner, world):
    """(url, form, formsets) of every add and change form a partner gets of their own rows."""
    for model, model_admin in registered():
        if label(model) not in PARTNER_MODELS:
            continue
        opts = model_admin.opts
        own = owned_by(model, world[0]).first()
        urls = [reverse(f"admin:{opts.app_label}_{opts.model_name}_add")]
        if own is not None:
            urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[own.pk]))
        for url in urls:
            response = partner.get(url)
            if response.status_code != 200:
                assert response.status_code == 403, url
                continue
            adminform = response.context["adminform"]
            formsets = [inline.formset for inline in response.context["inline_admin_formsets"]]
            yield url, response, adminform.form, formsets


def test_no_choice_in_a_partners_form_belongs_to_another_organisation(partner, world):
    b = world[1]
    checked = 0
    for url, _response, form, formsets in partner_forms(partner, world):
        forms = [form] + [f for fs in formsets for f in [*fs.forms, fs.empty_form]]
        for each in forms:
            for name, field in each.fields.items():
                if name in ("parent", each._meta.model._meta.pk.name):
                    # parent is editorial, read-only for partners (see the next tests); a
                    # formset finds its rows by id in its own queryset (see the inline test).
                    continue
                for value, text in getattr(field, "choices", ()):
                    assert MARK not in str(text), (url, name, value)
                queryset = getattr(field, "queryset", None)
                if queryset is None or not owner_path(queryset.model):
                    continue
                checked += 1
                foreign = owned_by(queryset.model, b).values("pk")
                assert not queryset.filter(pk__in=foreign).exists(), (url, each.prefix, name)
    assert checked, "no relation field found in partners' forms: is the test still looking?"


def inline_attacks(base, formset, b):
    """POST data, each a copy of the page's own form with one attack on the formset."""
    prefix, model = formset.prefix, formset.model
    total = int(base[f"{prefix}-TOTAL_FORMS"][0])
    first = {k: v for k, v in base.items() if k.startswith(f"{prefix}-0-")}
    theirs = {
        field.name: [
            str(pk) for pk in owned_by(field.related_model, b).values_list("pk", flat=True)
        ]
        for field in [*model._meta.fields, *model._meta.many_to_many]
        if field.is_relation and field.related_model and owner_path(field.related_model)
    }
    theirs = {name: pks for name, pks in theirs.items() if pks and name != formset.fk.name}

    def copy():
        return {key: list(value) for key, value in base.items()}

    if total:
        for foreign_pk in owned_by(model, b).values_list("pk", flat=True):
            data = copy()  # A's first row, switched to B's row by its id
            data[f"{prefix}-0-id"] = [str(foreign_pk)]
            yield "id of B's row", data
        for name, pks in theirs.items():
            data = copy()  # A's first row, pointing to B's rows
            data[f"{prefix}-0-{name}"] = pks
            yield f"A's row with B's {name}", data
        new = f"{prefix}-{total}"
        data = copy()  # a new row like A's first, but for B
        data[f"{prefix}-TOTAL_FORMS"] = [str(total + 1)]
        for key, value in first.items():
            if not key.endswith("-id"):
                data[new + key.removeprefix(f"{prefix}-0")] = list(value)
        data[f"{new}-{formset.fk.name}"] = [str(b.pk)]
        yield "new row for B", data
        for name, pks in theirs.items():
            attack = {key: list(value) for key, value in data.items()}
            attack[f"{new}-{formset.fk.name}"] = base[f"{prefix}-0-{formset.fk.name}"]
            attack[f"{new}-{name}"] = pks
            yield f"new row with B's {name}", attack


def test_an_inline_post_cannot_take_over_or_attach_to_another_organisation(partner, world):
    a, b = world[:2]
    before = rows_of(b)
    attacks = []
    for url, response, _form, formsets in partner_forms(partner, world):
        if not formsets:
            continue
        base = FormReader.read(response.content.decode())
        assert partner.post(url, base).status_code == 302, f"{url}: the unchanged form fails"
        for formset in formsets:
            for attack, data in inline_attacks(base, formset, b):
                partner.post(url, data)
                attacks.append(f"{formset.prefix}: {attack}")
                assert rows_of(b) == before, attacks[-1]
                assert not links_into(a, b), attacks[-1]
    assert any("new row for B" in attack for attack in attacks), attacks
    assert any("B's locations" in attack for attack in attacks), attacks


@pytest.mark.parametrize("field", OrganisationAdmin.editorial_fields)
def test_a_partner_cannot_change_an_editorial_field(partner, world, field):
    a, b = world[:2]
    url = reverse("admin:partners_organisation_change", args=[a.pk])
    data = FormReader.read(partner.get(url).content.decode())
    model_field = Organisation._meta.get_field(field)
    before = getattr(a, model_field.attname)
    if isinstance(model_field, models.BooleanField):
        data[field] = [] if before else ["on"]
    elif isinstance(model_field, models.ForeignKey):
        data[field] = [str(b.pk)]
    elif isinstance(model_field, models.DateField):
        data[field] = ["01.01.2030"]
    else:
        data[field] = ["uebernommen"]
    response = partner.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    a.refresh_from_db()
    assert getattr(a, model_field.attname) == before


def test_a_partner_never_sees_the_membership_inline(partner, world):
    url = reverse("admin:partners_organisation_change", args=[world[0].pk])
    response = partner.get(url)
    assert all(
        inline.formset.model is not Membership
        for inline in response.context["inline_admin_formsets"]
    )


@pytest.mark.parametrize(
    "model",
    [model for model, _ in registered() if hasattr(model, "get_absolute_url")],
    ids=label,
)
def test_view_on_site_tells_a_partner_nothing_about_others(partner, world, model):
    """The admin's /admin/r/ redirect would reveal where a row lives (an unpublished slug)."""
    content_type = ContentType.objects.get_for_model(model)
    foreign = object_of(model, world[1]) or model._default_manager.first()
    assert foreign is not None, f"the test world has no {label(model)}: add one"
    response = partner.get(f"/admin/r/{content_type.pk}/{foreign.pk}/")
    assert response.status_code == 404
    assert partner.get(f"/admin/r/{content_type.pk}/kein-schluessel/").status_code == 404
    if label(model) in PARTNER_MODELS:
        own = owned_by(model, world[0]).first()
        response = partner.get(f"/admin/r/{content_type.pk}/{own.pk}/")
        assert response.status_code == 302
        assert response["Location"].endswith(own.get_absolute_url())
