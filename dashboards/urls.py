from __future__ import annotations

from django.urls import path

from dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("", views.page, name="overview"),
    path("how-we-protect-privacy/", views.disclosure, name="disclosure"),
    path("scopes/", views.scopes, name="scopes"),
    path("scopes/<int:pk>/", views.scope_edit, name="scope_edit"),
    path("<slug:slug>/", views.page, name="page"),
    path("<slug:slug>/<slug:table>.csv", views.export, name="export"),
]
