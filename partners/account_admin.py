"""The Redaktion's view of partner accounts: who may keep which entry, invitations."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import accounts
from .forms import InvitationForm
from .models import Membership, Organisation


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    """Partner accounts by organisation. Unticking "aktiv" ends the access at once."""

    list_display = ("user_name", "email", "organisation", "is_active", "includes_members", "state")
    list_editable = ("is_active",)
    list_filter = ("is_active", "includes_members")
    search_fields = ("user__username", "user__email", "user__last_name", "organisation__name")
    list_select_related = ("user", "organisation")
    fields = ("user", "organisation", "is_active", "includes_members")
    readonly_fields = ("user", "organisation")
    actions = ("send_again", "deactivate")

    def has_add_permission(self, request):
        return False  # the invitation adds memberships (see invite_view)

    def get_urls(self):
        view = self.admin_site.admin_view(self.invite_view)
        return [path("einladen/", view, name="partners_membership_invite"), *super().get_urls()]

    def invite_view(self, request):
        if not request.user.has_perm("partners.add_membership"):
            raise PermissionDenied
        form = InvitationForm(
            request.POST or None,
            initial={"organisations": request.GET.getlist("organisations")},
            organisations=Organisation.objects.visible_to(request.user),
        )
        if request.method == "POST" and form.is_valid():
            user = accounts.invite(**form.cleaned_data)
            accounts.send_invitation(request, user, invited_by=request.user)
            messages.success(
                request,
                _("Die Einladung an %(email)s ist verschickt.") % {"email": user.email},
            )
            return redirect("admin:partners_membership_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Partner*in einladen"),
            "form": form,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/partners/membership/invite.html", context)

    @admin.display(description=_("Name"), ordering="user__last_name")
    def user_name(self, obj):
        return obj.user.get_full_name() or obj.user.get_username()

    @admin.display(description=_("E-Mail"), ordering="user__email")
    def email(self, obj):
        return obj.user.email

    @admin.display(description=_("Stand"))
    def state(self, obj):
        if not obj.user.has_usable_password():
            return _("eingeladen, noch kein Passwort")
        if obj.user.last_login is None:
            return _("Passwort gesetzt, noch nie angemeldet")
        return _("zuletzt angemeldet am %(day)s") % {"day": f"{obj.user.last_login:%d.%m.%Y}"}

    @admin.action(description=_("Einladung erneut senden"), permissions=("change",))
    def send_again(self, request, queryset):
        users = {m.user for m in queryset.filter(is_active=True).select_related("user")}
        for user in users:
            accounts.send_invitation(request, user, invited_by=request.user)
        messages.success(
            request,
            ngettext(
                "%(count)d Einladung verschickt.", "%(count)d Einladungen verschickt.", len(users)
            )
            % {"count": len(users)},
        )

    @admin.action(description=_("Zugang beenden"), permissions=("change",))
    def deactivate(self, request, queryset):
        count = queryset.update(is_active=False)
        messages.success(
            request,
            ngettext("%(count)d Zugang beendet.", "%(count)d Zugänge beendet.", count)
            % {"count": count},
        )

    def changelist_view(self, request, extra_context=None):
        invite_url = reverse("admin:partners_membership_invite")
        return super().changelist_view(request, {**(extra_context or {}), "invite_url": invite_url})
