"""PDF: page count, encryption and text, through pypdf held within limits.

pypdf parses hostile input for a living but can still be slow or raise
anything on a broken file; here it runs with its per-stream limits lowered
to ours, a page count limit, a time budget checked between pages, and every
exception it can raise turned into a Russian refusal.
"""
from __future__ import annotations

import contextlib
import dataclasses
import io
import logging
import re
import time

from core.docinspect._base import Inspected, InspectionRefused, corrupt, plural, refuse, too_slow

log = logging.getLogger(__name__)

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _configuration(pypdf, limits):
    # NB: pypdf >= 7 takes its limits from a context-local configuration;
    # older ones keep their own (75 MB per stream) defaults.
    apply = getattr(pypdf, "apply_configuration", None)
    if apply is None:
        return contextlib.nullcontext()
    stream = limits.max_pdf_stream
    wanted = {
        "zlib_maximum_output_length": stream,
        "lzw_maximum_output_length": stream,
        "run_length_maximum_output_length": stream,
        "brotli_maximum_output_length": stream,
        "jbig2_maximum_output_length": stream,
        "array_based_stream_maximum_output_length": stream,
        "image_maximum_buffer_size": stream,
        "maximum_declared_stream_length": max(stream, limits.max_size),
        "stream_decoding_work_maximum_length": max(stream, limits.max_inflated),
        "stream_parsing_work_maximum_count": limits.max_pdf_operations,
    }
    known = {field.name for field in dataclasses.fields(pypdf.Configuration)}
    return apply(**{key: value for key, value in wanted.items() if key in known})


def inspect_pdf(data, name, limits):
    """Check a PDF within the limits and extract its text, page by page."""
    import pypdf
    from pypdf.errors import FileNotDecryptedError, LimitReachedError

    started = time.monotonic()
    texts = []
    chars = 0
    try:
        with _configuration(pypdf, limits):
            reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted and not _opens_without_password(reader):
                _encrypted(name)
            _refuse_active_content(reader, name, limits, started)
            count = len(reader.pages)
            if count > limits.max_pdf_pages:
                refuse("pages", f"Файл «{name}» не принят: в нём {count} "
                                f"{plural(count, 'страница', 'страницы', 'страниц')}, "
                                f"допускается не больше {limits.max_pdf_pages}.")
            if count == 0:
                corrupt(name, "в PDF нет ни одной страницы")
            for index in range(count):
                text = _CONTROL.sub("", reader.pages[index].extract_text() or "")
                chars += len(text)
                if chars > limits.max_text:
                    refuse("text_too_long", f"Файл «{name}» не принят: текст документа длиннее "
                                            f"{limits.max_text} символов.")
                texts.append(text.replace("\r\n", "\n").replace("\r", "\n"))
                if time.monotonic() - started > limits.max_seconds:
                    too_slow(name, limits)
    except InspectionRefused:
        raise
    except FileNotDecryptedError:
        _encrypted(name)
    except LimitReachedError as exc:
        log.info("PDF %r refused by pypdf's limits: %s", name, exc)
        refuse("pdf_limits", f"Файл «{name}» не принят: в PDF слишком большой или слишком сложный "
                             f"поток данных.")
    except RecursionError:
        corrupt(name, "структура PDF зациклена или слишком глубока")
    except Exception:
        # NB: pypdf raises PdfReadError, but also KeyError, ValueError,
        # TypeError... on broken files; the user gets one clear sentence,
        # the operator the traceback in the log.
        log.info("PDF %r is unreadable", name, exc_info=True)
        corrupt(name, "PDF не удаётся прочитать")
    return Inspected("pdf", name, len(data), "\n".join(t.strip("\n") for t in texts).strip(),
                     pages=count)


# Keys of a dictionary that run something: scripts, actions on events, program launches.
_ACTIVE_KEYS = frozenset(("/JS", "/JavaScript", "/AA", "/Launch"))
# Action types (/S) that do the same where an action is written out.
_ACTIVE_ACTIONS = frozenset(("/JavaScript", "/Launch"))


def _object_numbers(reader):
    """``(number, generation)`` of every object the file's cross-reference lists, in streams too."""
    for generation, numbers in reader.xref.items():
        for number in numbers:
            yield number, generation
    for number in reader.xref_objStm:
        yield number, 0


def _refuse_active_content(reader, name, limits, started):
    """Refuse a PDF holding JavaScript, actions on events (/AA) or program launches, wherever they are.

    Every object the cross-reference lists is read (the catalog, pages,
    annotations, outlines, name trees, form fields, objects in object
    streams), and every dictionary in it, so no place that can hold an
    action is missed; pypdf has already undone ``#``-escapes in names.
    """
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    visited = 0
    for number, generation in _object_numbers(reader):
        pending = [reader.get_object(IndirectObject(number, generation, reader))]
        while pending:
            obj = pending.pop()
            visited += 1
            if visited % 1000 == 0 and time.monotonic() - started > limits.max_seconds:
                too_slow(name, limits)
            if isinstance(obj, DictionaryObject):
                if not _ACTIVE_KEYS.isdisjoint(obj.keys()) or obj.get("/S") in _ACTIVE_ACTIONS:
                    refuse("active_content", f"Файл «{name}» не принят: в PDF есть сценарии JavaScript или "
                                             f"действия, которые запускаются сами (при открытии, на событие, "
                                             f"запуск программ). Сохраните документ заново без них (например, "
                                             f"печатью в PDF) и загрузите снова.")
                # NB: references are not followed: the objects they name are read in their turn.
                pending.extend(value for value in obj.values() if isinstance(value, (DictionaryObject, ArrayObject)))
            elif isinstance(obj, ArrayObject):
                pending.extend(value for value in obj if isinstance(value, (DictionaryObject, ArrayObject)))


def _opens_without_password(reader):
    # A PDF encrypted only with an owner password (printing/copying rights)
    # opens with the empty user password, as in every viewer.
    try:
        return bool(reader.decrypt(""))
    except Exception:
        return False


def _encrypted(name):
    refuse("encrypted", f"Файл «{name}» защищён паролем; сохраните его без пароля и загрузите снова.")
