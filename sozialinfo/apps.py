from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SozialinfoConfig(AppConfig):
    name = "sozialinfo"
    verbose_name = _("Sozial-Info")

    def ready(self):
        from .roles import sync_roles

        # After every migrate and every test-database flush, so new models get their permissions.
        post_migrate.connect(lambda **kwargs: sync_roles(), sender=self, weak=False)
