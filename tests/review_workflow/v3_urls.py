"""The project's URLs plus Wagtail's v3 API, which the project does not mount: the guard must
hold for it too, should a site mount it."""

from django.urls import path
from wagtail.api.v3.urls import api

from cms.urls import urlpatterns as project_urlpatterns

urlpatterns = [path("wagtail-api/v3/", api.urls), *project_urlpatterns]
