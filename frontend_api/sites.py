"""The requesting site, found exactly as Wagtail finds it, with the query compiled once.

``Site.find_for_request`` builds its queryset (a CASE ranking of hostname/port matches) on
every call, which costs more Python than everything else an article request does. This runs
the same query and the same choice (``wagtail.models.sites.get_site_for_hostname``) from
compiled SQL, with the root page's columns alongside, and leaves the answer where Wagtail's
own code looks for it (``request._wagtail_site``).

Sites change rarely, and every change to a site or its root page moves the published-content
generation (``generation``), so each process also keeps the answer per host and port for the
generation it was read in: a request whose view already read the generation (the response
cache does) finds its site without a query.
"""

from __future__ import annotations

from functools import lru_cache

from django.db.models import Case, F, IntegerField, Q, When
from django.http import HttpRequest
from django.http.request import split_domain_port
from wagtail.models import Page, Site
from wagtail.models.sites import (
    MATCH_DEFAULT,
    MATCH_HOSTNAME,
    MATCH_HOSTNAME_DEFAULT,
    MATCH_HOSTNAME_PORT,
)

from . import generation
from .compiled import CompiledQuery, Slot

HOSTNAME = Slot("\x00hostname")
# A port the request names but no number (a bad X-Forwarded-Port) matches no site's port.
PORT = Slot(-1_999_999_900, lambda port: int(port) if str(port).lstrip("-").isdigit() else -1)
ROOT_FIELDS = ("id", "path", "depth", "live", "title", "slug", "url_path", "content_type_id")
# Distinct (hostname, port) pairs kept per process; more than this and the table starts over.
MAX_KEPT_HOSTS = 64

# (hostname, port) -> (generation, site or None). Sites kept here are shared by requests and
# only ever read.
_kept: dict[tuple[str, object], tuple[generation.Generation, Site | None]] = {}


@lru_cache(maxsize=1)
def _sites_for_host() -> CompiledQuery:
    host, port = HOSTNAME.sentinel, PORT.sentinel
    match = Case(
        When(hostname=host, port=port, then=MATCH_HOSTNAME_PORT),
        When(hostname=host, is_default_site=True, then=MATCH_HOSTNAME_DEFAULT),
        When(is_default_site=True, then=MATCH_DEFAULT),
        default=MATCH_HOSTNAME,
        output_field=IntegerField(),
    )
    roots = {f"root_{name}": F(f"root_page__{name}") for name in ROOT_FIELDS}
    sites = (
        Site.objects.annotate(match=match, **roots)
        .filter(Q(hostname=host) | Q(is_default_site=True))
        .order_by("match")
    )
    return CompiledQuery.compile(sites, hostname=HOSTNAME, port=PORT)


def _with_root(site: Site) -> Site:
    # Attach the root page built from the joined columns, as select_related would.
    site.root_page = Page(**{name: getattr(site, f"root_{name}") for name in ROOT_FIELDS})
    site.root_page.live = bool(site.root_page.live)
    return site


def _choose(sites: list[Site]) -> Site | None:
    """Wagtail's choice among the ranked candidates (get_site_for_hostname)."""
    if not sites:
        return None
    if len(sites) == 1 or sites[0].match in (MATCH_HOSTNAME_PORT, MATCH_HOSTNAME_DEFAULT):
        return sites[0]
    if sites[0].match == MATCH_DEFAULT:
        return sites[len(sites) == 2]
    return None


def find_site(request: HttpRequest) -> Site | None:
    """The site responsible for ``request``, or None; cached on the request like Wagtail."""
    if not hasattr(request, "_wagtail_site"):
        hostname = split_domain_port(request._get_raw_host())[0]
        generation_now = getattr(request, "content_generation", None)
        if generation_now is None:
            generation_now = generation.current()
        request._wagtail_site = site_for_host(hostname, request.get_port(), generation_now)
    return request._wagtail_site


def site_for_host(hostname: str, port, generation_now: generation.Generation | None) -> Site | None:
    """The site for ``hostname``/``port``, kept for ``generation_now`` (None: always query)."""
    key = (hostname, port)
    kept = _kept.get(key)
    if kept is not None and generation_now is not None and kept[0] == generation_now:
        return kept[1]
    chosen = _choose(_sites_for_host().instances(hostname=hostname, port=port))
    site = _with_root(chosen) if chosen is not None else None
    if generation_now is not None:
        if len(_kept) >= MAX_KEPT_HOSTS:
            _kept.clear()
        _kept[key] = (generation_now, site)
    return site


def forget_sites() -> None:
    """Drop every kept site (tests that change sites without committing use this)."""
    _kept.clear()
