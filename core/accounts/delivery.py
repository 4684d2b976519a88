"""What the pages and the API do with a link once it is made: mail it after the commit, or give it back once.

Both need the request (the site's public URL, the mailer, the client's
address for the counts), so this is the web's side of the domain; neither
the pages nor the API import the other.
"""
from core.accounts import credentials, links, mails
from core.accounts.places import label
from core.mail import send_after_commit
from core.security.roles import role_title
from core.security.users import normal_email
from core.site import get_site

SENT = ("Если этот адрес указан в учётной записи, на него отправлено письмо со ссылкой для смены пароля. "
        "Ссылка действует {hours} ч. Письма нет — проверьте папку «Спам» и адрес, который вы ввели.").format(
    hours=int(links.RESET_LIFETIME.total_seconds() // 3600))
# The page that shows the links of new invitations once, when no mailer sends them (an asset spec: a domain's
# page that opens an account, a teacher's, shows it as the accounts' own pages do).
SHOWN_ONCE_PAGE = "core:accounts/templates/invited.pt"
NO_MAILER = ("Восстановление пароля по эл. почте на этом сайте не настроено: обратитесь к оператору, "
             "который вас пригласил.")


def mailer(request):
    """The site's mailer, or None when none is configured (links are then shown to the inviter once)."""
    return getattr(request.registry, "oko_mailer", None)


def invitation_url(request, token):
    """The address of the invitation ``token`` (built from the site's public URL)."""
    return request.route_url("invitation", _query={"t": token})


def reset_url(request, token):
    """The address of the link ``token`` to choose a new password."""
    return request.route_url("reset", _query={"t": token})


def deliver_invitations(request, invited, now):
    """Mail each of ``invited`` (``people.Invited``) its link after the commit; without a mailer, answer what the
    inviter is shown once: ``[(user, role title, organisation, url)]`` ([] when mailed)."""
    rows = [(i.user, role_title(i.role) if i.role else "", label(i.organisation), invitation_url(request, i.token))
            for i in invited]
    if mailer(request) is None:
        return rows
    inviter = request.identity.title
    send_after_commit(mailer(request), [mails.invitation(user, url, inviter, where, role, now)
                                        for user, role, where, url in rows])
    return []


def send_reset_link(request, address):
    """Issue and mail a link for the account of ``address`` if there is one and the counts allow; tells nothing.

    Requests are counted per address and per client (``core.security.throttle``,
    keys ``mail:`` and ``mailaddr:``), known address or not, so nobody fills a
    mailbox with links and the counts tell nothing either.
    """
    site = get_site(request)
    throttle = request.registry.oko_throttle
    keys = (f"mail:{normal_email(address)}", f"mailaddr:{request.client_addr}")
    if mailer(request) is None or throttle.wait_seconds(site, *keys) > 0:
        return
    throttle.failed(site._p_jar.db(), *keys)
    found = credentials.ask_for_reset(site, address)
    if found is not None:
        user, token = found
        send_after_commit(mailer(request), [mails.reset(user, reset_url(request, token), links.now_utc())])
