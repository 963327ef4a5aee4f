"""Checks for uploaded files: what a file really is (its first bytes), not what its name says."""

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

MB = 1024 * 1024
# The first bytes of each file type we accept, and the endings its name may have.
SIGNATURES = {
    "PDF": (b"%PDF-", (".pdf",)),
    "PNG": (b"\x89PNG\r\n\x1a\n", (".png",)),
    "JPEG": (b"\xff\xd8\xff", (".jpg", ".jpeg")),
    "WebP": (b"RIFF", (".webp",)),  # and "WEBP" at offset 8
}


def kind_of(upload):
    """The file type from the upload's first bytes, or None."""
    upload.seek(0)
    head = upload.read(12)
    upload.seek(0)
    for kind, (signature, _endings) in SIGNATURES.items():
        if head.startswith(signature) and (kind != "WebP" or head[8:12] == b"WEBP"):
            return kind
    return None


@deconstructible
class FileCheck:
    """Refuses files over max_bytes and files whose content is not one of kinds."""

    def __init__(self, kinds, max_bytes):
        self.kinds, self.max_bytes = tuple(kinds), max_bytes

    def __call__(self, upload):
        if upload.size > self.max_bytes:
            raise ValidationError(
                _("Die Datei ist %(size)s groß; erlaubt sind höchstens %(max)s."),
                code="too_large",
                params={
                    "size": filesizeformat(upload.size),
                    "max": filesizeformat(self.max_bytes),
                },
            )
        kind = kind_of(upload)
        if kind not in self.kinds:
            raise ValidationError(
                _("Diese Datei ist kein %(allowed)s. Bitte wählen Sie eine solche Datei."),
                code="wrong_type",
                params={"allowed": " / ".join(self.kinds)},
            )
        if not upload.name.lower().endswith(SIGNATURES[kind][1]):
            raise ValidationError(
                _("Der Dateiname passt nicht zum Inhalt (%(kind)s). Bitte benennen Sie sie um."),
                code="wrong_name",
                params={"kind": kind},
            )

    def __eq__(self, other):
        return isinstance(other, FileCheck) and (self.kinds, self.max_bytes) == (
            other.kinds,
            other.max_bytes,
        )


validate_image = FileCheck(("PNG", "JPEG", "WebP"), 1 * MB)
validate_brochure = FileCheck(("PDF", "PNG", "JPEG", "WebP"), 10 * MB)
