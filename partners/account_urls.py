"""Password pages next to the admin's login (Django's names, so the login page links them)."""

from django.urls import path

from . import account_views

urlpatterns = [
    path(
        "passwort-vergessen/",
        account_views.PasswordResetView.as_view(),
        name="admin_password_reset",
    ),
    path(
        "passwort-vergessen/gesendet/",
        account_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "passwort/<uidb64>/<token>/",
        account_views.SetPasswordView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "einladung/<uidb64>/<token>/",
        account_views.InvitationView.as_view(),
        name="partner_invitation",
    ),
]
