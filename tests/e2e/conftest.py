import os

import pytest
from axe_playwright_python.sync_playwright import Axe

from sozialinfo import demo
from tests.e2e.browser import LAUNCH_ARGS, chromium_path

# Playwright's sync API runs an event loop in this thread; the tests still touch the database.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PHONE = {"width": 320, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture(params=[PHONE, DESKTOP], ids=["phone", "desktop"])
def page(request, browser, live_server):
    context = browser.new_context(viewport=request.param, locale="de-AT")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.base_url = live_server.url
    page.viewport = request.param
    yield page
    context.close()


@pytest.fixture
def demo_content(transactional_db):
    demo.load(demo_password="demo-passwort-fuer-tests")


def assert_accessible(page):
    """axe-core finds no violations, and nothing scrolls sideways."""
    results = Axe().run(page, options=None)
    assert results.violations_count == 0, results.generate_snapshot()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport["width"], f"page is {width}px wide"


def log_in(page, user):
    """Start the browser's session as user, as if they had logged in."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": page.base_url}])
