from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from .accounts import find_account, reusable
from .models import Suggestion


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Suchbegriff"),
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("z. B. Pflege, Wohnen, Beratung")}
        ),
    )


HONEYPOT = "homepage"  # a field only robots fill in; the template hides it from people


class PublicForm(forms.ModelForm):
    """A form the public sends: limited sizes, errors tied to their fields for screen readers."""

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                bound = self[name]
                ids = [f"{bound.auto_id}_error"]
                if bound.help_text:
                    ids.append(f"{bound.auto_id}_helptext")
                self.fields[name].widget.attrs["aria-describedby"] = " ".join(ids)


def text(label, max_length, **kwargs):
    return forms.CharField(label=label, max_length=max_length, required=False, **kwargs)


def sender_email():
    return forms.EmailField(
        label=_("Ihre E-Mail-Adresse für Rückfragen"),
        required=False,
        max_length=254,
        help_text=_(
            "Freiwillig. Wir verwenden sie nur für Rückfragen und löschen sie, sobald wir "
            "Ihren Hinweis bearbeitet haben."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class SuggestionForm(PublicForm):
    name = forms.CharField(
        label=_("Name der Organisation"),
        max_length=200,
        error_messages={"required": _("Bitte geben Sie den Namen der Organisation an.")},
    )
    offer = forms.CharField(
        label=_("Was wird angeboten?"),
        max_length=2000,
        help_text=_("Zum Beispiel Beratung, Begleitung, Kurse; für wen und zu welchen Themen."),
        error_messages={"required": _("Bitte beschreiben Sie kurz, was angeboten wird.")},
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    street = text(_("Straße und Hausnummer"), 200)
    postal_code = text(
        _("Postleitzahl"),
        4,
        validators=[
            RegexValidator(r"^\d{4}$", _("Bitte eine vierstellige Postleitzahl, z. B. 8430."))
        ],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 6}),
    )
    municipality = text(_("Gemeinde oder Ort"), 120)
    website = forms.URLField(
        label=_("Website"),
        required=False,
        max_length=200,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"inputmode": "url"}),
    )
    phone = text(
        _("Telefon"),
        50,
        validators=[
            RegexValidator(
                r"^\+?[\d\s/()\-]{3,}$",
                _("Bitte nur Ziffern, Leerzeichen und + / - ( ), z. B. 03452 12345."),
            )
        ],
        widget=forms.TextInput(attrs={"type": "tel"}),
    )
    email = forms.EmailField(label=_("E-Mail der Organisation"), required=False, max_length=254)
    message = text(
        _("Möchten Sie uns noch etwas sagen?"),
        2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    sender_email = sender_email()

    class Meta:
        model = Suggestion
        fields = (
            "name",
            "offer",
            "street",
            "postal_code",
            "municipality",
            "website",
            "phone",
            "email",
            "message",
            "sender_email",
        )


class CorrectionForm(PublicForm):
    message = forms.CharField(
        label=_("Was stimmt nicht mehr?"),
        max_length=2000,
        help_text=_("Zum Beispiel eine neue Telefonnummer, andere Öffnungszeiten, ein Umzug."),
        error_messages={"required": _("Bitte schreiben Sie uns, was nicht mehr stimmt.")},
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    sender_email = sender_email()

    class Meta:
        model = Suggestion
        fields = ("message", "sender_email")


class InvitationForm(forms.Form):
    """The Redaktion invites a partner: who they are and which entries they keep."""

    email = forms.EmailField(label=_("E-Mail-Adresse"))
    first_name = forms.CharField(label=_("Vorname"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Nachname"), max_length=150, required=False)
    organisations = forms.ModelMultipleChoiceField(
        label=_("Organisationen"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Die Einträge, die diese Person pflegen darf."),
    )
    includes_members = forms.BooleanField(
        label=_("auch die Mitglieder des Netzwerks"),
        required=False,
        help_text=_(
            "Für die Koordination eines Netzwerks: Sie pflegt dann auch die Einträge der "
            "Mitgliedsorganisationen."
        ),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = organisations

    def clean_email(self):
        email = self.cleaned_data["email"]
        user = find_account(email)
        if user is not None and not reusable(user):
            raise forms.ValidationError(
                _(
                    "Diese Adresse gehört zu einem Konto der Redaktion, des Teams oder der "
                    "Administration. Partner*innen brauchen eine eigene Adresse."
                )
            )
        return email
