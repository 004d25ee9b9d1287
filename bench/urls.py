"""URLs for the benchmark only (``CMS_ENV=bench``): the product's URLs plus Wagtail's API v2
on the same data and the in-memory ceiling. Production URLs never include these."""

from django.urls import include, path

from bench.ceiling import alive_view, ceiling_view
from bench.rebuilt import rebuilt_api_urlpatterns
from bench.wagtail_v2 import wagtail_api_router
from cms.urls import urlpatterns as product_urlpatterns

urlpatterns = [
    path("api/v2/", wagtail_api_router().urls),
    path("bench/ceiling/<path:target>", ceiling_view),
    path("bench/rebuilt/api/v1/", include((rebuilt_api_urlpatterns(), "rebuilt"))),
    path("bench/alive/", alive_view),
    *product_urlpatterns,
]
