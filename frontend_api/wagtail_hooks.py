"""Admin wiring of the content API: the "Published articles check" report."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin_views import PublishedCheckReport


@hooks.register("register_reports_menu_item")
def register_published_check_menu_item():
    return MenuItem(
        "Published articles check",
        reverse("frontend_api_published_check"),
        icon_name="tick-inverse",
        order=60,
    )


@hooks.register("register_admin_urls")
def register_published_check_urls():
    return [
        path(
            "reports/published-articles-check/",
            PublishedCheckReport.as_view(),
            name="frontend_api_published_check",
        )
    ]
