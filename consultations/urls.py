from __future__ import annotations

from django.urls import include, path
from django.views.generic import RedirectView

from consultations.views import answering, building, coding, public, results

app_name = "consultations"

consultation_patterns = [
    path("", public.consultation_list, name="list"),
    # Answering, as a signed-in member
    path("<int:pk>/", answering.answer_start, name="answer_start"),
    path("<int:pk>/page/<int:number>/", answering.answer_section, name="answer_section"),
    path("<int:pk>/check/", answering.answer_check, name="answer_check"),
    path("<int:pk>/sent/", answering.answer_done, name="answer_done"),
    path("<int:pk>/change/", answering.answer_change, name="answer_change"),
    # Answering by open link, without an account
    path("open/<str:token>/", answering.open_start, name="open_start"),
    path("open/<str:token>/page/<int:number>/", answering.open_section, name="open_section"),
    path("open/<str:token>/check/", answering.open_check, name="open_check"),
    path("open/<str:token>/sent/", answering.open_done, name="open_done"),
    path("open/<str:token>/change/", answering.open_change, name="open_change"),
    path("open/<str:token>/carry-on/", answering.open_carry_on, name="open_carry_on"),
    path("open/<str:token>/email-code/", answering.open_email_code, name="open_email_code"),
    path("open/<str:token>/resume/<str:browser_token>/", answering.open_resume, name="open_resume"),
    # What changed
    path("<int:pk>/impact/", public.impact, name="impact"),
    path("<int:pk>/results/", public.published_results, name="published_results"),
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
    path("<int:pk>/manage/", building.builder, name="builder"),
    path("<int:pk>/manage/details/", building.consultation_edit, name="edit"),
    path("<int:pk>/manage/pages/", building.section_add, name="section_add"),
    path("<int:pk>/manage/pages/<int:section_pk>/", building.section_edit, name="section_edit"),
    path(
        "<int:pk>/manage/pages/<int:section_pk>/change/",
        building.section_action,
        name="section_action",
    ),
    path(
        "<int:pk>/manage/pages/<int:section_pk>/questions/new/",
        building.question_new,
        name="question_new",
    ),
    path(
        "<int:pk>/manage/questions/<int:question_pk>/", building.question_edit, name="question_edit"
    ),
    path(
        "<int:pk>/manage/questions/<int:question_pk>/change/",
        building.question_action,
        name="question_action",
    ),
    path("<int:pk>/manage/preview/<int:number>/", building.preview, name="preview"),
    path("<int:pk>/manage/launch/", building.launch, name="launch"),
    path("<int:pk>/manage/close/", building.close_now, name="close"),
    path("<int:pk>/manage/results/", results.results, name="results"),
    path("<int:pk>/manage/export/<str:file_format>/", results.export, name="export"),
    path("<int:pk>/manage/themes/", coding.themes, name="themes"),
    path(
        "<int:pk>/manage/themes/questions/<int:question_pk>/",
        coding.theme_coding,
        name="theme_coding",
    ),
    path(
        "<int:pk>/manage/answers/<int:answer_pk>/quote/", coding.answer_quote, name="answer_quote"
    ),
    path("<int:pk>/manage/publish/", results.publish, name="publish"),
    path("<int:pk>/manage/actions/", results.actions, name="actions"),
    path(
        "<int:pk>/manage/actions/<int:action_pk>/status/",
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
