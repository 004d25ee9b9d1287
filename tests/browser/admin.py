"""Steps in Wagtail's admin that several browser tests take."""


def log_in(tab, live_server, user) -> None:
    """Sign ``user`` (whose test password is "pass") into the admin and wait for the dashboard."""
    tab.goto(f"{live_server.url}/admin/login/")
    tab.fill("input[name=username]", user.username)
    tab.fill("input[name=password]", "pass")
    tab.click("button[type=submit]")
    tab.wait_for_url(f"{live_server.url}/admin/")
