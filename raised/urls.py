from __future__ import annotations

from django.urls import path

from raised import views

app_name = "raised"

urlpatterns = [
    path("forums/<slug:slug>/manage/raised/", views.forum_list, name="forum_list"),
    path("forums/<slug:slug>/manage/raised/new/", views.matter_new, name="new"),
    path("forums/<slug:slug>/manage/partners/", views.partners, name="partners"),
    path("forums/<slug:slug>/raised/", views.forum_public, name="forum_public"),
    path("raised/region/<slug:slug>/", views.region_public, name="region_public"),
    path("raised/yours/", views.yours, name="yours"),
    path("raised/<id:pk>/", views.matter_detail, name="detail"),
    path("raised/<id:pk>/update/", views.matter_update, name="update"),
    path("raised/<id:pk>/step/", views.matter_step, name="step"),
]
