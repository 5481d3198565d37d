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
    path("programmes/cohorts/new/", views.cohort_new, name="cohort_new"),
    path("programmes/cohorts/<id:pk>/edit/", views.cohort_edit, name="cohort_edit"),
    path("programmes/cohorts/<id:pk>/add-school/", views.cohort_enrol, name="cohort_enrol"),
    path("programmes/cohorts/<id:pk>/new-school/", views.school_new, name="school_new"),
    path("programmes/school-details/<id:pk>/", views.school_edit, name="school_edit"),
    path(
        "programmes/school-details/<id:pk>/contacts/",
        views.school_contact_add,
        name="school_contact_add",
    ),
    path(
        "programmes/school-contacts/<id:pk>/remove/",
        views.school_contact_remove,
        name="school_contact_remove",
    ),
    path("programmes/groups/<id:pk>/", views.group, name="group"),
    path(
        "programmes/groups/<id:pk>/meetings/new/", views.group_meeting_new, name="group_meeting_new"
    ),
    path("programmes/group-meetings/<id:pk>/quotes/new/", views.quote_new, name="quote_new"),
    path(
        "programmes/group-meetings/<id:pk>/feedback/",
        views.group_meeting_feedback,
        name="group_meeting_feedback",
    ),
    path("feedback/<str:token>/", views.feedback_form, name="feedback_form"),
    path("feedback/<str:token>/sent/", views.feedback_sent, name="feedback_sent"),
]
