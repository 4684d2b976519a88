"""`oko new-plugin`: a new region's plugin whose own tests pass as made, and still pass once it takes up
the guide's example of every hook; run as an outside author would run them, with OKO Case installed and
nothing of this checkout's ``tests/`` importable.
"""
import os
import subprocess
import sys
from pathlib import Path

import pytest

from core import hookspecs
from core.cli import main
from core.scaffold import ScaffoldRefused, new_plugin
from tests.plugins.test_hook_reference import HOOKS, example_of

NAME, REGION, TITLE = "chelyabinsk", "74", "Челябинская область"
# NB: the guide's examples are Tver's (69); the author makes them the region's own.
RENAMES = (("oko_tver", f"oko_{NAME}"), ("tver", NAME), ("Тверск", "Челябинск"), ('"69"', f'"{REGION}"'),
           ("region69", f"region{REGION}"))


def run(folder, *command):
    """``command`` (of this Python, or ``oko``) run in ``folder`` as an author's shell would: the checkout not on
    the path."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTEST_ADDOPTS", "PYTEST_XDIST_WORKER")}
    program = [str(Path(sys.executable).parent / "oko")] if command[0] == "oko" else [sys.executable]
    return subprocess.run([*program, *command[command[0] == "oko":]], cwd=folder, env=env, capture_output=True,
                          text=True, timeout=600)


def adapted(code):
    """The guide's example made Chelyabinsk's."""
    for old, new in RENAMES:
        code = code.replace(old, new)
    return code


def add_the_guides_examples(folder):
    """Every hook's example of the guide, a module each in ``oko_chelyabinsk/guide/``, one more plugin of the
    distribution (``chelyabinsk_guide``, for region 74) beside the scaffold's own, as its setup.cfg names it."""
    guide = folder / f"oko_{NAME}" / "guide"
    guide.mkdir()
    imports = []
    for hook in HOOKS:
        if hook == "oko_plugin_info":
            continue
        (guide / f"{hook}.py").write_text(adapted(example_of(hook)), "utf-8")
        imports.append(f"from oko_{NAME}.guide.{hook} import {hook}  # noqa: F401\n")
    (guide / "__init__.py").write_text(
        '"""The guide\'s example of every hook, made Chelyabinsk\'s: a plugin of its own."""\n'
        "from core.plugin import hookimpl\n" + "".join(imports) + "\n\n@hookimpl\ndef oko_plugin_info():\n"
        f'    return {{"name": "{NAME}_guide", "version": "0.1.0", "regions": ["{REGION}"]}}\n', "utf-8")
    setup = folder / "setup.cfg"
    # NB: the guide first: the scaffold's own answers (its deadline) win over the examples'.
    setup.write_text(setup.read_text("utf-8").replace(
        f"oko_plugins = {NAME} = oko_{NAME}",
        f"oko_plugins =\n    {NAME}_guide = oko_{NAME}.guide\n    {NAME} = oko_{NAME}"), "utf-8")
    return guide


def test_a_new_plugin_is_a_distribution_with_the_entry_point_the_info_hook_and_tests(tmp_path, capsys):
    folder = tmp_path / "oko-chelyabinsk"
    assert main(["new-plugin", "--region", REGION, "--name", NAME, "--title", TITLE, str(folder)]) == 0
    assert "pip install -e" in capsys.readouterr().out
    setup = (folder / "setup.cfg").read_text("utf-8")
    assert f"oko =\n    {NAME} = oko_{NAME}" in setup and f"oko_region = {REGION}" in setup
    package = (folder / f"oko_{NAME}" / "__init__.py").read_text("utf-8")
    assert '"regions": [REGION]' in package and f'REGION = "{REGION}"' in package and TITLE in package
    assert {p.name for p in (folder / "tests").iterdir()} == {"conftest.py", "test_plugin.py"}
    assert (folder / "regional_overrides" / REGION / "lists.toml").exists()
    assert (folder / f"oko_{NAME}" / "templates").is_dir()


@pytest.mark.parametrize("name, region, why", [("Chelyabinsk", "74", "латинские строчные"),
                                               ("chelyabinsk", "Челябинск", "две цифры")])
def test_a_name_or_region_that_cannot_be_one_is_refused(tmp_path, name, region, why):
    with pytest.raises(ScaffoldRefused, match=why):
        new_plugin(tmp_path / "x", name, region)
    assert not (tmp_path / "x").exists()


def test_a_folder_that_holds_something_is_left_alone(tmp_path):
    (tmp_path / "notes.txt").write_text("мои заметки")
    with pytest.raises(ScaffoldRefused, match="не пуста"):
        new_plugin(tmp_path, NAME, REGION)
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


@pytest.mark.slow
def test_a_new_plugin_extended_by_every_example_of_the_guide_passes_its_tests_and_check_plugin(tmp_path):
    folder = tmp_path / "oko-chelyabinsk"
    new_plugin(folder, NAME, REGION, TITLE)
    # NB: the only ``tests`` it can import is its own folder: nothing of this checkout's.
    clean = run(folder, "-c", "import importlib.util as u; print(u.find_spec('tests.factories')); "
                              "print(*u.find_spec('tests').submodule_search_locations)")
    assert clean.stdout.split() == ["None", str(folder / "tests")], clean.stderr
    made = run(folder, "-m", "pytest", "-q", "-p", "no:cacheprovider")
    assert made.returncode == 0, made.stdout + made.stderr
    assert made.stdout.splitlines()[-1].startswith("7 passed")

    guide = add_the_guides_examples(folder)
    assert len(list(guide.glob("oko_*.py"))) == len([h for h in dir(hookspecs) if h.startswith("oko_")]) - 1
    extended = run(folder, "-m", "pytest", "-q", "-p", "no:cacheprovider")
    assert extended.returncode == 0, extended.stdout + extended.stderr
    checked = run(folder, "oko", "check-plugin", f"{NAME}_guide", "--module", f"{NAME}_guide=oko_{NAME}.guide",
                  "--module", f"{NAME}=oko_{NAME}")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.rstrip().endswith("Ошибок не найдено.")
    assert "  ✓ приложение запущено" in checked.stdout.splitlines()
