"""The roles of DOMAIN.md by name, as a person reads them (``core.security.roles`` hands them out)."""

ROLES = {
    "federal_operator": "Федеральный оператор",
    "regional_operator": "Региональный оператор",
    "municipal_coordinator": "Муниципальный координатор",
    "curator": "Куратор ОО",
    "school_head": "Руководитель ОО",
    "attestation_officer": "Ответственный за аттестацию в ОО",
    "teacher": "Педагог",
    "expert": "Эксперт",
    "commission_chair": "Председатель аттестационной комиссии",
    "commission_secretary": "Секретарь аттестационной комиссии",
    "commission_member": "Член аттестационной комиссии",
    "methodologist": "Методист",
    "cmm_author": "Эксперт-разработчик КИМ",
}

# Every logged-in user holds this pseudo-role everywhere.
AUTHENTICATED = "authenticated"
# The pseudo-role a participant holds on its own attestation dossier (a school
# leader in a campaign, a teacher in the school's year).
ATTESTEE = "attestee"
# The pseudo-role of an act's own readers (``core.acts.readers``).
ACT_READER = "act_reader"
PSEUDO_ROLES = {ATTESTEE: "Аттестуемый", ACT_READER: "Читатель акта"}
ROLE_TITLES = {**ROLES, **PSEUDO_ROLES}


def role_title(role):
    """A role (or pseudo-role) as a person reads it."""
    return ROLE_TITLES.get(role, role)
