from __future__ import annotations

from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "library"
    verbose_name = "Best-practice library and learning paths"

    def ready(self) -> None:
        from core.page_parts import SESSION_PAGE, page_part_register
        from library.selectors import session_page_resources

        page_part_register(
            page=SESSION_PAGE,
            template="library/_session_resources.html",
            context=session_page_resources,
            order=10,
        )
