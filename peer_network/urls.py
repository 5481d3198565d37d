from __future__ import annotations

from django.urls import path

from peer_network import views

app_name = "peer_network"

urlpatterns = [
    path("peer-network/", views.session_list, name="list"),
    path("peer-network/yours/", views.your_sessions, name="yours"),
    path("peer-network/new/", views.session_new, name="new"),
    path("peer-network/directory/", views.directory, name="directory"),
    path("peer-network/directory/your-entry/", views.directory_join, name="directory_join"),
    path("peer-network/sessions/<id:pk>/", views.session_detail, name="detail"),
    path("peer-network/sessions/<id:pk>/book/", views.session_book, name="book"),
    path(
        "peer-network/sessions/<id:pk>/cancel-place/", views.booking_cancel, name="booking_cancel"
    ),
    path(
        "peer-network/sessions/<id:pk>/calendar.ics",
        views.session_calendar_download,
        name="calendar",
    ),
    path("peer-network/sessions/<id:pk>/feedback/", views.feedback, name="feedback"),
    path("peer-network/sessions/<id:pk>/manage/", views.host_summary, name="host_summary"),
    path("peer-network/sessions/<id:pk>/manage/attendance/", views.attendance, name="attendance"),
    path("peer-network/sessions/<id:pk>/manage/change/", views.session_edit, name="edit"),
    path("peer-network/sessions/<id:pk>/manage/cancel/", views.session_cancel, name="cancel"),
    path("forums/<slug:slug>/manage/sessions/", views.forum_sessions, name="forum_sessions"),
    path(
        "forums/<slug:slug>/manage/sessions/new/", views.forum_session_new, name="forum_session_new"
    ),
]
