from __future__ import annotations

from django.urls import include, path
from django.views.generic import RedirectView

from consultations.views import answering, building, coding, public, results

app_name = "consultations"

consultation_patterns = [
    path("", public.consultation_list, name="list"),
    # Answering, as a signed-in member
    path("<id:pk>/", answering.answer_start, name="answer_start"),
    path("<id:pk>/page/<id:number>/", answering.answer_section, name="answer_section"),
    path("<id:pk>/check/", answering.answer_check, name="answer_check"),
    path("<id:pk>/sent/", answering.answer_done, name="answer_done"),
    path("<id:pk>/change/", answering.answer_change, name="answer_change"),
    # Answering by open link, without an account
    path("open/<str:token>/", answering.open_start, name="open_start"),
    path("open/<str:token>/page/<id:number>/", answering.open_section, name="open_section"),
    path("open/<str:token>/check/", answering.open_check, name="open_check"),
    path("open/<str:token>/sent/", answering.open_done, name="open_done"),
    path("open/<str:token>/change/", answering.open_change, name="open_change"),
    path("open/<str:token>/carry-on/", answering.open_carry_on, name="open_carry_on"),
    path("open/<str:token>/email-code/", answering.open_email_code, name="open_email_code"),
    path("open/<str:token>/resume/<str:browser_token>/", answering.open_resume, name="open_resume"),
    # What changed
    path("<id:pk>/impact/", public.impact, name="impact"),
    path("<id:pk>/results/", public.published_results, name="published_results"),
    path("impact/forum/<slug:slug>/", public.forum_impact, name="forum_impact"),
    # Lead tools
    path("manage/region/<slug:slug>/", building.region_manage_list, name="region_manage_list"),
    path("manage/region/<slug:slug>/new/", building.region_new, name="region_new"),
    # Addresses from before a forum's tools shared one shape
    path(
        "manage/<slug:slug>/",
        RedirectView.as_view(pattern_name="consultations:manage_list", permanent=True),
        name="moved_manage_list",
    ),
    path(
        "manage/<slug:slug>/new/",
        RedirectView.as_view(pattern_name="consultations:new", permanent=True),
        name="moved_new",
    ),
    path(
        "manage/<slug:slug>/from-template/",
        RedirectView.as_view(pattern_name="consultations:from_template", permanent=True),
        name="moved_from_template",
    ),
    path("<id:pk>/manage/", building.builder, name="builder"),
    path("<id:pk>/manage/details/", building.consultation_edit, name="edit"),
    path("<id:pk>/manage/pages/", building.section_add, name="section_add"),
    path("<id:pk>/manage/pages/<id:section_pk>/", building.section_edit, name="section_edit"),
    path(
        "<id:pk>/manage/pages/<id:section_pk>/change/",
        building.section_action,
        name="section_action",
    ),
    path(
        "<id:pk>/manage/pages/<id:section_pk>/questions/new/",
        building.question_new,
        name="question_new",
    ),
    path(
        "<id:pk>/manage/questions/<id:question_pk>/", building.question_edit, name="question_edit"
    ),
    path(
        "<id:pk>/manage/questions/<id:question_pk>/change/",
        building.question_action,
        name="question_action",
    ),
    path("<id:pk>/manage/preview/<id:number>/", building.preview, name="preview"),
    path("<id:pk>/manage/launch/", building.launch, name="launch"),
    path("<id:pk>/manage/close/", building.close_now, name="close"),
    path("<id:pk>/manage/results/", results.results, name="results"),
    path("<id:pk>/manage/export/<str:file_format>/", results.export, name="export"),
    path("<id:pk>/manage/exports/<id:job_pk>/", results.export_job, name="export_job"),
    path(
        "<id:pk>/manage/exports/<id:job_pk>/download/",
        results.export_download,
        name="export_download",
    ),
    path("<id:pk>/manage/themes/", coding.themes, name="themes"),
    path(
        "<id:pk>/manage/themes/questions/<id:question_pk>/",
        coding.theme_coding,
        name="theme_coding",
    ),
    path("<id:pk>/manage/answers/<id:answer_pk>/quote/", coding.answer_quote, name="answer_quote"),
    path("<id:pk>/manage/publish/", results.publish, name="publish"),
    path("<id:pk>/manage/actions/", results.actions, name="actions"),
    path(
        "<id:pk>/manage/actions/<id:action_pk>/status/",
        results.action_status,
        name="action_status",
    ),
]

# A forum's consultations sit with its other lead tools, at /forums/<slug>/manage/consultations/.
forum_tool_patterns = [
    path("", building.manage_list, name="manage_list"),
    path("new/", building.consultation_new, name="new"),
    path("from-template/", building.consultation_from_template, name="from_template"),
]

# Included at the site's root.
urlpatterns = [
    path("consultations/", include(consultation_patterns)),
    path("forums/<slug:slug>/manage/consultations/", include(forum_tool_patterns)),
]
