from __future__ import annotations

from django.apps import AppConfig


class ForumsConfig(AppConfig):
    name = "forums"
    verbose_name = "Parent Carer Forums"
