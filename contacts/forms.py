import datetime

from django import forms
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from partners.models import Organisation
from schedule.models import Theme
from schedule.occurrences import theme_day_at

from . import counts
from .models import Channel, Contact, Kind, Requester
from .privacy import personal_data


class Choices(forms.ModelMultipleChoiceField):
    """Ids too big for the database are an invalid choice, not a crash of the database."""

    def _check_values(self, value):
        for pk in value or ():
            if str(pk).isdigit() and int(pk) >= 2**63:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


# Contacts before this are surely a typo; the statistics start here, too.
EARLIEST = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


class ContactForm(forms.ModelForm):
    """A contact, on the theme day it happened during unless staff chose one. Its note is
    saved only when it holds no personal data, or staff confirm that what looks like it is
    none (a date of a meeting, an organisation's phone number)."""

    no_personal_data = forms.BooleanField(
        label=_("Die Notiz enthält keine persönlichen Daten."),
        required=False,
        help_text=_("Nur nötig, wenn die Notiz nach persönlichen Daten aussieht."),
    )

    class Meta:
        model = Contact
        fields = (
            "happened_at",
            "channel",
            "requester",
            "theme",
            "topics",
            "target_groups",
            "referred_to",
            "note",
        )
        field_classes = {"topics": Choices, "target_groups": Choices, "referred_to": Choices}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The day the statistics count this contact on, before the form changes it.
        self.counted_day = self.instance.pk and counts.local_day(self.instance.happened_at)

    def recount(self):
        """Count the contact's day, and the one it was moved from, again."""
        counts.recount({self.counted_day, counts.local_day(self.instance.happened_at)})

    def save(self, commit=True):
        if not commit:
            return super().save(commit=False)  # the admin saves, then calls recount()
        with transaction.atomic():
            contact = super().save()
            self.recount()
        return contact

    def clean_happened_at(self):
        moment = self.cleaned_data.get("happened_at")
        if moment and moment < EARLIEST:
            raise forms.ValidationError(_("Bitte geben Sie einen Zeitpunkt ab dem Jahr 2000 an."))
        # Entries sent again later carry the tablet's clock, which may be a little ahead.
        if moment and moment > timezone.now() + datetime.timedelta(minutes=10):
            raise forms.ValidationError(_("Der Zeitpunkt liegt in der Zukunft."))
        return moment

    def clean(self):
        data = super().clean()
        if not data.get("theme") and data.get("happened_at"):
            data["theme"] = theme_day_at(data["happened_at"])  # during a theme day: that one
        found = personal_data(data.get("note"))
        if found and not data.get("no_personal_data"):
            self.add_error(
                "note",
                format_lazy(
                    _(
                        "Die Notiz enthält vielleicht {what}. Kontakte werden ohne persönliche "
                        "Daten erfasst: Bitte entfernen Sie sie, oder bestätigen Sie unten, dass "
                        "es keine sind."
                    ),
                    what=f" {pgettext('list', 'und')} ".join(str(kind) for kind in found),
                ),
            )
        return data


class ChipsWidget(forms.CheckboxSelectMultiple):
    template_name = "contacts/widgets/chips.html"
    option_template_name = "contacts/widgets/chip.html"


class ButtonsWidget(forms.RadioSelect):
    template_name = "contacts/widgets/chips.html"
    option_template_name = "contacts/widgets/chip.html"


class QuickEntryForm(ContactForm):
    """The quick-entry page: big buttons for channel and who asked, topic chips, referrals by
    name. A time is sent only for an entry that waited in the browser or is logged late."""

    # A referral typed by name: how the page works without JavaScript (which adds ids instead).
    referral = forms.CharField(label=_("Weitervermittelt an"), required=False, max_length=200)
    entry_key = forms.UUIDField(required=False, widget=forms.HiddenInput)

    class Meta(ContactForm.Meta):
        widgets = {
            "channel": ButtonsWidget,
            "requester": ButtonsWidget,
            "topics": ChipsWidget,
            "target_groups": ChipsWidget,
            "referred_to": forms.MultipleHiddenInput,
            "happened_at": forms.DateTimeInput(
                attrs={"type": "datetime-local", "step": 60}, format="%Y-%m-%dT%H:%M"
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].queryset = Channel.objects.filter(is_active=True)
        self.fields["channel"].empty_label = None
        self.fields["requester"].choices = Requester.choices
        # Empty means "now, when saved", not the moment the page was loaded.
        happened_at = self.fields["happened_at"]
        happened_at.required, happened_at.initial, happened_at.show_hidden_initial = (
            False,
            None,
            False,
        )
        happened_at.label = _("Zeitpunkt, wenn nicht jetzt")
        # A theme day put on automatically stays automatic, so a corrected time finds its own.
        if self.instance.theme_id and self.instance.theme == theme_day_at(
            self.instance.happened_at
        ):
            self.initial["theme"] = None
        self.fields["theme"].empty_label = _("automatisch")
        self.fields["theme"].queryset = Theme.objects.filter(kind=Theme.Kind.THEME_DAY)
        self.fields["referred_to"].queryset = Organisation.objects.order_by("name")

    def _get_validation_exclusions(self):
        # The form's fields checked the channel (an active one) and who asked (a choice)
        # already; the model's checks would ask the database again on every save.
        return {*super()._get_validation_exclusions(), "channel", "requester"}

    def clean_happened_at(self):
        # Empty: now for a new contact; a correction keeps its time.
        if not self.cleaned_data.get("happened_at"):
            self.cleaned_data["happened_at"] = self.instance.happened_at or timezone.now()
        return super().clean_happened_at()

    def clean_referral(self):
        name = self.cleaned_data["referral"].strip()
        if not name:
            return None
        found = list(Organisation.objects.filter(name__iexact=name)[:2])
        if len(found) != 1:
            raise forms.ValidationError(
                _("Keine Organisation heißt genau „%(name)s“. Bitte wählen Sie aus der Liste.")
                if not found
                else _("Mehrere Organisationen heißen „%(name)s“. Bitte wählen Sie aus der Liste."),
                params={"name": name},
            )
        return found[0]

    def referred_organisations(self):
        """The organisations chosen so far, to show as chips."""
        chosen = [getattr(value, "pk", value) for value in self["referred_to"].value() or ()]
        ids = [pk for pk in chosen if str(pk).isdigit() and int(pk) < 2**63]
        return Organisation.objects.filter(pk__in=ids)

    def save_once(self, user):
        """Save a new contact, or, when an earlier send of the same entry got through, bring
        that one up to date: one entry key is one contact, and its last send counts."""
        contact = self.save(commit=False)
        contact.logged_by, contact.entry_key = user, self.cleaned_data.get("entry_key")
        try:
            with transaction.atomic():
                contact.save()
                related = {
                    kind: sorted({o.pk for o in self.cleaned_data.get(kind) or ()})
                    for kind in Kind.values
                }
                for kind, pks in related.items():
                    # New, so nothing is linked yet: one INSERT, without reading what is there.
                    field = Contact._meta.get_field(kind)
                    through, column = field.remote_field.through, field.m2m_reverse_name()
                    through.objects.bulk_create(
                        [through(contact_id=contact.pk, **{column: pk}) for pk in pks]
                    )
                counts.add(contact, related)
        except IntegrityError:  # sent before: the entry key is taken
            earlier = Contact.objects.filter(entry_key=contact.entry_key).first()
            if contact.entry_key is None or earlier is None:
                raise
            if earlier in Contact.objects.correctable_by(user):
                again = QuickEntryForm(self.data, instance=earlier)
                if again.is_valid():
                    again.save()
            return earlier, False
        return contact, True

    def clean(self):
        data = super().clean()
        if data.get("referral"):
            # Typed as well as chosen: once.
            data["referred_to"] = list(
                dict.fromkeys([*data.get("referred_to", []), data["referral"]])
            )
        return data
