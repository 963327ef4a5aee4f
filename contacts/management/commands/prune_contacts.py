from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from contacts import retention


class Command(BaseCommand):
    help = (
        "Merge contacts older than CONTACT_RETENTION_YEARS (default 3) into daily totals, or "
        "delete them; for a daily cron job. Whole local days: today's date that many years "
        "ago is the first day kept."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--years",
            type=int,
            help="keep this many years (default: the setting CONTACT_RETENTION_YEARS)",
        )
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument(
            "--aggregate",
            action="store_const",
            const="aggregate",
            dest="mode",
            help="merge older contacts into one row per day and kind (statistics stay the same)",
        )
        mode.add_argument(
            "--delete",
            action="store_const",
            const="delete",
            dest="mode",
            help="delete older contacts",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="only show what would be merged or deleted, per month",
        )

    def handle(self, *args, years=None, mode=None, dry_run=False, **options):
        years = settings.CONTACT_RETENTION_YEARS if years is None else years
        mode = mode or settings.CONTACT_RETENTION_MODE
        if years < 1:
            raise CommandError(f"--years must be 1 or more, not {years}.")
        first_kept = retention.first_kept_day(years)
        verbosity = options["verbosity"]
        rows = contacts = rows_after = 0
        run = {"aggregate": retention.aggregate, "delete": retention.delete}[mode]
        for month in run(first_kept, dry_run=dry_run):
            rows, contacts = rows + month.rows, contacts + month.contacts
            rows_after += month.rows_after
            if verbosity:
                self.stdout.write(f"{month.month:%Y-%m}: {self.done(month, mode, dry_run)}")
        if rows and verbosity:
            total = retention.Month(None, rows, contacts, rows_after)
            self.stdout.write(f"Before {first_kept:%Y-%m-%d}: {self.done(total, mode, dry_run)}.")
        elif not rows and verbosity > (0 if dry_run else 1):  # cron mails only what it did
            self.stdout.write(f"Before {first_kept:%Y-%m-%d}: nothing to do.")

    def done(self, month, mode, dry_run):
        text = f"{counted(month.rows, 'row')} ({counted(month.contacts, 'contact')}) "
        text += "would be " if dry_run else ""
        if mode == "aggregate":
            return text + f"merged into {counted(month.rows_after, 'row')}"
        return text + "deleted"


def counted(number, word):
    return f"{number} {word}" if number == 1 else f"{number} {word}s"
