"""URL configuration of the host project: admin, the content API, and Wagtail's page tree."""

from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms import health
from cms.favicon import favicon
from frontend_api.api.problems import api_not_found
from frontend_api.client import ReferenceClientView

urlpatterns = [
    path("favicon.ico", favicon, name="favicon"),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path(settings.API_MOUNT, include("frontend_api.urls")),
    # Any other URL under /api/ gets the API's JSON 404, never Wagtail's HTML page.
    re_path(rf"^{settings.API_NAMESPACE}", api_not_found),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [
    # The reference front end owns "/": Wagtail's pages redirect readers to it (?path=...).
    path("", ReferenceClientView.as_view(), name="reference-client"),
    path("", include(wagtail_urls)),
]

# JSON problem documents under /api/, Django's pages elsewhere.
handler400 = "frontend_api.api.problems.handler400"
handler403 = "frontend_api.api.problems.handler403"
handler404 = "frontend_api.api.problems.handler404"
handler500 = "frontend_api.api.problems.handler500"
