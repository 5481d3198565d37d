from __future__ import annotations

from django.urls import path

from glossary import views

app_name = "glossary"

# Included at the site's root: the glossary's own pages, and the lead tool a forum uses to
# propose its terms, which sits with the forum's other lead tools.
urlpatterns = [
    path("glossary/", views.glossary_index, name="index"),
    path("glossary/review/", views.glossary_review, name="review"),
    path("glossary/review/<id:pk>/", views.glossary_decide, name="decide"),
    path("forums/<slug:slug>/manage/glossary/", views.glossary_propose, name="propose"),
]
