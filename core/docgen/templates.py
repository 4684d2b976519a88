"""Loading a template: the .docx and its schema, checked against each other, compiled once."""
import dataclasses
import datetime
import hashlib
import importlib.metadata
import logging
import os
import tempfile
import threading
from collections import OrderedDict
from pathlib import Path

from core.docgen.engine import CompiledDocx, GenerationRefused, TemplateSyntax
from core.docgen.schema import SYSTEM_VARIABLES, SchemaError, parse_schema, schema_from_data
from core.docgen.values import build_context, sample_values
from core.refused import Refused

log = logging.getLogger(__name__)

SCHEMA_SUFFIX = ".toml"
# Compiled templates kept in memory, by content: a region's set is a dozen.
CACHE_SIZE = 128


class TemplateError(Refused, ValueError):
    """A template is broken; the message names the file and the variable, one problem a line."""

    ERROR = "template_invalid"

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems), "invalid", self.problems)


@dataclasses.dataclass(frozen=True, eq=False)
class DocTemplate:
    """A loaded template: its name, schema, bytes and compiled form."""

    name: str
    schema: object
    data: bytes
    sha256: str
    where: str
    compiled: CompiledDocx = dataclasses.field(repr=False)

    @property
    def title(self):
        """The template's Russian title."""
        return self.schema.title

    def render(self, values, number=None, date=None):
        """A ``Generated`` document from ``values`` (and the act's number and date once approved).

        Raises GenerationRefused with a Russian message for a missing or bad
        value, or when the output would keep an unfilled placeholder.
        """
        return self.compiled.render(build_context(self.schema, values, number, date))


def _problems(compiled, schema, where, schema_where):
    """What is wrong between a compiled template and its schema, one message each."""
    names, loops = compiled.variables()
    problems = []
    declared = set(schema.names) | set(SYSTEM_VARIABLES)
    for name in sorted(names - declared):
        problems.append(f"{where}: в шаблоне есть «{{{{ {name} }}}}», но в схеме {schema_where} "
                        f"нет переменной «{name}».")
    for var in schema.variables:
        if var.name not in names:
            problems.append(f"{where}: переменная «{var.name}» описана в схеме {schema_where}, "
                            "но в шаблоне её нет.")
            continue
        if var.type != "table":
            continue
        if var.name not in loops:
            problems.append(f"{where}: таблицу «{var.name}» нужно перебирать циклом "
                            f"«{{%tr for row in {var.name} %}}».")
            continue
        columns = {c.name for c in var.columns}
        for col in sorted(loops[var.name] - columns):
            problems.append(f"{where}: в шаблоне есть столбец «{col}» таблицы «{var.name}», "
                            f"но в схеме {schema_where} его нет.")
        for col in sorted(columns - loops[var.name]):
            problems.append(f"{where}: столбец «{col}» таблицы «{var.name}» описан в схеме "
                            f"{schema_where}, но в шаблоне его нет.")
    return problems


def _build(name, data, schema, where, schema_where):
    sha = hashlib.sha256(data + repr(schema.as_data()).encode("utf-8")).hexdigest()
    try:
        compiled = CompiledDocx(data)
    except TemplateSyntax as exc:
        raise TemplateError([f"{where}: {exc}"]) from None
    except Exception as exc:  # noqa: BLE001 - zip, XML or package errors alike
        raise TemplateError([f"{where}: не читается как документ Word (.docx): "
                             f"{exc.__class__.__name__}: {exc}"]) from None
    problems = _problems(compiled, schema, where, schema_where)
    if not problems:
        # NB: a trial render finds, at load time, what would otherwise fail a user.
        try:
            compiled.render(build_context(schema, sample_values(schema), 1, datetime.date(2000, 1, 1)))
        except GenerationRefused as exc:
            problems.append(f"{where}: пробное заполнение не удалось: {exc}")
        except Exception as exc:  # noqa: BLE001 - any failure of a template is the template's
            problems.append(f"{where}: пробное заполнение не удалось: {exc.__class__.__name__}: {exc}")
    if problems:
        raise TemplateError(problems)
    return DocTemplate(name, schema, data, sha, where, compiled)


class _Cache:
    """Loaded templates by file identity and by content; a bounded LRU, safe across threads."""

    def __init__(self, size):
        self.size = size
        self.lock = threading.Lock()
        self.items = OrderedDict()

    def get(self, key, build):
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
        value = build()
        with self.lock:
            self.items[key] = value
            while len(self.items) > self.size:
                self.items.popitem(last=False)
        return value

    def clear(self):
        with self.lock:
            self.items.clear()


# NB: a memo of a pure function of file contents, not a registry: clearing it
# changes nothing but speed.
_CACHE = _Cache(CACHE_SIZE)


def schema_path(path):
    """The schema sidecar of the template at ``path``."""
    return Path(path).with_suffix(SCHEMA_SUFFIX)


def _stat_key(path):
    st = path.stat()
    return st.st_mtime_ns, st.st_size


def load_template(path, name=None):
    """The template at ``path`` with the schema beside it, checked and compiled.

    Cached by the files' modification times, so a template edited in Word is
    picked up at once. Raises TemplateError naming the file and the variable
    when the template and its schema disagree or either is malformed.
    """
    path = Path(path)
    side = schema_path(path)
    name = name or path.stem
    if not path.is_file():
        raise TemplateError([f"{path}: файла шаблона нет."])
    if not side.is_file():
        raise TemplateError([f"{path}: нет файла схемы переменных {side.name} рядом с шаблоном."])
    key = ("file", str(path), name, _stat_key(path), _stat_key(side))

    def build():
        try:
            schema = parse_schema(side.read_text("utf-8"), str(side))
        except SchemaError as exc:
            raise TemplateError([str(exc)]) from None
        return _build(name, path.read_bytes(), schema, str(path), side.name)
    return _CACHE.get(key, build)


def template_from_snapshot(name, data, schema_data):
    """A template kept with an act (its .docx bytes and schema data), compiled once per content."""
    schema = schema_from_data(schema_data)
    key = ("snapshot", name, hashlib.sha256(data).hexdigest(), repr(schema_data))
    where = f"снимок шаблона «{name}»"
    return _CACHE.get(key, lambda: _build(name, data, schema, where, where))


def clear_cache():
    """Forget every compiled template (tests; never needed for correctness)."""
    _CACHE.clear()


# What a template's check depends on besides its two files: the libraries that read and render it.
CHECKING_LIBRARIES = ("docxtpl", "python-docx", "jinja2", "lxml")


def _checking_code_digest():
    """A digest of the code that checks a template: this package's modules and the libraries' versions."""
    digest = hashlib.sha256()
    for module in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(module.name.encode("utf-8") + b"\0" + module.read_bytes())
    for name in CHECKING_LIBRARIES:
        digest.update(f"{name}=={importlib.metadata.version(name)}".encode("utf-8"))
    return digest


class SoundTemplates:
    """Which templates a process of this machine already found sound, kept as empty files in ``directory``.

    A file is named by the digest of a template's .docx, its schema and the
    code that checks them (``_checking_code_digest``): a template edited, a
    schema changed, this package or docxtpl updated, and the template is
    checked anew. Only sound templates are recorded, so a broken one is
    reported at every start. Processes starting at once may share the
    directory: a record is written under a temporary name and renamed.
    """

    def __init__(self, directory):
        self.directory = Path(directory)
        self._code = None

    def _path(self, path):
        if self._code is None:
            self._code = _checking_code_digest()
        digest = self._code.copy()
        for part in (Path(path), schema_path(path)):
            data = part.read_bytes()
            digest.update(len(data).to_bytes(8, "big") + data)
        return self.directory / digest.hexdigest()

    def known(self, path):
        """Whether the template at ``path`` (and its schema) was found sound as it is now."""
        try:
            return self._path(path).exists()
        except OSError:
            return False

    def remember(self, path):
        """Record that the template at ``path`` was loaded, checked and rendered without a problem.

        A record that cannot be written (a read-only directory, a full disk)
        is left out: the template is only checked again at the next start.
        """
        try:
            target = self._path(path)
            self.directory.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(dir=self.directory, prefix=".checking-")
            os.close(fd)
            os.replace(temp, target)
        except OSError as exc:
            log.warning("Не удалось записать, что шаблон %s проверен: %s", path, exc)
