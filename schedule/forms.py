import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

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
