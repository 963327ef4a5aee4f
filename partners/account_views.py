"""Setting a password from an invitation or a reset link: Django's views, in German, ending in
the admin."""

from axes.utils import reset as reset_lockouts
from django.contrib import admin, messages
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from .auth import PasswordResetForm


class AdminLook:
    """The admin's header and title on these pages, as on its login page."""

    def get_context_data(self, **kwargs):
        return super().get_context_data(**admin.site.each_context(self.request), **kwargs)


class PasswordResetView(AdminLook, auth_views.PasswordResetView):
    form_class = PasswordResetForm
    template_name = "registration/password_reset_form.html"
    subject_template_name = "registration/password_reset_subject.txt"
    email_template_name = "registration/password_reset_email.txt"
    success_url = reverse_lazy("password_reset_done")
    title = _("Passwort vergessen?")


class PasswordResetDoneView(AdminLook, auth_views.PasswordResetDoneView):
    template_name = "registration/password_reset_done.html"
    title = _("E-Mail ist unterwegs")


class SetPasswordView(AdminLook, auth_views.PasswordResetConfirmView):
    """The link's page: choose a password (Django's validators), then land signed in in the
    admin. An expired or used link says so and offers a new one."""

    template_name = "registration/set_password.html"
    post_reset_login = True
    post_reset_login_backend = "partners.auth.MembershipBackend"
    success_url = reverse_lazy("admin:index")
    title = _("Neues Passwort festlegen")
    invitation = False

    def get_context_data(self, **kwargs):
        return super().get_context_data(invitation=self.invitation, **kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)
        # Whoever holds the e-mail's link is the account's owner: lift a lockout by its name.
        reset_lockouts(username=form.user.get_username())
        messages.success(self.request, _("Ihr Passwort ist gespeichert. Sie sind angemeldet."))
        return response


class InvitationView(SetPasswordView):
    title = _("Willkommen bei der Sozial-Info")
    invitation = True
