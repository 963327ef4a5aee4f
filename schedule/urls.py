from django.urls import path

from . import views

app_name = "schedule"
urlpatterns = [
    path("thementage/", views.theme_list, name="themes"),
    path("thementage/<slug:slug>/", views.theme_detail, name="theme"),
    path("oeffnungszeiten/", views.opening_hours, name="opening_hours"),
]
