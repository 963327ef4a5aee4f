import os

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from tests.e2e.browser import chromium_path


def pytest_collection_modifyitems(config, items):
    browser_tests = [item for item in items if "e2e" in item.keywords]
    if not browser_tests or chromium_path():
        return
    if os.environ.get("CI") == "true":
        raise pytest.UsageError("CI=true but no Chromium found: the browser tests must run in CI.")
    skip = pytest.mark.skip(reason="no Chromium found (apt-get install chromium, or set CHROMIUM)")
    for item in browser_tests:
        item.add_marker(skip)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    skipped = terminalreporter.stats.get("skipped", [])
    if not chromium_path() and any("e2e" in report.keywords for report in skipped):
        terminalreporter.write_sep(
            "!", "BROWSER TESTS SKIPPED: no Chromium found", red=True, bold=True
        )
        terminalreporter.write_line(
            "Install it with 'apt-get install chromium' or point CHROMIUM at the binary."
        )


@pytest.fixture(autouse=True)
def default_language():
    """Requests to /en/ switch the thread's language; start every test in German again."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def demo(db):
    """The demo content, as `make run` loads it."""
    call_command("load_demo")
