from django import forms
from django.utils.translation import gettext_lazy as _

from .accounts import find_account, reusable


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Suchbegriff"),
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("z. B. Pflege, Wohnen, Beratung")}
        ),
    )


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
