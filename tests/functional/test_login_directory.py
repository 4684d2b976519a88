"""Logging in through an LDAP directory, against a real OpenLDAP ``slapd`` started by the test on a free
127.0.0.1 port with its own configuration and data (Debian's ``slapd``; ``make system-deps`` installs it):
the directory's password names the account by the entry's e-mail address; local passwords still work; nobody
gets an account from the directory; a suspended account stays out; a directory that is down is a failed try."""
import os
import shutil
import socket
import subprocess
import time

import pytest
import webtest

from core.security.ldapauth import Directory, directory_from
from core.security.users import set_email, users_of
from tests.factories import PASSWORD, edit, login

SLAPD, SLAPADD = "/usr/sbin/slapd", "/usr/sbin/slapadd"
SUFFIX = "dc=kras,dc=example"
DIRECTORY_PASSWORD = "пароль из каталога края"
LDIF = f"""dn: {SUFFIX}
objectClass: dcObject
objectClass: organization
dc: kras
o: Министерство образования края

dn: ou=people,{SUFFIX}
objectClass: organizationalUnit
ou: people

dn: uid=nhead,ou=people,{SUFFIX}
objectClass: inetOrgPerson
uid: nhead
cn: Head Nina
sn: Head
mail: Head@S1.example
userPassword: {DIRECTORY_PASSWORD}

dn: uid=stranger,ou=people,{SUFFIX}
objectClass: inetOrgPerson
uid: stranger
cn: Stranger
sn: Stranger
mail: stranger@kras.example
userPassword: {DIRECTORY_PASSWORD}

dn: uid=coord,ou=people,{SUFFIX}
objectClass: inetOrgPerson
uid: coord
cn: Coordinator
sn: Coordinator
mail: coordinator@m1.example
userPassword: {DIRECTORY_PASSWORD}
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def slapd(tmp_path_factory):
    """A real slapd with the people above, on 127.0.0.1: its ldap:// URL (skips, saying why, when it cannot run)."""
    if not (os.access(SLAPD, os.X_OK) and os.access(SLAPADD, os.X_OK)):
        pytest.skip("нет Debian slapd (apt-get install slapd ldap-utils; make system-deps ставит их)")
    root = tmp_path_factory.mktemp("slapd")
    (root / "db").mkdir()
    schema = "/etc/ldap/schema"
    conf = root / "slapd.conf"
    conf.write_text("\n".join([
        *(f"include {schema}/{name}.schema" for name in ("core", "cosine", "inetorgperson")),
        f"pidfile {root}/slapd.pid", "modulepath /usr/lib/ldap", "moduleload back_mdb",
        "database mdb", f'suffix "{SUFFIX}"', f'rootdn "cn=admin,{SUFFIX}"', "rootpw admin-secret",
        f"directory {root}/db", "maxsize 10485760",
        "access to attrs=userPassword by anonymous auth by self read by * none",
        "access to * by * read", ""]))
    (root / "people.ldif").write_text(LDIF, encoding="utf-8")
    loaded = subprocess.run([SLAPADD, "-f", str(conf), "-l", str(root / "people.ldif")], capture_output=True,
                            text=True, timeout=60)
    if loaded.returncode != 0:
        pytest.skip(f"slapadd не загрузил данные: {loaded.stderr.strip()[-500:]}")
    port = free_port()
    url = f"ldap://127.0.0.1:{port}"
    proc = subprocess.Popen([SLAPD, "-f", str(conf), "-h", url + "/", "-d", "0"], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 20
        while True:
            if proc.poll() is not None:
                pytest.skip(f"slapd не запустился (код {proc.returncode}): {proc.stdout.read()[-500:]}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.skip("slapd не открыл порт за 20 с")
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def directory(app, slapd, monkeypatch, tree):
    """The application logs people in through the test's slapd; the head and the coordinator have addresses."""
    settings = {"oko.ldap.url": slapd, "oko.ldap.base": f"ou=people,{SUFFIX}"}
    monkeypatch.setattr(app.registry, "oko_directory", directory_from(settings), raising=False)
    with edit(tree) as site:
        set_email(site, users_of(site)["head"], "head@s1.example")
        set_email(site, users_of(site)["coordinator"], "coordinator@m1.example")
    return app.registry.oko_directory


def browser(app, n):
    return webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost", "REMOTE_ADDR": f"127.0.2.{n}"})


def test_the_directory_password_logs_in_the_account_of_the_entry_s_address(app, directory):
    assert directory.email_of("nhead", DIRECTORY_PASSWORD) == "head@s1.example"
    person = browser(app, 1)
    login(person, "nhead", DIRECTORY_PASSWORD)
    assert person.get("/api/v1/session").json["user"]["login"] == "head"
    assert person.get("/66/m1/s1/").status_int == 200


def test_local_passwords_stay_and_a_wrong_one_is_refused_the_same_way(app, directory):
    login(browser(app, 2), "head", PASSWORD)
    for name, password in (("nhead", "не тот пароль"), ("nhead", ""), ("nobody", DIRECTORY_PASSWORD),
                           ("nhead)(uid=*", DIRECTORY_PASSWORD)):
        res = login(browser(app, 3), name, password, status=400)
        assert "Неверное имя пользователя или пароль" in res.text
    assert directory.email_of("nhead", "") is None


def test_nobody_gets_an_account_from_the_directory(app, directory, tree):
    res = login(browser(app, 4), "stranger", DIRECTORY_PASSWORD, status=400)
    assert "Неверное имя пользователя или пароль" in res.text
    with edit(tree) as site:
        assert "stranger@kras.example" not in users_of(site)


def test_a_suspended_account_stays_out_through_the_directory(app, directory, tree):
    with edit(tree) as site:
        users_of(site)["coordinator"].suspended = True
    res = login(browser(app, 5), "coord", DIRECTORY_PASSWORD, status=400)
    assert "учётная запись приостановлена" in res.text


def test_a_directory_that_is_down_is_a_failed_try_not_an_error(app, tree, monkeypatch):
    down = Directory(f"ldap://127.0.0.1:{free_port()}", f"ou=people,{SUFFIX}", timeout=1)
    monkeypatch.setattr(app.registry, "oko_directory", down, raising=False)
    res = login(browser(app, 6), "nhead", DIRECTORY_PASSWORD, status=400)
    assert "Неверное имя пользователя или пароль" in res.text
    login(browser(app, 7), "head", PASSWORD)


def test_no_directory_is_named_by_default():
    assert directory_from({}) is None
