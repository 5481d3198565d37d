from __future__ import annotations

from django.apps import AppConfig


class FrontConfig(AppConfig):
    """The site itself: home, static pages, errors, health, the worker heartbeat, demo data.
    It may import every app; no app imports it."""

    name = "front"
    verbose_name = "Coproduce site"
