from django.conf import settings
from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "ClaimTracker desk"
admin.site.site_title = "ClaimTracker desk"
admin.site.index_title = "Fact-checking desk"
# The desk has few screens: the home page and the breadcrumbs reach them, and the width the
# navigation sidebar took is what a changelist of claims needs at 1280 px.
admin.site.enable_nav_sidebar = False
admin.site.empty_value_display = "—"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("claims.api.urls")),
    path("", include("claims.urls")),
]

if settings.BENCH_VIEWS:  # reference views for `manage.py bench` only
    from claims import bench

    urlpatterns += [
        path("bench/hello/", bench.hello),
        path("bench/floor/", bench.floor),
        path("bench/floor/<slug:slug>/", bench.floor_claim),
    ]
