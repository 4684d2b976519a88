"""What a plugin answers, checked against the shapes of ``core.plugin_types``.

A hook's return annotation in ``core.hookspecs`` is the schema of its
answer: lists, dicts, unions, ``Literal`` values, TypedDicts (their required
and optional keys, and no other), and ``Annotated[str, Codes(kind)]`` for a
code that must be one of a known list (competences, roles, workflows...).
``problems`` walks an answer and that annotation together and says, in
Russian, what is wrong with which item; the plugin host (``core.plugins``)
checks every answer it is given this way, so a wrong shape stops start-up
or the first call with a message naming the plugin, the hook and the item
instead of a ``KeyError`` deep in the core. No check is written by hand for
one hook: a new hook, or a new key of an item, is checked as soon as its
type says so.
"""
import collections.abc
import datetime
import inspect
import types
import typing
from pathlib import PurePath

from core import hookspecs
from core.plugin_types import Codes

# NB: the keys that name an item in a list answer, so a message can say which one is wrong.
NAME_KEYS = ("code", "name")
_TYPE_NAMES = {str: "текст", int: "целое число", float: "число", bool: "True или False", list: "список",
               dict: "словарь", datetime.date: "дата (datetime.date)", datetime.timedelta: "срок (datetime.timedelta)"}


def expected_shape(hook_name):
    """The return annotation of the hook ``hook_name``, evaluated among the names ``core.hookspecs`` imports."""
    annotation = inspect.signature(getattr(hookspecs, hook_name)).return_annotation
    return eval(annotation, vars(hookspecs)) if isinstance(annotation, str) else annotation


def type_name(shape):
    """A Russian name of an annotation, for a message: «список», «дата», «одно из: a, b»."""
    origin, args = typing.get_origin(shape), typing.get_args(shape)
    if origin is typing.Annotated:
        return type_name(args[0])
    if origin is typing.Literal:
        return "одно из: " + ", ".join(repr(a) for a in args)
    if origin in (typing.Union, types.UnionType):
        return " или ".join(type_name(a) for a in args)
    if origin in (list, collections.abc.Sequence):
        return "список"
    if origin in (dict, collections.abc.Mapping):
        return "словарь"
    if origin is collections.abc.Callable:
        return "функция"
    if typing.is_typeddict(shape):
        return f"словарь {shape.__name__}"
    if shape is None or shape is type(None):
        return "None"
    return _TYPE_NAMES.get(shape, getattr(shape, "__name__", str(shape)))


def _shown(value):
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _item_name(value, index):
    if isinstance(value, dict):
        for key in NAME_KEYS:
            if isinstance(value.get(key), str) and value[key]:
                return f"«{value[key]}»"
    return f"№ {index + 1}"


class Checker:
    """Walks an answer and its annotation; ``codes(kind)`` gives the known codes of a list, or None."""

    def __init__(self, codes=None):
        self.codes = codes or (lambda kind: None)

    def problems(self, value, shape, where=""):
        """``[(where, message)]``: every way ``value`` differs from ``shape``, Russian, empty when it conforms."""
        out = []
        self._check(value, shape, where, out)
        return out

    def _check(self, value, shape, where, out):
        origin, args = typing.get_origin(shape), typing.get_args(shape)
        if shape is typing.Any or isinstance(shape, (str, typing.ForwardRef)) or shape is object:
            return
        if origin in (typing.NotRequired, typing.Required):
            return self._check(value, args[0], where, out)
        if origin is typing.Annotated:
            before = len(out)
            self._check(value, args[0], where, out)
            if len(out) == before:
                self._codes(value, shape.__metadata__, where, out)
            return
        if shape is None or shape is type(None):
            if value is not None:
                out.append((where, f"ожидается None (хук меняет переданный объект на месте и ничего не "
                                   f"возвращает), получено {_shown(value)}"))
            return
        if origin is typing.Literal:
            if value not in args:
                out.append((where, f"ожидается {type_name(shape)}, получено {_shown(value)}"))
            return
        if origin in (typing.Union, types.UnionType):
            return self._union(value, args, where, out)
        if origin in (list, collections.abc.Sequence):
            return self._sequence(value, args[0] if args else typing.Any, where, out)
        if origin in (dict, collections.abc.Mapping):
            return self._mapping(value, args or (typing.Any, typing.Any), where, out)
        if origin is collections.abc.Callable or shape is collections.abc.Callable:
            if not callable(value):
                out.append((where, f"ожидается функция, получено {_shown(value)}"))
            return
        if typing.is_typeddict(shape):
            return self._typeddict(value, shape, where, out)
        if shape is float:
            ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        elif shape is int:
            ok = isinstance(value, int) and not isinstance(value, bool)
        elif isinstance(shape, type) and issubclass(shape, PurePath):
            ok = isinstance(value, PurePath)
        elif isinstance(shape, type):
            ok = isinstance(value, shape)
        else:
            ok = True
        if not ok:
            out.append((where, f"ожидается {type_name(shape)}, получено {_shown(value)}"))

    def _codes(self, value, metadata, where, out):
        for marker in metadata:
            if not isinstance(marker, Codes):
                continue
            known = self.codes(marker.kind)
            if known is not None and value not in known:
                listed = ", ".join(sorted(known)) or "—"
                out.append((where, f"неизвестный код {_shown(value)} (допустимы: {listed})"))

    def _union(self, value, args, where, out):
        if value is None and type(None) in args:
            return
        args = [a for a in args if a is not type(None)] or list(args)
        tried = [(arg, self.problems(value, arg, where)) for arg in args]
        if any(not found for _, found in tried):
            return
        # NB: the branch of the value's own kind is the one the author meant (a dict: an item, not a
        # withdrawal, by the fewest problems; a text: the code it should have been); of none, say all.
        near = [found for arg, found in tried if _fits(value, arg)]
        if near:
            out.extend(min(near, key=len))
        else:
            out.append((where, f"ожидается {' или '.join(type_name(a) for a in args)}, получено {_shown(value)}"))

    def _sequence(self, value, item_shape, where, out):
        if isinstance(value, (str, bytes)) or not isinstance(value, (list, tuple)):
            out.append((where, f"ожидается список, получено {_shown(value)}"))
            return
        seen = {}
        for index, item in enumerate(value):
            name = _item_name(item, index)
            self._check(item, item_shape, _join(where, f"пункт {name}"), out)
            key = next((item[k] for k in NAME_KEYS if isinstance(item, dict) and isinstance(item.get(k), str)), None)
            if key is None:
                continue
            if key in seen:
                out.append((_join(where, f"пункт {name}"),
                            f"код «{key}» повторяется (пункты № {seen[key] + 1} и № {index + 1})"))
            else:
                seen[key] = index

    def _mapping(self, value, args, where, out):
        if not isinstance(value, dict):
            out.append((where, f"ожидается словарь, получено {_shown(value)}"))
            return
        key_shape, value_shape = args
        for key, item in value.items():
            here = _join(where, f"ключ «{key}»")
            self._check(key, key_shape, here, out)
            self._check(item, value_shape, here, out)

    def _typeddict(self, value, shape, where, out):
        if not isinstance(value, dict):
            out.append((where, f"ожидается словарь {shape.__name__}, получено {_shown(value)}"))
            return
        required, optional = shape.__required_keys__, shape.__optional_keys__
        missing = sorted(required - set(value))
        unknown = sorted(set(value) - required - optional, key=str)
        if missing:
            out.append((where, "нет ключа " + ", ".join(f"«{k}»" for k in missing)))
        if unknown:
            allowed = ", ".join(sorted(required | optional))
            out.append((where, "неизвестный ключ " + ", ".join(f"«{k}»" for k in unknown) +
                        f" (ключи {shape.__name__}: {allowed})"))
        annotations = shape.__annotations__
        for key in sorted(set(value) & set(annotations)):
            self._check(value[key], annotations[key], _join(where, f"поле «{key}»"), out)


def _join(where, part):
    return f"{where}, {part}" if where else part


def problems(value, shape, codes=None):
    """``[(where, message)]``: how ``value`` differs from the annotation ``shape`` (``codes(kind)``: known codes)."""
    return Checker(codes).problems(value, shape)


def answer_problems(hook_name, answer, codes=None):
    """``[(where, message)]``: how a plugin's answer to ``hook_name`` differs from the hook's return type."""
    return problems(answer, expected_shape(hook_name), codes)


def describe(plugin, hook_name, found, region=None):
    """Russian lines, one per problem, each naming the plugin, the hook (and region) and the item."""
    where_region = f" (регион {region})" if region and region != "*" else ""
    head = f"Плагин «{plugin}», хук «{hook_name}»{where_region}"
    return [f"{head}, {where}: {message}" if where else f"{head}: {message}" for where, message in found]


def _fits(value, shape):
    """Whether ``value`` is of the kind of ``shape`` (a dict for a TypedDict...), whatever its contents."""
    origin = typing.get_origin(shape)
    if origin is typing.Annotated:
        return _fits(value, typing.get_args(shape)[0])
    if typing.is_typeddict(shape) or origin in (dict, collections.abc.Mapping):
        return isinstance(value, dict)
    if origin in (list, collections.abc.Sequence):
        return isinstance(value, (list, tuple))
    if origin is None and isinstance(shape, type):
        return not Checker().problems(value, shape)
    return False
