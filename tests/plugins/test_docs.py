"""The plugin guide, ``docs/plugins.md``: its generated part is the code's own word, never stale, every hook in it
with its example; README points to it."""
from pathlib import Path

import pytest

from core import docs, hookspecs

ROOT = Path(__file__).resolve().parents[2]
HOOKS = sorted(n for n in dir(hookspecs) if n.startswith("oko_"))


def test_the_generated_part_of_the_guide_is_the_codes_current_word():
    text = docs.GUIDE.read_text("utf-8")
    assert docs.with_generated(text) == text, "docs/plugins.md is stale: run .venv/bin/python -m core.docs"
    assert docs.main(["--check"]) == 0


def test_every_hook_is_in_the_guide_with_its_signature_and_example():
    grouped = [name for _, names in docs.hook_groups() for name in names]
    assert sorted(grouped) == HOOKS, "a hook outside the banner groups of core/hookspecs.py"
    section = docs.hooks_section()
    for name in HOOKS:
        assert f"#### `{name}`\n\n```python\n{docs.signature(name)}\n```" in section
        assert docs.example_of(name).strip() in section


def test_a_hook_without_an_example_stops_the_guide(monkeypatch):
    def oko_undocumented(region: str) -> list:
        """A hook documented but for its example.

        :param region: the region code.
        :return: a list.
        """
    monkeypatch.setattr(hookspecs, "oko_undocumented", oko_undocumented, raising=False)
    with pytest.raises(ValueError, match="oko_undocumented: в описании хука нет примера"):
        docs.example_of("oko_undocumented")


def test_a_stale_guide_is_told(monkeypatch, tmp_path, capsys):
    guide = tmp_path / "plugins.md"
    guide.write_text(docs.GUIDE.read_text("utf-8").replace("#### `oko_risk_factors`", "#### `oko_risk_factor`"))
    monkeypatch.setattr(docs, "GUIDE", guide)
    assert docs.main(["--check"]) == 1
    assert "устарел" in capsys.readouterr().err
    assert docs.main([]) == 0 and docs.main(["--check"]) == 0


def test_the_guide_lists_the_codes_the_host_accepts():
    from core.plugins import Host, make_plugin_manager
    text = docs.codes_section()
    lists = Host(make_plugin_manager(entrypoints=False)).code_lists()
    for kind, (_, codes) in lists.items():
        assert f"### {kind}\n" in text and all(f"| `{code}` |" in text for code in codes)


def test_the_markdown_of_a_docstring_keeps_its_code_blocks_and_arguments():
    doc = '''Say it.

    :param region: the region
        code.
    :return: a ``PassThreshold``.

    Example::

        x = 1
    '''
    assert docs.markdown(doc) == ("Say it.\n\n- `region`: the region code.\n\n**Returns** a `PassThreshold`.\n\n"
                                  "**Example**\n\n```python\nx = 1\n```\n")


def test_readme_points_to_the_guide_and_the_scaffold_and_tells_the_truth_of_the_two_plugins():
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "docs/plugins.md" in readme and "oko new-plugin" in readme and "oko check-plugin" in readme
    assert "thirty lines" not in readme
