"""Who changed what and when, for every content model's admin (django-reversion).

History is the VersionAdmin every content admin uses. Everyone who may see an object sees its
history; restoring a previous version (or a deleted object) takes the right to change it,
and only ever touches versions of the admin's own model.
"""

from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from reversion.admin import VersionAdmin
from reversion.models import Version


class History(VersionAdmin):
    history_latest_first = True

    def can_restore(self, request, obj):
        return self.has_change_permission(request, obj)

    def restored(self, request, obj):
        """Hook: obj was set back to a previous version (refresh what depends on it)."""

    def own_version(self, version_id, **lookups):
        content_type = ContentType.objects.get_for_model(self.model)
        return get_object_or_404(Version, pk=version_id, content_type=content_type, **lookups)

    def changelist_view(self, request, extra_context=None):
        if request.method == "POST":  # actions and list_editable change content
            return super().changelist_view(request, extra_context)
        # Reading the list needs no revision (and no savepoint around it).
        context = {"has_change_permission": self.has_change_permission(request)}
        return super(VersionAdmin, self).changelist_view(
            request, {**context, **(extra_context or {})}
        )

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        obj = self.get_object(request, unquote(object_id))
        context = getattr(response, "context_data", None)
        if context is not None:
            context["can_restore"] = self.can_restore(request, obj)
            if not context["can_restore"]:
                context["action_list"] = [{**a, "url": None} for a in context["action_list"]]
        return response

    def revision_view(self, request, object_id, version_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.can_restore(request, obj):
            raise PermissionDenied
        self.own_version(version_id, object_id=unquote(object_id))
        response = super().revision_view(request, object_id, version_id, extra_context)
        if request.method == "POST" and response.status_code == 302:
            self.restored(request, self.get_object(request, unquote(object_id)))
        return response

    def recover_view(self, request, version_id, extra_context=None):
        version = self.own_version(version_id)
        if not self.can_restore(request, None):
            raise PermissionDenied
        response = super().recover_view(request, version_id, extra_context)
        if request.method == "POST" and response.status_code == 302:
            obj = self.get_object(request, version.object_id)
            if obj is not None:
                self.restored(request, obj)
        return response
