from __future__ import annotations

from django.urls import path

from programmes import views

app_name = "programmes"

urlpatterns = [
    path("programmes/", views.home, name="home"),
    path("programmes/schools/<id:pk>/", views.school, name="school"),
    path(
        "programmes/schools/<id:pk>/self-assessment/<slug:kind>/",
        views.assessment,
        name="assessment",
    ),
    path("programmes/schools/<id:pk>/actions/new/", views.action_new, name="action_new"),
    path("programmes/actions/<id:pk>/", views.action_edit, name="action_edit"),
    path("programmes/schools/<id:pk>/training/", views.training, name="training"),
    path("programmes/schools/<id:pk>/parent-group/", views.meeting_new, name="meeting_new"),
    path("programmes/schools/<id:pk>/family-survey/", views.family_survey, name="family_survey"),
    path("programmes/frameworks/new/", views.framework_new, name="framework_new"),
    path("programmes/frameworks/<id:pk>/", views.framework, name="framework"),
    path("programmes/cohorts/<id:pk>/", views.cohort, name="cohort"),
    path("programmes/cohorts/<id:pk>/export.csv", views.cohort_export, name="cohort_export"),
    path("programmes/groups/<id:pk>/", views.group, name="group"),
    path(
        "programmes/groups/<id:pk>/meetings/new/", views.group_meeting_new, name="group_meeting_new"
    ),
    path("programmes/group-meetings/<id:pk>/quotes/new/", views.quote_new, name="quote_new"),
]
