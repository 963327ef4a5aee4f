import os

from django.core.management.base import BaseCommand

from sozialinfo import demo


class Command(BaseCommand):
    help = "Load the demo content (idempotent: what exists is kept, nothing is duplicated)."

    def handle(self, *args, **options):
        accounts = demo.load(demo_password=os.environ.get("DEMO_PASSWORD") or None)
        self.stdout.write(self.style.SUCCESS("Demo-Inhalte sind geladen."))
        if not accounts:
            self.stdout.write(
                "Die Demo-Konten redaktion, team und partner gibt es schon; ihre Passwörter "
                "bleiben unverändert. Neu setzen: DEMO_PASSWORD=… make run"
            )
            return
        self.stdout.write("\nDemo-Konten für /admin/ (nur dieses eine Mal angezeigt):")
        for username, role, password in accounts:
            self.stdout.write(f"  {username:<10} {role:<10} Passwort: {password}")
        self.stdout.write("")
