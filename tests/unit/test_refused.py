"""Every "no" a person is told is a ``Refused``: one base, a code, a status, and the API's error."""
import importlib
import inspect
import pkgutil

import pytest

import core
import oko_krasnoyarsk
import oko_sverdlovsk
from core.acts import ActRefused
from core.api.validation import ApiError
from core.cmm.bank import ItemRefused
from core.refused import Refused, StepRefused
from core.search.params import ParamError
from core.security.roles import RoleError
from core.workflow import WorkflowError

# Exceptions that are no refusal: a program that broke a rule of the code, no person's to correct, and the
# form that did not validate, which the form itself shows again with its marks.
NOT_REFUSALS = {
    "core.cmm.model.ItemFrozen": "a stored version of an item was written to",
    "core.cmm.scoring.NotClosed": "a case was handed to automatic scoring",
    "core.web.forms.FormInvalid": "deform's ValidationFailure: the form is rendered again with its messages",
}


def exception_classes():
    """Every exception class defined in core and in the regional plugins, by its dotted name."""
    found = {}
    for package in (core, oko_krasnoyarsk, oko_sverdlovsk):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            module = importlib.import_module(info.name)
            for _, cls in inspect.getmembers(module, inspect.isclass):
                if issubclass(cls, BaseException) and cls.__module__ == module.__name__:
                    found[f"{cls.__module__}.{cls.__qualname__}"] = cls
    return found


def test_every_exception_of_core_and_the_plugins_is_a_refusal_but_a_few_that_are_none():
    classes = exception_classes()
    assert len(classes) > 25 and set(NOT_REFUSALS) <= set(classes)
    strays = sorted(name for name, cls in classes.items()
                    if not issubclass(cls, Refused) and name not in NOT_REFUSALS)
    assert strays == []


@pytest.mark.parametrize("exc, status, code", [
    (StepRefused("Сначала куратор."), 409, "step_order"),
    (StepRefused("Не ваш шаг.", "forbidden"), 403, "step_forbidden"),
    (WorkflowError("Нужен комментарий.", "comment"), 409, "transition_comment"),
    (WorkflowError("Нельзя.", "forbidden"), 403, "transition_forbidden"),
    (RoleError("Нет такой роли.", "invalid"), 400, "role_refused"),
    (ActRefused("Шаблон недоступен.", "template"), 404, "act_template"),
    (ItemRefused("Уже есть.", "exists"), 409, "cmm_exists"),
    (ApiError(404, "no_file", "Нет файла."), 404, "no_file"),
])
def test_a_refusal_says_its_status_and_the_api_code_from_its_class(exc, status, code):
    assert exc.status == status and exc.as_error()[:3] == (status, code, str(exc))


def test_the_problems_of_a_refusal_are_the_details_of_the_api_error():
    assert ItemRefused("Задание не принято.", "invalid", ["нет вопроса"]).as_error() == (
        400, "cmm_invalid", "Задание не принято.", [{"message": "нет вопроса"}])
    assert ParamError("date_from", "Дата не читается.").as_error() == (
        400, "validation", "Запрос не соответствует описанию API.",
        [{"field": "date_from", "message": "Дата не читается."}])
    assert StepRefused("Нет такой роли.").as_error()[3] is None
