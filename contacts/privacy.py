"""Spotting personal data in a contact's note: the contact log stays anonymous by design."""

import re

from django.utils.translation import gettext_lazy as _

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
PHONE = re.compile(r"(?<![\w.])(\+|00)?\d[\d /()-]{4,}\d(?![\w.])")
DATE = re.compile(r"\b\d{1,2}\.\s?\d{1,2}\.\s?(19|20)?\d{2}\b|\b(19|20)\d{2}-\d{2}-\d{2}\b")
BORN = re.compile(r"\bgeb(\.|oren)", re.IGNORECASE)


def personal_data(text):
    """What in text looks like personal data ("eine E-Mail-Adresse"), each kind once."""
    text = text or ""
    found = []
    if EMAIL.search(text):
        found.append(_("eine E-Mail-Adresse"))
    # At least 6 digits: "8430" is a postcode, "2 Kinder" a number; "1961-04-03" is a date.
    numbers = [m.group() for m in PHONE.finditer(text) if not DATE.fullmatch(m.group())]
    if any(sum(c.isdigit() for c in number) >= 6 for number in numbers):
        found.append(_("eine Telefonnummer"))
    if DATE.search(text) or BORN.search(text):
        found.append(_("ein Geburtsdatum"))
    return found
