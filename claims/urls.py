from django.urls import path

from claims import views

app_name = "claims"

urlpatterns = [
    path("", views.home, name="home"),
    path("claims/", views.claim_list, name="claim_list"),
    path("claims/<slug:slug>/", views.claim_detail, name="claim_detail"),
    path("articles/", views.article_list, name="article_list"),
    path("articles/<slug:slug>/", views.article_detail, name="article_detail"),
    path("claimants/", views.claimant_list, name="claimant_list"),
    path("claimants/<slug:slug>/", views.claimant_detail, name="claimant_detail"),
    path("corrections/", views.correction_list, name="correction_list"),
    path("methodology/", views.methodology, name="methodology"),
    path("about/", views.about, name="about"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("health/", views.health, name="health"),
]
