"""The demo and benchmark loaders (consult_dev) stay out of production: web workers never import
them, the production app has none of their commands, and each refuses the production config."""

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import consult_dev
from consult import create_app
from consult.models import Organization
from consult_dev.commands import COMMANDS
from tests.production import production_settings

ROOT = Path(__file__).resolve().parent.parent
#: The old homes of the loaders inside the runtime package, in case one comes back.
OLD_LOADERS = ("consult.demo", "consult.demo_data", "consult.scale", "consult.scale_content")
#: Run in a fresh interpreter: what the suite has imported already must not hide an import.
WORKER = """
import json, sys
from consult import create_app
create_app("production", **json.loads(sys.argv[1]))
print(json.dumps(sorted(sys.modules)))
"""


# What a worker imports does not depend on the database: one backend checks it.
@pytest.mark.backend("sqlite")
def test_a_production_worker_imports_no_development_tool(app):
    settings = json.dumps(production_settings(app))
    done = subprocess.run([sys.executable, "-c", WORKER, settings], cwd=ROOT, capture_output=True,
                          text=True, check=False, timeout=120)
    assert done.returncode == 0, done.stderr
    modules = json.loads(done.stdout.splitlines()[-1])
    assert "consult" in modules
    loaded = [m for m in modules if m.split(".")[0] == "consult_dev" or m in OLD_LOADERS]
    assert loaded == []


def test_the_production_app_has_no_development_command(app):
    production = create_app("production", **production_settings(app))
    assert not {command.name for command in COMMANDS} & set(production.cli.commands)


@pytest.mark.parametrize("command", [command.name for command in COMMANDS])
def test_each_development_command_refuses_the_production_config(app, db, command):
    production = create_app("production", **production_settings(app))
    consult_dev.init_app(production)

    with production.app_context():  # as `flask` does: the command runs in the app it loaded
        result = production.test_cli_runner().invoke(args=[command])

    assert result.exit_code == 1
    assert result.output == (f"Error: {command} is a development tool: the production "
                             f"configuration refuses it.\n")
    assert db.session.scalar(db.select(Organization.id).limit(1)) is None


def test_the_flask_command_finds_every_development_command():
    """pyproject.toml's "flask.commands" entry points name exactly the commands consult_dev has."""
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["entry-points"]
    commands = {command.name: f"consult_dev.commands:{command.callback.__name__}" for command in COMMANDS}
    assert declared["flask.commands"] == commands
