"""Pin the image renditions stored documents point to, and let them go when none does.

The signed content names each image by its rendition URL (``health_content.rendering``). When
the store writes a document it pins each of them (``pin``): the rendition file is copied to
``pinned/<sha256>/<name>`` in the renditions' storage, its size and SHA-256 recorded
(``PinnedRendition``), and the document points to the copy instead (``served``): the same bytes
the reviewer saw, at a path that Wagtail's deletion of renditions (a replaced image file, a
deleted image, a purge) never touches. A document recomposed for the same sign-off keeps the
copy it had. ``release`` deletes copies no stored document points to any more (after commit).

Documents are composed in batches; lookups here are a query per batch, and a file is read
only when it is pinned for the first time.
"""

from __future__ import annotations

import hashlib
import posixpath
from collections.abc import Iterable
from typing import Any
from urllib.parse import unquote

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from wagtail.images import get_image_model

from .media_models import PinnedRendition, PinnedRenditionUse

PINNED_PREFIX = "pinned"
Pins = dict[str, PinnedRendition]  # signed rendition URL -> its pinned copy


def rendition_storage():
    """The storage Wagtail keeps renditions in (the pinned copies go there too)."""
    return get_image_model().get_rendition_model()._meta.get_field("file").storage


def _images(signed: dict[str, Any]) -> Iterable[dict[str, Any]]:
    if signed.get("hero_image"):
        yield signed["hero_image"]
    for block in signed.get("body", []):
        if block["type"] == "image" and block["value"].get("image"):
            yield block["value"]["image"]


def image_urls(signed: dict[str, Any]) -> list[str]:
    """Every image URL of the content (hero image, image blocks), once each, in order."""
    return list(dict.fromkeys(image["url"] for image in _images(signed)))


def storage_name(url: str) -> str | None:
    """The storage name of a file by its URL in the renditions' storage, or None for a URL
    outside it."""
    base = getattr(rendition_storage(), "base_url", None) or settings.MEDIA_URL
    return unquote(url[len(base) :]) if url.startswith(base) else None


def url_of(pinned: PinnedRendition) -> str:
    return rendition_storage().url(pinned.file)


def file_digest(name: str) -> tuple[int, str] | None:
    """The size and SHA-256 of a stored file, or None when it is not there."""
    storage = rendition_storage()
    if not storage.exists(name):
        return None
    sha, size = hashlib.sha256(), 0
    with storage.open(name, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 16), b""):
            sha.update(chunk)
            size += len(chunk)
    return size, sha.hexdigest()


def current_pins(sign_offs: dict[int, int]) -> dict[int, Pins]:
    """The pinned copies each stored article points to for the sign-off it is served under
    (``{page_id: sign_off_id}``); one query, none for no articles."""
    if not sign_offs:
        return {}
    uses = PinnedRenditionUse.objects.filter(article_id__in=list(sign_offs)).select_related(
        "pinned"
    )
    pins: dict[int, Pins] = {}
    for use in uses:
        if sign_offs.get(use.article_id) == use.sign_off_id:
            pins.setdefault(use.article_id, {})[use.pinned.source_url] = use.pinned
    return pins


def _pin_file(url: str) -> PinnedRendition | None:
    name = storage_name(url)
    found = file_digest(name) if name else None
    if found is None:  # the rendition is gone: the newest copy pinned from it, if any
        return PinnedRendition.objects.filter(source_url=url).order_by("-pk").first()
    size, sha = found
    storage = rendition_storage()
    pinned_name = posixpath.join(PINNED_PREFIX, sha, posixpath.basename(name))
    pinned, _ = PinnedRendition.objects.get_or_create(
        file=pinned_name, defaults={"source_url": url, "size": size, "sha256": sha}
    )
    if not storage.exists(pinned_name):
        with storage.open(name, "rb") as handle:
            storage.save(pinned_name, ContentFile(handle.read()))
    return pinned


def pin(signed: dict[str, Any], kept: Pins) -> Pins:
    """The pinned copy of every image of the signed content: the ones ``kept`` (pinned for
    this sign-off before), the others pinned now. An image whose rendition is gone and was
    never pinned has none (``verify_published`` reports it)."""
    pins = {}
    for url in image_urls(signed):
        pinned = kept.get(url) or _pin_file(url)
        if pinned is not None:
            pins[url] = pinned
    return pins


def served(signed: dict[str, Any], pins: Pins) -> dict[str, Any]:
    """The signed content as readers get it: each pinned image at its copy's URL (nothing
    else changes)."""
    if not pins:
        return signed

    def moved(image):
        pinned = pins.get(image["url"])
        return {**image, "url": url_of(pinned)} if pinned else image

    body = [
        {**block, "value": {**block["value"], "image": moved(block["value"]["image"])}}
        if block["type"] == "image" and block["value"].get("image")
        else block
        for block in signed.get("body", [])
    ]
    hero = signed.get("hero_image")
    return {**signed, "hero_image": moved(hero) if hero else hero, "body": body}


def record_uses(uses: dict[int, tuple[int, Pins]], had_pins: set[int]) -> None:
    """Record which pinned copies each stored article points to (``{page_id: (sign_off_id,
    pins)}``), replacing what those of them in ``had_pins`` pointed to before, and release
    copies no longer used. No query for articles without images."""
    freed: set[int] = set()
    before = PinnedRenditionUse.objects.filter(article_id__in=[pk for pk in uses if pk in had_pins])
    if had_pins & set(uses):
        freed = set(before.values_list("pinned_id", flat=True))
        before.delete()
    new = [
        PinnedRenditionUse(pinned=pinned, article_id=pk, sign_off_id=sign_off_id)
        for pk, (sign_off_id, pins) in uses.items()
        for pinned in {p.pk: p for p in pins.values()}.values()
    ]
    if new:
        PinnedRenditionUse.objects.bulk_create(new)
    if freed:
        release(freed)


def used_by(page_ids: Iterable[int]) -> set[int]:
    """The pinned copies these stored articles point to (no query for none)."""
    page_ids = list(page_ids)
    if not page_ids:
        return set()
    uses = PinnedRenditionUse.objects.filter(article_id__in=list(page_ids))
    return set(uses.values_list("pinned_id", flat=True))


def release(pinned_ids: Iterable[int]) -> None:
    """Forget the pinned copies among ``pinned_ids`` that no stored article points to, and
    delete their files once the transaction commits."""
    pinned_ids = list(pinned_ids)
    if not pinned_ids:
        return
    unused = PinnedRendition.objects.filter(pk__in=list(pinned_ids), uses__isnull=True)
    files = list(unused.values_list("file", flat=True))
    if not files:
        return
    PinnedRendition.objects.filter(file__in=files).delete()
    storage = rendition_storage()

    def delete_files():
        # Pinned again since (another article published in the same transaction): kept.
        again = set(PinnedRendition.objects.filter(file__in=files).values_list("file", flat=True))
        for name in set(files) - again:
            storage.delete(name)

    transaction.on_commit(delete_files)
