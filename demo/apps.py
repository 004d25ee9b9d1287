from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo content and users (``load_demo``): host project only, never shipped."""

    name = "demo"
    verbose_name = "Demo content"
