from django.urls import path

from . import views

app_name = "contacts"
urlpatterns = [
    path("erfassen/", views.entry, name="entry"),
    path("erfassen/<int:pk>/", views.correct, name="correct"),
    path("erfassen/<int:pk>/entfernen/", views.remove, name="remove"),
    path("statistik/", views.statistics, name="statistics"),
]
