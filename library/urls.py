from __future__ import annotations

from django.urls import path

from library import views

app_name = "library"

urlpatterns = [
    path("library/", views.resource_list, name="resources"),
    path("library/new/", views.resource_new, name="resource_new"),
    path("library/<int:pk>/", views.resource_detail, name="resource"),
    path("library/<int:pk>/download/", views.resource_download, name="resource_download"),
    path("library/<int:pk>/change/", views.resource_edit, name="resource_edit"),
    path("library/<int:pk>/remove/", views.resource_delete, name="resource_delete"),
    path("paths/", views.path_list, name="paths"),
    path("paths/<slug:slug>/", views.path_detail, name="path"),
    path("paths/<slug:slug>/followers/", views.path_figures, name="path_figures"),
    path("paths/<slug:slug>/steps/<int:pk>/done/", views.step_done, name="step_done"),
    path("paths/<slug:slug>/steps/<int:pk>/not-done/", views.step_undone, name="step_undone"),
]
