from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from schedule.occurrences import theme_day_at

from .models import Contact
from .privacy import personal_data


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
                    what=f" {_('und')} ".join(str(kind) for kind in found),
                ),
            )
        return data
