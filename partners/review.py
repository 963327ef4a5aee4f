"""Partners' changes to their entries wait for the Redaktion before the public sees them.

The admin saves a partner's form as usual, but in a savepoint it rolls back
(partners/review_admin.py); snapshot() keeps what the save wrote, submit() stores it as the
organisation's one PendingChange. diff() says field by field what a change would do; approve()
applies it to the published entry, reject() drops it. Both tell the partner by e-mail.

An entry (a snapshot) is the organisation and its services, locations, contact people and
brochures, each as Django's "python" serializer writes it, made JSON-safe. Objects a change
adds are marked "new": their ids came from a rolled-back save and are given fresh ones when
the change is applied (SQLite may hand a rolled-back id out again).
"""

import json

import reversion
from django.conf import settings
from django.core import serializers
from django.core.files.storage import default_storage
from django.core.mail import send_mass_mail
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from reversion.models import Version

from . import search
from .models import (
    Brochure,
    ChangeStatus,
    ContactPerson,
    Location,
    Organisation,
    PendingChange,
    Service,
)

# Locations come before services: services refer to them.
INLINES = (
    ("locations", Location),
    ("services", Service),
    ("contact_people", ContactPerson),
    ("brochures", Brochure),
)
MODELS = {"organisation": Organisation, **dict(INLINES)}
# Kept by the database itself or by the reminders, never part of a change.
TECHNICAL = {"uuid", "created", "modified", "organisation", "last_reminded"}


def needs_review(user, organisation):
    """Whether the user's changes to the organisation wait for the Redaktion."""
    return not user.has_perm("partners.add_organisation") and not organisation.is_trusted


def serialize(obj):
    data = serializers.serialize("python", [obj])[0]
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def snapshot(organisation):
    """The organisation's entry as the database has it now."""
    entry = {"organisation": serialize(Organisation.objects.get(pk=organisation.pk))}
    for name, model in INLINES:
        entry[name] = [serialize(obj) for obj in model.objects.filter(organisation=organisation)]
    return entry


def content_fields(model):
    """The names of the fields a change sets (and a diff shows)."""
    skip = TECHNICAL | (set(Organisation.editorial_fields) if model is Organisation else set())
    return [
        field.name
        for field in model._meta.get_fields()
        if field.concrete and not field.primary_key and field.name not in skip
    ]


def _restored(data):
    return next(serializers.deserialize("python", [data], ignorenonexistent=True))


def _existing(field, pks):
    return list(field.related_model.objects.filter(pk__in=pks).values_list("pk", flat=True))


def apply(organisation, entry, sandbox=False):
    """Make the organisation's entry what entry says; its editorial fields stay as they are.

    Objects entry marks as new get fresh ids, except in the sandbox, where they keep the ids
    the partner's form knows while no other object has them.
    """
    org = Organisation.objects.select_for_update().get(pk=organisation.pk)
    restored = _restored(entry["organisation"])
    for name in content_fields(Organisation):
        field = Organisation._meta.get_field(name)
        if field.many_to_many:
            getattr(org, name).set(_existing(field, restored.m2m_data.get(name, [])))
        else:
            setattr(org, field.attname, getattr(restored.object, field.attname))
    org.save()
    ids = {}
    for name, model in INLINES:
        live = set(model.objects.filter(organisation=org).values_list("pk", flat=True))
        ids[name], kept = {}, set()
        for data in entry[name]:
            restored = _restored(data)
            obj, old = restored.object, restored.object.pk
            if sandbox:
                keep = old in live or not model.objects.filter(pk=old).exists()
            else:
                keep = old in live and not data.get("new")
            if not keep:
                obj.pk, obj._state.adding = None, True
            obj.organisation = org
            obj.save()
            ids[name][old] = obj.pk
            kept.add(obj.pk)
            for field_name, pks in restored.m2m_data.items():
                field = model._meta.get_field(field_name)
                if field.related_model is Location:
                    pks = [ids["locations"][pk] for pk in pks if pk in ids["locations"]]
                getattr(obj, field_name).set(_existing(field, pks))
        model.objects.filter(organisation=org).exclude(pk__in=kept).delete()
    return org


def files(entry):
    """The names of the uploaded files an entry refers to."""
    names = {entry["organisation"]["fields"].get("logo")}
    names |= {brochure["fields"].get("file") for brochure in entry["brochures"]}
    return {name for name in names if name}


def drop_files(names):
    """Delete the files of names that no entry, pending change or history refers to."""
    if not names:
        return
    used = set(Organisation.objects.filter(logo__in=names).values_list("logo", flat=True)) | set(
        Brochure.objects.filter(file__in=names).values_list("file", flat=True)
    )
    for change in PendingChange.objects.pending():
        used |= files(change.data)
    for name in set(names) - used:
        if not Version.objects.filter(serialized_data__contains=json.dumps(name)).exists():
            default_storage.delete(name)


def submit(organisation, author, entry, live):
    """Keep entry as the organisation's change waiting for approval, replacing one that waits.

    live is the published entry the partner's save started from. Returns the waiting change,
    or None when entry is the published entry again.
    """
    for name, _model in INLINES:
        known = {obj["pk"] for obj in live[name]}
        for obj in entry[name]:
            obj["new"] = obj["pk"] not in known
    with transaction.atomic():
        change = organisation.pending_changes.pending().select_for_update().first()
        # Files this change brought before and no longer has.
        before = files(change.data) - files(change.base) if change else set()
        if not diff(live, entry):
            if change:
                change.delete()
            change = None
        elif change:
            change.data, change.author = entry, author
            change.save()
        else:
            change = PendingChange.objects.create(
                organisation=organisation, author=author, data=entry, base=live
            )
        drop_files(before - files(entry))
    return change


def changed_since(change):
    """What changed in the published entry since the partner started: the diff of the two."""
    return diff(change.base, snapshot(change.organisation))


class AlreadyDecided(Exception):
    """Someone else approved or rejected the change in the meantime."""


def _decide(change, reviewer, comment, status):
    if not PendingChange.objects.pending().select_for_update().filter(pk=change.pk).exists():
        raise AlreadyDecided
    change.status, change.reviewer, change.comment = status, reviewer, comment
    change.reviewed = timezone.now()
    change.save()


def approve(change, reviewer, comment="", base_url=""):
    """Publish the change: the entry becomes what it says, checked today, and searchable."""
    with transaction.atomic(), reversion.create_revision(atomic=False):
        _decide(change, reviewer, comment, ChangeStatus.APPROVED)
        org = apply(change.organisation, change.data)
        org.last_checked = timezone.localdate()
        org.save(update_fields=["last_checked"])
        reversion.set_user(reviewer)
        partner = change.author.get_username() if change.author else _("unbekannt")
        note = _("Änderung von %(partner)s freigegeben.") % {"partner": partner}
        reversion.set_comment(f"{note} {comment}".strip())
        reversion.add_to_revision(org)
        search.index([org.pk, *org.members.values_list("pk", flat=True)])
    notify(change, base_url)


def reject(change, reviewer, comment, base_url=""):
    """Drop the change and the files only it had; the published entry stays as it is."""
    with transaction.atomic():
        _decide(change, reviewer, comment, ChangeStatus.REJECTED)
        drop_files(files(change.data) - files(change.base))
    notify(change, base_url)


def recipients(change):
    """The change's author, while they still keep the entry, and the organisation's active
    members, by e-mail address."""
    author = change.author
    keeps = author and Organisation.objects.visible_to(author).filter(pk=change.organisation_id)
    users = [author] if keeps and keeps.exists() else []
    users += [
        membership.user
        for membership in change.organisation.memberships.filter(is_active=True).select_related(
            "user"
        )
    ]
    return list(dict.fromkeys(user.email for user in users if user.is_active and user.email))


def notify(change, base_url=""):
    """Tell the partner by e-mail whether the change was published, with the comment."""
    org = change.organisation
    approved = change.status == ChangeStatus.APPROVED
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "change": change,
            "organisation": org,
            "public_url": base_url.rstrip("/") + org.get_absolute_url(),
            "admin_url": base_url.rstrip("/")
            + reverse("admin:partners_organisation_change", args=[org.pk]),
        }
        if approved:
            subject = _("Ihre Änderung an „%(organisation)s“ ist veröffentlicht")
        else:
            subject = _("Ihre Änderung an „%(organisation)s“ wurde nicht übernommen")
        subject = subject % {"organisation": org.name}
        template = "partners/email/change_%s.txt" % ("approved" if approved else "rejected")
        body = render_to_string(template, context)
    messages = [
        (subject, body, settings.DEFAULT_FROM_EMAIL, [address]) for address in recipients(change)
    ]
    send_mass_mail(messages, fail_silently=False)


# The diff


class File(str):
    """A file's name in a diff; the review page links it."""


def shown(model, name, value):
    """A field's value as people read it: names instead of ids, "ja" instead of True."""
    field = model._meta.get_field(name)
    if value in (None, "", []):
        return ""
    if field.many_to_many:
        return ", ".join(str(obj) for obj in field.related_model.objects.filter(pk__in=value))
    if field.is_relation:
        obj = field.related_model.objects.filter(pk=value).first()
        return str(obj) if obj else str(value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return _("ja") if value else _("nein")
    if isinstance(field, models.FileField):
        return File(value)
    if isinstance(field, models.DateField | models.DecimalField):
        return formats.localize(field.to_python(value))
    return str(value)


EMPTY = (None, "", [])


def _comparable(model, data):
    fields = data["fields"]
    return {
        name: sorted(fields.get(name) or [], key=str)
        if model._meta.get_field(name).many_to_many
        else fields.get(name)
        for name in content_fields(model)
    }


def _rows(model, old, new):
    """(label, old, new) for each field that differs; old or new may be None (added, removed)."""
    old = _comparable(model, old) if old else {}
    new = _comparable(model, new) if new else {}
    rows = []
    for name in content_fields(model):
        before, after = old.get(name), new.get(name)
        if before == after or (before in EMPTY and after in EMPTY) or not (old or after):
            continue
        label = capfirst(model._meta.get_field(name).verbose_name)
        rows.append((label, shown(model, name, before), shown(model, name, after)))
    return rows


def title(model, data):
    fields = data["fields"]
    if fields.get("name") or fields.get("title"):
        return fields.get("name") or fields.get("title")
    return str(_restored(data).object)


def diff(old, new):
    """What turning entry old into entry new changes, as sections for people to read.

    Each section: {"title": the kind's plural name, "items": [{"kind": "added" | "changed" |
    "removed", "title": ..., "rows": [(label, old, new)]}]}; unchanged kinds are left out.
    """
    sections = []
    rows = _rows(Organisation, old["organisation"], new["organisation"])
    if rows:
        items = [{"kind": "changed", "title": new["organisation"]["fields"]["name"], "rows": rows}]
        sections.append({"title": capfirst(Organisation._meta.verbose_name), "items": items})
    for name, model in INLINES:
        before = {obj["pk"]: obj for obj in old[name]}
        kept = {obj["pk"] for obj in new[name] if not obj.get("new")}
        items = []
        for obj in new[name]:
            previous = None if obj.get("new") else before.get(obj["pk"])
            rows = _rows(model, previous, obj)
            if previous is None:
                items.append({"kind": "added", "title": title(model, obj), "rows": rows})
            elif rows:
                items.append({"kind": "changed", "title": title(model, obj), "rows": rows})
        items += [
            {"kind": "removed", "title": title(model, obj), "rows": []}
            for pk, obj in before.items()
            if pk not in kept
        ]
        if items:
            sections.append({"title": capfirst(model._meta.verbose_name_plural), "items": items})
    return sections
