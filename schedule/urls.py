from django.urls import path

from . import views

app_name = "schedule"
urlpatterns = [
    path("thementage/", views.theme_list, name="themes"),
    path("thementage/<slug:slug>/", views.theme_detail, name="theme"),
    path("oeffnungszeiten/", views.opening_hours, name="opening_hours"),
]

# Calendar feeds have no language prefix: calendar apps subscribe to one address.
feed_urlpatterns = [
    path("thementage.ics", views.feed, name="feed"),
    path("thementage/<slug:slug>.ics", views.feed, name="theme_feed"),
]
