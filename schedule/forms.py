import datetime

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .models import Absence

FIRST_MONTH = datetime.date(2000, 1, 1)
LAST_MONTH = datetime.date(2099, 12, 1)


class ProgrammeForm(forms.Form):
    """Which themes and which month the visitor wants to see on /thementage/."""

    thema = forms.MultipleChoiceField(
        label=_("Nur diese Themen"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _(
                "Das Thema „%(value)s“ gibt es nicht (mehr). Wir zeigen Ihnen alle Themen."
            )
        },
    )
    monat = forms.DateField(
        label=_("Monat"),
        required=False,
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        error_messages={
            "invalid": _("Bitte geben Sie einen Monat in der Form 2026-12 an (Jahr-Monat).")
        },
    )

    def clean_monat(self):
        month = self.cleaned_data["monat"]
        if month and not FIRST_MONTH <= month <= LAST_MONTH:
            raise forms.ValidationError(
                _("Bitte wählen Sie einen Monat zwischen %(first)s und %(last)s.")
                % {"first": FIRST_MONTH.year, "last": LAST_MONTH.year}
            )
        return month

    def __init__(self, data, themes):
        super().__init__(data)
        self.fields["thema"].choices = [(theme.slug, theme.name) for theme in themes]


def duty_label(duty):
    occ = duty.occurrence
    when = date_format(occ.day, "l, j. F Y")
    return f"{when}, {occ.starts:%H:%M}–{occ.ends:%H:%M}: {occ.theme} ({duty.organisation})"


class AbsenceForm(forms.ModelForm):
    """Report one of one's own upcoming dates: only those are offered, so no other
    organisation's date can be chosen, whatever a request sends."""

    duty = forms.ChoiceField(label=_("Termin"))
    duties = ()  # set per request by the admin

    class Meta:
        model = Absence
        fields = ("note",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.open_duties = {d.key: d for d in self.duties if d.absence is None}
        self.fields["duty"].choices = [("", "---------")] + [
            (key, duty_label(duty)) for key, duty in self.open_duties.items()
        ]
        if not self.open_duties:
            self.fields["duty"].help_text = _(
                "In den nächsten sechs Monaten gibt es keinen Termin, den Sie absagen können."
            )

    def clean(self):
        data = super().clean()
        duty = self.open_duties.get(data.get("duty"))
        if duty is not None:
            self.instance.theme = duty.occurrence.theme
            self.instance.day = duty.occurrence.day
            self.instance.organisation = duty.organisation
        return data
