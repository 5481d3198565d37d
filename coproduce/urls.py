from __future__ import annotations

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from front import views

# The admin has no sign-in form of its own: /admin/login/ sends people to the service's sign-in,
# which rate-limits attempts and asks commissioners and staff for their authenticator code.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("cookies/", views.cookies, name="cookies"),
    path("", include("glossary.urls")),
    path("forums/", include("forums.urls")),
    path("", include("consultations.urls")),
    path("", include("peer_network.urls")),
    path("", include("raised.urls")),
    path("", include("notifications.urls")),
    path("peer-network/", include("library.urls")),
    path("", include("programmes.urls")),
    path("dashboards/", include("dashboards.urls")),
    path("accounts/", include("privacy.urls")),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "front.views.error_403"
handler404 = "front.views.error_404"
handler500 = "front.views.error_500"
