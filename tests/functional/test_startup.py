"""Start-up: every page template compiled before the first request, the compiled modules shared by processes,
and the start-up's objects frozen out of the garbage collector's way."""
import gc
import inspect
import subprocess
import sys
import threading

import pytest
from chameleon.template import BaseTemplate
from chameleon.zpt.template import PageTemplate
from pyramid.view import view_config

import core
from core.startup import ProcessLoader, view_templates
from core.testing import SETTINGS

MODULE_FRAME = sys._getframe()


def test_every_page_template_is_compiled_before_the_first_request(app):
    templates = view_templates(app.registry)
    names = {t.filename.rsplit("/", 1)[-1] for t in templates}
    assert len(templates) > 40 and {"people.pt", "history.pt", "tasks.pt"} <= names
    assert all(t._cooked for t in templates)
    assert gc.get_freeze_count() > 0


def test_the_collector_rests_while_the_application_is_built_and_is_left_as_it_was(monkeypatch):
    seen = []
    monkeypatch.setattr(core, "_application", lambda settings: seen.append(gc.isenabled()) or "app")
    assert gc.isenabled() and core.main({}) == "app" and seen == [False] and gc.isenabled()
    gc.disable()
    try:
        core.main({})
        assert not gc.isenabled()
    finally:
        gc.enable()

    def refused(settings):
        raise ValueError("bad settings")
    monkeypatch.setattr(core, "_application", refused)
    with pytest.raises(ValueError):
        core.main({})
    assert gc.isenabled()


def test_a_view_records_where_it_is_written_as_pyramid_would(app):
    assert view_config._get_info is core._view_info
    decorator, here = view_config(name="probe"), inspect.getframeinfo(inspect.currentframe())
    assert decorator._info == (here.filename, here.lineno, here.function, here.code_context[0].strip())


class _InAClass:
    frame = sys._getframe()


def _in_a_function():
    return sys._getframe()


def test_venusian_records_where_a_view_is_written_as_it_would_itself(app):
    import venusian
    from venusian.advice import getFrameInfo
    assert venusian.getFrameInfo is core._frame_info
    for frame in (sys._getframe(), _in_a_function(), _InAClass.frame, MODULE_FRAME):
        ours, theirs = core._frame_info(frame), getFrameInfo(frame)
        assert ours[:4] == theirs[:4] and ours[4] == theirs[4]


def test_templates_compiled_by_several_threads_at_once_all_compile():
    # NB: each its own text: nothing compiled before, so every thread compiles at the same moment.
    bodies = [f'<div tal:repeat="i range({n})"><p tal:condition="i % 2">${{i * {n}}}</p></div>' for n in range(1, 17)]
    errors, barrier = [], threading.Barrier(len(bodies))

    def compile_one(body):
        barrier.wait()
        try:
            PageTemplate(body)
        except Exception as exc:  # noqa: BLE001  (what a thread met is what the test reports)
            errors.append(exc)
    threads = [threading.Thread(target=compile_one, args=(body,)) for body in bodies]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == [] and getattr(BaseTemplate.cook, "one_at_a_time", False)
    assert isinstance(BaseTemplate.loader, ProcessLoader)


@pytest.mark.slow
def test_a_second_process_loads_the_templates_another_compiled_into_the_shared_cache(tmp_path):
    script = f"""
import time
from core.testing import SETTINGS
from core import main
from core.startup import view_templates
start = time.perf_counter()
app = main({{}}, **{{**SETTINGS, "oko.template_cache": {str(tmp_path)!r}}})
print(len(view_templates(app.registry)))
"""
    first = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=600, check=True)
    modules = sorted(p.name for p in tmp_path.glob("*.py"))
    # NB: one module per text: a template two views name by two specs is one module.
    assert int(first.stdout.split()[-1]) >= len(modules) > 40
    stamps = {p.name: p.stat().st_mtime_ns for p in tmp_path.glob("*.py")}
    subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=600, check=True)
    # the second process compiled nothing: it loaded every module the first wrote, and wrote none
    assert {p.name: p.stat().st_mtime_ns for p in tmp_path.glob("*.py")} == stamps


# Libraries a few pages or steps use, imported where they are used: none is a worker's start.
LATE_LIBRARIES = ("openpyxl", "numpy", "sklearn", "docxtpl", "docx", "zxcvbn")


@pytest.mark.slow
def test_a_worker_starts_without_the_libraries_only_a_few_pages_use(tmp_path):
    # NB: the settings written out: core.testing imports the demo data, whose Word files need python-docx.
    script = f"""
import sys
from core import main
main({{}}, **{ {**SETTINGS, "oko.template_cache": str(tmp_path)}!r})
print(" ".join(sorted(name for name in {LATE_LIBRARIES!r} if name in sys.modules)))
"""
    first = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=600, check=True)
    # the first start of a machine checks every Word template (docxtpl) and records the sound ones
    assert "docxtpl" in first.stdout.split() and any((tmp_path / "docx").iterdir())
    second = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=600, check=True)
    assert second.stdout.split() == []
