from django.urls import path

from . import views

app_name = "partners"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("karte.json", views.directory_map, name="map"),
    path("vorschlagen/", views.suggest, name="suggest"),
    path("vorschlagen/danke/", views.suggest_thanks, name="suggest_thanks"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/logo", views.logo, name="logo"),
    path("<slug:slug>/melden/", views.report, name="report"),
    path("<slug:slug>/melden/danke/", views.report_thanks, name="report_thanks"),
    path("<slug:slug>/kontakt.vcf", views.vcard, name="vcard"),
    path("<slug:slug>/broschueren/<int:pk>/", views.brochure, name="brochure"),
]
