from django.apps import AppConfig


class BenchConfig(AppConfig):
    """The benchmark harness (``bench_api``, ``seed_articles``): host project only, not shipped."""

    name = "bench"
    verbose_name = "Benchmark"
