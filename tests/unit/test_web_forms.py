"""The forms of the pages: the CSRF token is a field of the form's schema, and the form speaks Russian."""
import re
from pathlib import Path

import colander
import pytest
from pyramid import testing

import core
from core.translation import invalid_messages
from core.web.forms import CSRF_FIELD, Form, FormInvalid, RuNumber

ROOT = Path(core.__file__).parent.parent


class Note(colander.Schema):
    title = colander.SchemaNode(colander.String(), title="Название", validator=colander.Length(max=5))


@pytest.fixture
def request_():
    """A request with a session, and so a CSRF token."""
    with testing.testConfig() as config:
        config.include("pyramid_chameleon")
        yield testing.DummyRequest()


def test_the_token_is_a_hidden_field_of_the_form_and_the_values_come_back_without_it(request_):
    form = Form(request_, Note())
    token = request_.session.get_csrf_token()
    assert f'name="{CSRF_FIELD}" value="{token}"' in form.render() and "__html__" in dir(form.render())
    assert form.validate([("title", "Акт"), (CSRF_FIELD, token)]) == {"title": "Акт"}
    assert CSRF_FIELD not in form.typed and form.typed["title"] == "Акт"


def test_the_schema_refuses_another_token_and_a_too_long_value_in_russian_with_its_number(request_):
    form = Form(request_, Note())
    with pytest.raises(FormInvalid) as failure:
        form.validate([("title", "Слишком длинно"), (CSRF_FIELD, "forged")])
    assert failure.value.error.asdict()[CSRF_FIELD].startswith("Форма устарела")
    assert "Больше, чем максимальная длина 5" in failure.value.render()
    # the form shown again keeps the session's token, not the one posted
    assert f'value="{request_.session.get_csrf_token()}"' in Form(request_, Note()).render({"title": "Акт"})


def test_no_module_writes_the_token_into_a_forms_html():
    # NB: the layout's log-out button is no deform form: it is the one place that writes it.
    writers = sorted(str(p.relative_to(ROOT)) for folder in ("core", "plugins") for p in (ROOT / folder).rglob("*.py")
                     if re.search(r'name="csrf_token"|replace\("</form>"', p.read_text(encoding="utf-8")))
    assert writers == ["core/views/layout.py"]


@pytest.mark.parametrize("typed, number", [("12,5", 12.5), ("12.5", 12.5), (" 1 250,75 ", 1250.75), ("3", 3.0)])
def test_a_number_field_takes_a_decimal_comma(typed, number):
    node = colander.SchemaNode(RuNumber(), name="score", title="Балл")
    assert node.deserialize(typed) == number


def test_a_number_field_shows_a_comma_and_refuses_what_is_no_number_in_russian():
    schema = colander.SchemaNode(colander.Mapping())
    schema.add(colander.SchemaNode(RuNumber(), name="score", title="Балл"))
    assert schema.serialize({"score": 12.5}) == {"score": "12,5"}
    with pytest.raises(colander.Invalid) as refused:
        schema.deserialize({"score": "12,5,1"})
    assert invalid_messages(refused.value) == ["Балл: «12,5,1» — не число (дробную часть можно отделить запятой: 12,5)"]
