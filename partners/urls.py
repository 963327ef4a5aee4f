from django.urls import path

from . import views

app_name = "partners"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("karte.json", views.directory_map, name="map"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/logo", views.logo, name="logo"),
    path("<slug:slug>/kontakt.vcf", views.vcard, name="vcard"),
    path("<slug:slug>/broschueren/<int:pk>/", views.brochure, name="brochure"),
]
