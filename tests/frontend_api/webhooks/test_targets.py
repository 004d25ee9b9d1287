"""Server-side request forgery: which addresses a webhook may go to, in production and here."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from ipaddress import ip_address

import pytest

from frontend_api.webhooks.targets import TargetRefused, check_url, parse, post, send
from tests.frontend_api.webhooks.conftest import ROOT

REFUSED_IN_PRODUCTION = [
    "http://127.0.0.1:8000/hook",
    "http://localhost/hook",
    "http://[::1]/hook",
    "http://2130706433/hook",  # 127.0.0.1 spelled as one number
    "http://0.0.0.0/hook",
    "http://10.1.2.3/hook",
    "http://172.16.0.1/hook",
    "http://192.168.1.10/hook",
    "http://169.254.169.254/latest/meta-data/",  # cloud metadata service
    "http://100.64.0.1/hook",  # carrier-grade NAT
    "http://[fe80::1]/hook",
    "http://[fc00::1]/hook",
    "http://[::ffff:127.0.0.1]/hook",
    "http://224.0.0.1/hook",
    "http://240.0.0.1/hook",
]


@pytest.fixture
def production_policy(settings):
    settings.FRONTEND_API = {**settings.FRONTEND_API, "WEBHOOK_ALLOW_PRIVATE_TARGETS": False}


@pytest.mark.parametrize("url", REFUSED_IN_PRODUCTION)
def test_a_non_public_address_is_refused_when_private_targets_are_not_allowed(
    production_policy, url
):
    with pytest.raises(TargetRefused, match="public addresses only"):
        check_url(url)


def test_a_public_address_is_allowed(production_policy):
    check_url("https://93.184.216.34/api/cms-webhook")


def test_an_allowed_network_lets_its_addresses_through_and_no_others(production_policy, settings):
    settings.FRONTEND_API = {**settings.FRONTEND_API, "WEBHOOK_ALLOWED_NETWORKS": ["10.0.5.0/24"]}
    check_url("http://10.0.5.7/hook")
    with pytest.raises(TargetRefused):
        check_url("http://10.0.6.7/hook")


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.org/hook",
        "file:///etc/passwd",
        "http:///no-host",
        "https://user:password@example.org/hook",
        "http://example.org:99999/hook",
    ],
)
def test_a_url_that_is_not_plain_http_or_https_to_a_host_is_refused(url):
    with pytest.raises(TargetRefused):
        parse(url)


def test_delivery_refuses_a_loopback_receiver_without_sending_a_byte(production_policy, receiver):
    with pytest.raises(TargetRefused, match="loopback"):
        post(receiver.url, b"{}", {})
    assert receiver.requests == []


def test_the_request_goes_to_the_checked_address_not_to_a_second_lookup(receiver):
    # The host name resolves nowhere: the request can only arrive by the checked address.
    parts = parse(f"http://cms-hooks.invalid:{receiver.port}/hooks")
    answer = send(parts, ip_address("127.0.0.1"), b"{}", {"webhook-id": "msg_1"})
    assert answer.status == 204
    assert receiver.requests[0].headers["host"] == f"cms-hooks.invalid:{receiver.port}"


def test_only_the_start_of_a_long_answer_is_kept(receiver, settings):
    settings.FRONTEND_API = {**settings.FRONTEND_API, "WEBHOOK_RESPONSE_EXCERPT_BYTES": 100}
    receiver.statuses = [503]
    answer = post(receiver.url, b"{}", {})
    assert answer.status == 503 and len(answer.excerpt) == 100


def test_the_production_settings_refuse_every_non_public_target(tmp_path):
    """The real production settings, in their own process, as a server would load them."""
    script = (
        "import django, json, sys\n"
        "django.setup()\n"
        "from frontend_api.webhooks.targets import TargetRefused, check_url\n"
        "verdicts = {}\n"
        "for url in json.loads(sys.argv[1]):\n"
        "    try:\n"
        "        check_url(url); verdicts[url] = 'allowed'\n"
        "    except TargetRefused:\n"
        "        verdicts[url] = 'refused'\n"
        "print(json.dumps(verdicts))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "WEBHOOK_"))}
    env.update(
        CMS_ENV="production",
        DJANGO_SETTINGS_MODULE="cms.settings",
        SECRET_KEY="production-like-secret-for-this-test-0123456789-abcdefghijkl",
        DATABASE_URL=f"sqlite:///{tmp_path / 'unused.sqlite3'}",
    )
    urls = [*REFUSED_IN_PRODUCTION, "https://93.184.216.34/hook"]
    result = subprocess.run(
        [sys.executable, "-c", script, json.dumps(urls)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    verdicts = json.loads(result.stdout.strip().splitlines()[-1])
    assert {url for url, verdict in verdicts.items() if verdict == "allowed"} == {
        "https://93.184.216.34/hook"
    }
