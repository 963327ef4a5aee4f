from django.urls import path, re_path

from . import api

app_name = "hsds"
urlpatterns = [
    path("", api.root, name="root"),
    re_path(r"^services/?$", api.services, name="services"),
    path("services/<str:pk>", api.service, name="service"),
    re_path(r"^organizations/?$", api.organisations, name="organizations"),
    path("organizations/<str:pk>", api.organisation, name="organization"),
    re_path(r"^taxonomies/?$", api.taxonomies, name="taxonomies"),
    path("taxonomies/<str:pk>", api.taxonomy, name="taxonomy"),
    re_path(r"^taxonomy_terms/?$", api.taxonomy_terms, name="taxonomy_terms"),
    path("taxonomy_terms/<str:pk>", api.taxonomy_term, name="taxonomy_term"),
    path("datapackage.zip", api.datapackage, name="datapackage"),
    re_path(r"", api.not_found),  # JSON, not the site's HTML page
]
