"""The floors hold and no import cycle exists, imports inside functions included: import-linter
checks the contracts in pyproject.toml, grimp the cycles through a package's own __init__ that
import-linter's sibling check cannot see; and each check is shown to fail on a deliberate breach."""

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CONTRACTS = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]
#: import-linter's command line, run where the package and pyproject.toml to check are.
LINT = "from importlinter.cli import lint_imports_command; lint_imports_command()"
#: Every import between a package and a module inside it that leads back where it started: a
#: cycle through the package's __init__, which sibling checks squash away.
THROUGH_PARENTS = """
import grimp
graph = grimp.build_graph("consult", include_external_packages=False, cache_dir=None)
for importer in sorted(graph.modules):
    for imported in sorted(graph.find_modules_directly_imported_by(importer)):
        related = importer.startswith(imported + ".") or imported.startswith(importer + ".")
        back = related and graph.find_shortest_chain(imported, importer)
        if back:
            print(" -> ".join([importer, *back]))
"""


def _lint(where, *contracts):
    command = [sys.executable, "-c", LINT, "--config", str(where / "pyproject.toml"), "--no-cache",
               "--no-logo"]
    for contract in contracts:
        command += ["--contract", contract]
    return subprocess.run(command, cwd=where, capture_output=True, text=True)


def _through_parents(where):
    result = subprocess.run([sys.executable, "-c", THROUGH_PARENTS], cwd=where, capture_output=True,
                            text=True, check=True)
    return result.stdout.splitlines()


def test_the_floors_hold_and_no_two_areas_or_modules_import_each_other():
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_cycle_runs_through_a_package_of_its_own_modules():
    assert _through_parents(ROOT) == []


@pytest.fixture
def copy(tmp_path):
    """The Python files of consult/ and pyproject.toml, copied to be broken on purpose."""
    for path in (ROOT / "consult").rglob("*.py"):
        target = tmp_path / path.relative_to(ROOT)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    shutil.copyfile(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")

    def breach(module, import_line):
        """Add `import_line` inside a function at the end of `module` (a dotted name)."""
        path = tmp_path.joinpath(*module.split("."))
        path = path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
        with open(path, "a", encoding="utf-8") as file:
            file.write(f"\n\ndef _deliberate_breach():\n    {import_line}\n")
        return tmp_path

    return breach


def _first(layer):
    """The first module of a layer ("consult.a : consult.b" or "consult.a | consult.b")."""
    return re.split(r"[:|]", layer)[0].strip()


def _breaches():
    """(contract, module, import added inside a function, a name the report must give)."""
    yield "acyclic", "consult.summaries.themes", "from .cache import cached_summary", "consult.summaries"
    yield "acyclic", "consult.contributions.status", "from . import services", "consult.contributions"
    yield "acyclic", "consult.consultations.services", "from ..contributions import listing", ".consultations"
    yield "routes", "consult.admin.services", "from ..manage.routes import bp", "consult.manage.routes"
    yield "routes", "consult.summaries.report", "from .routes import bp", "consult.summaries.routes"
    # One for each floor contract, whatever modules it names: its lowest source reaches up.
    for contract in CONTRACTS:
        if contract["type"] == "forbidden":
            source = contract["source_modules"][0]
            yield contract["id"], source, f"import {contract['forbidden_modules'][0]}", source
        elif contract["type"] == "layers":
            low = _first(contract["layers"][-1])
            yield contract["id"], low, f"import {_first(contract['layers'][0])}", low


def test_every_contract_is_shown_to_fail():
    assert {contract["id"] for contract in CONTRACTS} == {breach[0] for breach in _breaches()}


@pytest.mark.parametrize(("contract", "module", "import_line", "named"), list(_breaches()))
def test_each_contract_fails_on_a_breach(copy, contract, module, import_line, named):
    assert _lint(copy(module, "pass"), contract).returncode == 0
    result = _lint(copy(module, import_line), contract)
    assert result.returncode != 0 and "BROKEN" in result.stdout and named in result.stdout


def test_a_cycle_through_a_package_init_is_found(copy):
    where = copy("consult.models.audit", "from .. import models")
    assert "consult.models.audit -> consult.models -> consult.models.audit" in _through_parents(where)
