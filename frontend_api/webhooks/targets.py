"""Where a webhook may be sent, and the one HTTP request that sends it.

Server-side request forgery: whoever can set an endpoint URL could otherwise make the CMS post
to its own database, a cloud metadata service (169.254.169.254) or anything on the private
network. So the host is resolved here, every address it resolves to must be public (unless the
settings allow private targets or name the network), and the connection goes to the address
that was checked: a DNS answer that changes between the check and the connect (rebinding)
changes nothing. Redirects are never followed; a 3xx is a failed attempt.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit

from ..conf import api_settings

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
USER_AGENT = "health-cms-webhooks/1"


class TargetRefused(Exception):
    """The URL may not be posted to: a bad URL, an unresolvable host or a refused address."""


@dataclass(frozen=True)
class Answer:
    """What a receiver answered: the status and the first bytes of the body, decoded."""

    status: int
    excerpt: str


def _allowed_networks() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [
        ipaddress.ip_network(cidr, strict=False) for cidr in api_settings.WEBHOOK_ALLOWED_NETWORKS
    ]


def refusal(address: IPAddress) -> str | None:
    """Why the settings forbid posting to ``address``, or None if they allow it."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    if address.is_global and not address.is_multicast:
        return None
    if api_settings.WEBHOOK_ALLOW_PRIVATE_TARGETS:
        return None
    if any(address in network for network in _allowed_networks()):
        return None
    kind = (
        "a loopback"
        if address.is_loopback
        else "a link-local"
        if address.is_link_local
        else "a private"
        if address.is_private
        else "a reserved or non-public"
    )
    return (
        f"{address} is {kind} address; webhooks go to public addresses only "
        "(WEBHOOK_ALLOWED_NETWORKS can allow an internal network)."
    )


def parse(url: str) -> SplitResult:
    """The URL's parts, if it is an http(s) URL with a host and no credentials in it."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise TargetRefused("A webhook URL starts with http:// or https:// and names a host.")
    if parts.username or parts.password:
        raise TargetRefused("Put no user name or password in a webhook URL; it is signed.")
    try:
        parts.port  # noqa: B018  (raises ValueError for a port out of range)
    except ValueError as exc:
        raise TargetRefused("The webhook URL's port is not a valid port number.") from exc
    return parts


def default_port(parts: SplitResult) -> int:
    return parts.port or (443 if parts.scheme == "https" else 80)


def resolve(parts: SplitResult) -> list[IPAddress]:
    """Every address the host resolves to (a literal address is itself)."""
    try:
        infos = socket.getaddrinfo(parts.hostname, default_port(parts), type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise TargetRefused(f"The host {parts.hostname!r} does not resolve.") from exc
    addresses = [ipaddress.ip_address(info[4][0].split("%", 1)[0]) for info in infos]
    return list(dict.fromkeys(addresses))


def checked_address(url: str) -> tuple[SplitResult, IPAddress]:
    """The URL's parts and the address to connect to; ``TargetRefused`` if any is refused."""
    parts = parse(url)
    addresses = resolve(parts)
    for address in addresses:
        reason = refusal(address)
        if reason:
            raise TargetRefused(reason)
    return parts, addresses[0]


def check_url(url: str) -> None:
    """Raise ``TargetRefused`` unless ``url`` may receive webhooks (for forms: no request)."""
    parts = parse(url)
    if api_settings.WEBHOOK_ALLOW_PRIVATE_TARGETS:
        return  # anything goes, so the host need not resolve yet
    checked_address(parts.geturl())


def _connection(parts: SplitResult, address: IPAddress, timeout: float):
    """An HTTP(S) connection to ``address`` that still names (and verifies) the URL's host."""
    port = default_port(parts)
    if parts.scheme == "https":
        connection = http.client.HTTPSConnection(
            parts.hostname, port, timeout=timeout, context=ssl.create_default_context()
        )
    else:
        connection = http.client.HTTPConnection(parts.hostname, port, timeout=timeout)

    def connect_to_checked_address(_address, timeout=None, source_address=None):
        # http.client opens its socket through this attribute; TLS (SNI and the certificate
        # check) and the Host header keep using the host name.
        return socket.create_connection((str(address), port), timeout, source_address)

    connection._create_connection = connect_to_checked_address
    return connection


def post(url: str, body: bytes, headers: dict[str, str]) -> Answer:
    """POST ``body`` to ``url`` after the address check; see ``send``."""
    parts, address = checked_address(url)
    return send(parts, address, body, headers)


def send(parts: SplitResult, address: IPAddress, body: bytes, headers: dict[str, str]) -> Answer:
    """POST to the URL ``parts`` name, connecting to ``address`` (already checked).

    Raises ``OSError``/``http.client.HTTPException`` when the receiver cannot be reached or
    answers garbage. Only ``WEBHOOK_RESPONSE_EXCERPT_BYTES`` of its body are read.
    """
    connection = _connection(parts, address, api_settings.WEBHOOK_TIMEOUT)
    target = parts.path or "/"
    if parts.query:
        target += f"?{parts.query}"
    all_headers = {"Content-Type": "application/json", "User-Agent": USER_AGENT, **headers}
    try:
        connection.request("POST", target, body=body, headers=all_headers)
        response = connection.getresponse()
        excerpt = response.read(api_settings.WEBHOOK_RESPONSE_EXCERPT_BYTES)
        return Answer(response.status, excerpt.decode("utf-8", errors="replace"))
    finally:
        connection.close()


def loggable_url(url: str) -> str:
    """The URL without its query string or credentials, which may carry tokens."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return f"{parts.scheme}://{host}{parts.path}"
