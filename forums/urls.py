from __future__ import annotations

from django.urls import path

from forums import views

app_name = "forums"

urlpatterns = [
    path("", views.forum_list, name="list"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("<slug:slug>/", views.forum_detail, name="detail"),
    path("<slug:slug>/news/<id:pk>/", views.news_detail, name="news"),
    path("<slug:slug>/join/", views.join, name="join"),
    path("<slug:slug>/leave/", views.leave, name="leave"),
    path("<slug:slug>/manage/members/", views.members, name="members"),
    path("<slug:slug>/manage/members/export/", views.members_export, name="members_export"),
    path("<slug:slug>/manage/members/<id:pk>/decide/", views.member_decide, name="member_decide"),
    path("<slug:slug>/manage/members/<id:pk>/role/", views.member_role, name="member_role"),
    path("<slug:slug>/manage/members/<id:pk>/remove/", views.member_remove, name="member_remove"),
    path("<slug:slug>/manage/details/", views.details_edit, name="details_edit"),
    path("<slug:slug>/manage/invite/", views.invite, name="invite"),
    path(
        "<slug:slug>/manage/invite/<id:pk>/resend/",
        views.invitation_resend,
        name="invitation_resend",
    ),
    path(
        "<slug:slug>/manage/invite/<id:pk>/cancel/",
        views.invitation_cancel,
        name="invitation_cancel",
    ),
    path("<slug:slug>/manage/news/", views.news_manage, name="news_manage"),
    path("<slug:slug>/manage/news/new/", views.news_new, name="news_new"),
    path("<slug:slug>/manage/news/<id:pk>/edit/", views.news_edit, name="news_edit"),
    path("<slug:slug>/manage/news/<id:pk>/delete/", views.news_delete, name="news_delete"),
    path("<slug:slug>/manage/representatives/", views.representatives, name="representatives"),
    path(
        "<slug:slug>/manage/representatives/<id:pk>/end/",
        views.representative_end,
        name="representative_end",
    ),
    path("<slug:slug>/manage/engagement/", views.engagement, name="engagement"),
]
