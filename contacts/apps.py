from django.apps import AppConfig, apps
from django.db.models.signals import post_delete, pre_delete
from django.utils.translation import gettext_lazy as _


class ContactsConfig(AppConfig):
    name = "contacts"
    verbose_name = _("Kontaktdokumentation")

    def ready(self):
        from . import counts

        for label in counts.POINTED_TO:
            model = apps.get_model(label)
            pre_delete.connect(counts.before_delete, sender=model, dispatch_uid=f"count-{label}")
            post_delete.connect(counts.forget, sender=model, dispatch_uid=f"count-{label}")
