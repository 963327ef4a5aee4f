from django.core.management.base import BaseCommand

from partners import search
from partners.models import Organisation, SearchTerm, Spelling


class Command(BaseCommand):
    help = "Rebuild the directory's search index of every organisation (after an upgrade)."

    def handle(self, *args, **options):
        Spelling.objects.all().delete()  # forget words no entry uses any more
        search.index()
        self.stdout.write(
            f"{Organisation.objects.published().count()} Einträge mit "
            f"{SearchTerm.objects.count()} Suchbegriffen indiziert."
        )
