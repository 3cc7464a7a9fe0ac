from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "ClaimTracker desk"
admin.site.site_title = "ClaimTracker desk"
admin.site.index_title = "Fact-checking desk"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("claims.urls")),
]
