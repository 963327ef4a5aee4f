from django.urls import path, re_path

from . import views

app_name = "contacts"
urlpatterns = [
    path("erfassen/", views.entry, name="entry"),
    path("erfassen/<int:pk>/", views.correct, name="correct"),
    path("erfassen/<int:pk>/entfernen/", views.remove, name="remove"),
    path("statistik/", views.statistics, name="statistics"),
    re_path(
        r"^statistik/bericht\.(?P<kind>csv|xlsx)$",
        views.statistics_export,
        name="statistics_export",
    ),
    re_path(
        r"^statistik/rohdaten\.(?P<kind>csv|xlsx)$",
        views.statistics_raw,
        name="statistics_raw",
    ),
]
