from __future__ import annotations

from django.urls import path

from accounts import views

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("profile/details/", views.profile_details_edit, name="profile_details_edit"),
    path("profile/about-you/", views.member_profile_edit, name="member_profile_edit"),
    path("consent/<slug:slug>/", views.consent_give, name="consent_give"),
    path("consent/<slug:slug>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("approvals/", views.approvals, name="approvals"),
    path("approvals/<int:pk>/", views.approval_decide, name="approval_decide"),
]
