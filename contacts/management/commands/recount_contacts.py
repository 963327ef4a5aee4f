from django.core.management.base import BaseCommand

from contacts import counts
from contacts.models import DayCount


class Command(BaseCommand):
    help = (
        "Count the whole contact log again for the statistics (its daily counts). Needed only "
        "after contacts were changed outside the site, for example with SQL."
    )

    def handle(self, *args, **options):
        counts.recount_all()
        self.stdout.write(f"{DayCount.objects.count()} daily counts.")
