from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from partners import freshness


class Command(BaseCommand):
    help = (
        "E-mail the partners of published entries nobody confirmed for ENTRY_STALE_MONTHS "
        "(default 12); for a daily cron job. An entry is asked about again only after "
        "ENTRY_REMINDER_DAYS (default 30)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="only show who would get which e-mail"
        )

    def handle(self, *args, dry_run=False, **options):
        verbosity = options["verbosity"]
        reminders = freshness.reminders(freshness.due())
        for reminder in reminders:
            if verbosity:
                names = ", ".join(org.name for org in reminder.organisations)
                verb = "Would e-mail" if dry_run else "E-mail"
                self.stdout.write(f"{verb} {', '.join(reminder.to)} ({reminder.kind}): {names}")
        if not reminders:
            if verbosity > (0 if dry_run else 1):  # cron mails only what it did
                self.stdout.write(
                    f"No entries unconfirmed for {settings.ENTRY_STALE_MONTHS} months to remind."
                )
            return
        if dry_run:
            return
        failed = freshness.send(reminders)
        for reminder, error in failed:
            self.stderr.write(f"Could not e-mail {', '.join(reminder.to)}: {error}")
        if failed:
            raise CommandError(f"{len(failed)} of {len(reminders)} e-mails could not be sent.")
