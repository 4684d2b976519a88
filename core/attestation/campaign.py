"""Opening a campaign, the schedule (participants by date) and the expert pool."""
import datetime

from core.attestation import access
from core.attestation._common import users
from core.attestation.model import (
    ATTESTEE,
    CATEGORIES,
    DEFAULT_TIME_LIMIT,
    PARTICIPANTS,
    AttestationRefused,
    Campaign,
    Dossier,
    Participants,
    campaign_name,
    campaign_of,
    now_or,
)
from core.resources import Region, School, find_root, path_of, region_code_of, walk
from core.security.roles import grant
from core.security.workplaces import describe


def open_campaign(host, region, year, actor, time_limit=DEFAULT_TIME_LIMIT, now=None):
    """The region's campaign of ``year``, made on first use by the regional operator."""
    access.OPEN_CAMPAIGN.require(region, actor)
    if not isinstance(region, Region):
        raise AttestationRefused("Аттестацию руководителей проводит регион.", "invalid")
    if not 2000 <= int(year) <= 2100:
        raise AttestationRefused("Укажите год аттестации.", "invalid")
    campaign = campaign_of(region, year)
    if campaign is None:
        set_time_limit(None, time_limit)
        campaign = region.add(campaign_name(year), Campaign(int(year), int(time_limit)))
        campaign.record("opened", actor, f"время на тестирование {time_limit} мин", now=now)
    return campaign


def _whole(value, low, high, message):
    # A whole number in [low, high] from a form or a JSON body, or the Russian refusal.
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = low - 1
    if not low <= number <= high:
        raise AttestationRefused(message, "invalid")
    return number


def set_time_limit(campaign, minutes, actor=None, now=None):
    """Change the time limit of the test (minutes); ``campaign`` None only checks the value."""
    minutes = _whole(minutes, 10, 600, "Время на тестирование — от 10 до 600 минут.")
    if campaign is not None:
        access.CONFIGURE.require(campaign, actor)
        campaign.time_limit = minutes
        campaign.record("time_limit", actor, f"{minutes} мин", now=now)
    return minutes


def exposure_percent(value):
    """The exposure limit as a whole percent 1–100, or AttestationRefused."""
    return _whole(value, 1, 100, "Доля тестов кампании с одним заданием — от 1 до 100 %.")


def configure(campaign, actor, time_limit=None, exposure=None, now=None):
    """Change the campaign's settings: the time limit (minutes) and the exposure limit (percent of its tests).

    Both are checked before either is kept. A lower exposure limit applies to
    tests drawn from now on; tests already drawn stay as they are.
    """
    access.CONFIGURE.require(campaign, actor)
    minutes = set_time_limit(None, time_limit) if time_limit is not None else None
    percent = exposure_percent(exposure) if exposure is not None else None
    if minutes is not None and minutes != campaign.time_limit:
        set_time_limit(campaign, minutes, actor, now)
    if percent is not None and percent / 100 != campaign.exposure_share:
        campaign.exposure_share = percent / 100
        campaign.record("exposure", actor, f"задание — не более чем в {percent} % тестов кампании", now=now)
    return campaign


def schools_of(region):
    """``{school code: School}`` of a region's open schools (an operator-level walk of one region)."""
    return {s.code: s for s in walk(region) if isinstance(s, School) and s.is_open}


def participants_folder(campaign):
    """The dossiers folder, made with the first participant."""
    folder = campaign.participants
    if folder is None:
        folder = campaign.add(PARTICIPANTS, Participants("Участники"))
    return folder


def schedule(host, campaign, user, school_code, category, sitting, actor, now=None):
    """Put ``user`` on the schedule: a dossier of ``category`` at ``school_code``, sitting on ``sitting``.

    The attestee gets the pseudo-role ``attestee`` on its own dossier only.
    """
    access.SCHEDULE.require(campaign, actor)
    region = campaign.__parent__
    problems = []
    school = schools_of(region).get((school_code or "").strip())
    if school is None:
        problems.append(f"в регионе нет школы с кодом «{school_code}»")
    if category not in CATEGORIES:
        problems.append(f"неизвестная категория «{category}»")
    if not isinstance(sitting, datetime.date):
        problems.append("укажите дату тестирования")
    elif sitting.year != campaign.project_year:
        problems.append(f"дата тестирования должна быть в {campaign.project_year} году")
    folder = campaign.participants
    if folder is not None and user.login in folder:
        problems.append(f"«{user.title}» уже в графике")
    if problems:
        raise AttestationRefused("Участник не добавлен: " + "; ".join(problems) + ".", "invalid", problems)
    dossier = Dossier(user.login, user.title, category, school, sitting, campaign.project_year)
    dossier.school_path = path_of(school)
    host.workflow(region_code_of(campaign), dossier.workflow_name).initialize(dossier, actor, now)
    campaign.sittings = {**campaign.sittings, sitting: campaign.sittings.get(sitting, "")}
    participants_folder(campaign).add(user.login, dossier)
    grant(dossier, user, ATTESTEE, actor, via="schedule", now=now)
    campaign.record("scheduled", actor, f"{user.title}: {CATEGORIES[category]}, {sitting:%d.%m.%Y}", now=now)
    return dossier


def set_sitting_place(campaign, sitting, place, actor, now=None):
    """Say where the sitting of ``sitting`` (a date on the schedule) takes place."""
    access.SET_SITTING_PLACE.require(campaign, actor)
    if sitting not in campaign.sittings:
        raise AttestationRefused("В графике нет такой даты.", "invalid")
    campaign.sittings = {**campaign.sittings, sitting: (place or "").strip()[:300]}
    campaign.record("sitting_place", actor, f"{sitting:%d.%m.%Y}: {place}", now=now)


def add_expert(campaign, user, actor, now=None):
    """Add ``user`` to the campaign's expert pool.

    Where the expert works is not asked: it is read from the expert's roles
    when answers are given out (``core.security.workplaces``), so an expert
    never scores an attestee of a municipality or school the expert works in.
    """
    access.ADD_EXPERT.require(campaign, actor)
    if user.login == actor:
        raise AttestationRefused("Себя в эксперты не включают: это делает другой оператор.", "forbidden")
    if campaign.participants is not None and user.login in campaign.participants:
        raise AttestationRefused("Аттестуемый не может быть экспертом своей аттестации.", "invalid")
    if any(user.login in logins for logins in campaign.commission().values()):
        raise AttestationRefused("Член аттестационной комиссии не оценивает кейсы как эксперт.", "invalid")
    # NB: the value once held the municipality the operator typed; it is no longer read.
    campaign.experts = {**campaign.experts, user.login: ""}
    campaign.record("expert_added", actor, user.title, now=now)


def expert_pool(campaign):
    """``[(user, where the user works)]``: the campaign's experts by name, with their workplaces as their roles say."""
    site, site_users = find_root(campaign), users(campaign)
    found = [site_users[login] for login in campaign.experts if login in site_users]
    return [(user, describe(site, user)) for user in sorted(found, key=lambda u: u.title)]


def user_of(campaign, login):
    """The user ``login``, or AttestationRefused."""
    user = users(campaign).get((login or "").strip().lower())
    if user is None:
        raise AttestationRefused(f"Пользователь «{login}» не найден.", "invalid")
    return user


def today(now=None):
    """Today's date (of ``now`` when given)."""
    return now_or(now).date()
