from __future__ import annotations

from django.urls import path

from privacy import views

urlpatterns = [
    path("your-data/", views.your_data, name="your_data"),
    path("your-data/download/<str:token>/", views.your_data_download, name="your_data_download"),
    path("delete/", views.account_delete, name="account_delete"),
    path("deleted/", views.account_deleted, name="account_deleted"),
    path("consent/<slug:slug>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("deletions/", views.erasure_log, name="erasure_log"),
]
