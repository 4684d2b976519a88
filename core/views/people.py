"""The people picker: the search behind every field where a person is chosen, and the field itself.

A page puts ``picker(context, "login", "region", "Куратор")`` where a person
is chosen: a text field that takes a log-in, an address or a name. With the
site's script (``core/static/oko.js``) it lists, as one types, the people the
rule allows (``GET …/@@pick-people?rule=region&q=ива``: name, organisation, roles),
chosen with the arrow keys and Enter or a tap; the chosen person's log-in is
what the form sends. Without the script the typed text goes as it is, and
the step takes it when it names one allowed person and otherwise says whom
it could mean (``core.security.directory.pick``); the page that says so
shows, under the field that was sent, the people the text may mean as a
list of radio buttons, and the form sent again takes the one chosen.
"""
import itertools

from markupsafe import Markup
from pyramid.httpexceptions import HTTPForbidden
from pyramid.view import view_config

from core.security.directory import LIMIT, rule_for, search
from core.security.permissions import VIEW
from core.security.roles import rank_of
from core.site import get_site
from core.views.layout import esc

PLACEHOLDER = "фамилия, организация или роль"
# The hidden field that says which picker a form was sent from (its radio buttons show under that one only).
MARK = "picked-from"


def may_pick(request, context):
    """Whether the user chooses people here: someone who runs a place (a school's head and above)."""
    return rank_of(request.roles_on(context)) >= 1


@view_config(name="pick-people", request_method="GET", renderer="json", permission=VIEW)
def people(context, request):
    """Up to ``LIMIT`` people the rule allows here whose name, organisation or role begins with ``q``."""
    if not may_pick(request, context):
        raise HTTPForbidden("Выбирать людей могут только те, кто управляет организацией.")
    rule = rule_for(request.GET.get("rule", ""), context)
    found, more = search(get_site(request), rule, request.GET.get("q", "")[:200], LIMIT)
    return {"people": [p.as_json() for p in found], "more": more, "rule": rule.text}


def _choices(request, context, name, rule, field):
    """The radio buttons of the people a text sent from this field may mean (the page that refused it)."""
    if request.method != "POST" or request.POST.get(MARK) != field:
        return ""
    typed = (request.POST.getall(name) or [""])[0].strip()
    found, _ = search(get_site(request), rule_for(rule, context), typed, limit=10) if typed else ([], False)
    if not found:
        return ""
    items = "".join(
        f'<li><label><input type="radio" name="{esc(name)}" value="{esc(p.login)}"> {esc(p.title)}'
        f'<span class="muted">{esc(" · ".join(filter(None, (p.organisation_title, p.roles_text))))}</span>'
        f"</label></li>" for p in found)
    return (f'<fieldset class="picker-choices"><legend>Кого вы имели в виду под «{esc(typed)}»?</legend>'
            f"<ul>{items}</ul></fieldset>")


def picker_html(request, context, name, rule, label, value="", required=True, visible_label=False):
    """The field of a person chosen under ``rule`` (a name of ``core.security.directory.RULES``), as Markup."""
    counter = request.__dict__.setdefault("_oko_pickers", itertools.count(1))
    field = f"pick-{name}-{next(counter)}"
    url = request.resource_url(context, "@@pick-people", query={"rule": rule})
    shown = f'<label for="{field}">{esc(label)}</label> ' if visible_label else ""
    choices = _choices(request, context, name, rule, field)
    # NB: while the radio buttons offer the people, they carry the field's name; the text field is sent
    # under another until the script (on typing) gives its name back.
    sent_as = f"{MARK}-text" if choices else name
    return Markup(
        f'<span class="picker">{shown}'
        f'<input type="text" id="{field}" name="{esc(sent_as)}" data-name="{esc(name)}" value="{esc(value)}"'
        f' autocomplete="off"'
        f'{" required" if required else ""} role="combobox" aria-autocomplete="list" aria-expanded="false"'
        f' aria-controls="{field}-list" aria-label="{esc(label)}" placeholder="{PLACEHOLDER}"'
        f' data-people="{esc(url)}">'
        f'<ul id="{field}-list" class="picker-list" role="listbox" aria-label="{esc(label)}" hidden></ul>'
        f'<input type="hidden" name="{MARK}" value="{field}">'
        f'<small class="picker-chosen" aria-live="polite"></small>{choices}</span>')


def add_picker(event):
    """Give every page template ``picker(context, name, rule, label, ...)``: the field of ``picker_html``."""
    request = event.get("request")
    if request is None or not event.get("renderer_name", "").endswith(".pt"):
        return
    event["picker"] = lambda context, name, rule, label, **kw: picker_html(request, context, name, rule, label, **kw)
