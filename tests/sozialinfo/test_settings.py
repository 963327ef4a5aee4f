import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(tmp_path, args, **env):
    environment = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "sozialinfo.settings",
        "DJANGO_VAR_DIR": str(tmp_path),
        **env,
    }
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def django_check(tmp_path, **env):
    return run(tmp_path, ["manage.py", "check"], **env)


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = django_check(tmp_path, DJANGO_DEBUG="0", DJANGO_ALLOWED_HOSTS="example.org")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_refuses_a_weak_secret_key(tmp_path):
    result = django_check(tmp_path, DJANGO_DEBUG="0", DJANGO_SECRET_KEY="geheim")
    assert result.returncode != 0
    assert "too weak" in result.stderr


def test_production_starts_with_a_real_key(tmp_path):
    key = "k" * 20 + "x9Q!z" * 10
    result = django_check(tmp_path, DJANGO_DEBUG="0", DJANGO_SECRET_KEY=key)
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "secret_key").exists()


def test_development_generates_a_key_once_into_the_var_folder(tmp_path):
    assert django_check(tmp_path).returncode == 0
    key = (tmp_path / "secret_key").read_text()
    assert len(key) >= 50
    assert django_check(tmp_path).returncode == 0
    assert (tmp_path / "secret_key").read_text() == key


def test_a_typo_in_debug_is_refused(tmp_path):
    result = django_check(tmp_path, DJANGO_DEBUG="nein")
    assert result.returncode != 0 and "DJANGO_DEBUG must be 1 or 0" in result.stderr


def test_production_serves_collected_hashed_static_files(tmp_path):
    key = "k" * 20 + "x9Q!z" * 10
    env = {
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": key,
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
    }
    collect = run(tmp_path, ["manage.py", "collectstatic", "--noinput", "-v0"], **env)
    assert collect.returncode == 0, collect.stderr
    script = (
        "import django; django.setup(); from django.core.management import call_command; "
        "call_command('migrate', verbosity=0); from django.test import Client; "
        "html = Client().get('/').content.decode(); "
        "print(html.split('stylesheet\" href=\"')[1][:60])"
    )
    page = run(tmp_path, ["-c", script], **env)
    assert page.returncode == 0, page.stderr
    assert page.stdout.startswith("/static/css/site.") and ".css" in page.stdout
    assert any(tmp_path.joinpath("static/css").glob("site.*.css.gz"))
