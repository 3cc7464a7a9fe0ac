"""The public pages under /desk/, for tests of URLconfs other than the site's own."""

from django.urls import include, path

urlpatterns = [path("desk/", include("claims.urls"))]
