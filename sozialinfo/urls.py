from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.flatpages import views as flatpages
from django.urls import include, path, re_path

from schedule.urls import feed_urlpatterns

from . import views
from .admin import view_on_site

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("admin/", include("partners.account_urls")),
    path(
        "admin/r/<int:content_type_id>/<path:object_id>/",
        admin.site.admin_view(view_on_site),
        name="view_on_site",
    ),
    path("admin/", admin.site.urls),
    path("api/hsds/", include("partners.api_urls")),
    *feed_urlpatterns,
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("sozialatlas/", include("partners.urls")),
    path("", include("schedule.urls")),
    path("kontakte/", include("contacts.urls")),
    path("ueber-uns/", flatpages.flatpage, {"url": "/ueber-uns/"}, name="about"),
    path("impressum/", flatpages.flatpage, {"url": "/impressum/"}, name="imprint"),
    path("datenschutz/", flatpages.flatpage, {"url": "/datenschutz/"}, name="privacy"),
    path(
        "barrierefreiheit/",
        flatpages.flatpage,
        {"url": "/barrierefreiheit/"},
        name="accessibility",
    ),
    # Further pages the Redaktion adds in the admin.
    re_path(r"^(?P<url>[-\w/]+/)$", flatpages.flatpage, name="flatpage"),
    prefix_default_language=False,
)

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
