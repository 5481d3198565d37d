from __future__ import annotations

from django.urls import path

from accounts import views

urlpatterns = [
    # Replaces allauth's "check your email" page (same path and name; these patterns come first
    # in coproduce/urls.py) with one that can send the email again.
    path(
        "confirm-email/",
        views.email_verification_sent,
        name="account_email_verification_sent",
    ),
    path("profile/", views.profile, name="profile"),
    path("profile/details/", views.profile_details_edit, name="profile_details_edit"),
    path("profile/about-you/", views.member_profile_edit, name="member_profile_edit"),
    path("consent/<slug:slug>/", views.consent_give, name="consent_give"),
    path("approvals/", views.approvals, name="approvals"),
    path("approvals/<id:pk>/", views.approval_decide, name="approval_decide"),
    path("access-log/", views.access_log, name="access_log"),
]
