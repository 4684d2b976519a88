"""Demo data: the first demo school's teacher attestation year, with teachers at different steps."""
import datetime
import io

from core.demo.files import demo_docx
from core.security.users import demo_user, users_of
from core.teachers import commission, experts, steps
from core.teachers.portfolio import add_evidence, portfolio_of, verify_evidence

# full name, post, category, days from today to D, how far the demo takes them
TEACHERS = [
    ("Учителев Денис Олегович", "subject_teacher", "highest", 25, "account"),
    ("Иванова Анна Петровна", "primary_teacher", "first", 15, "planned"),
    ("Кузнецова Ольга Ивановна", "subject_teacher", "position", 60, "planned"),
    ("Смирнов Павел Андреевич", "subject_teacher", "first", 30, "sent"),
    ("Васильева Елена Сергеевна", "primary_teacher", "highest", 8, "consent"),
]


def _pdf(title):
    return io.BytesIO(demo_docx(title, "Материалы аттестации")), f"{title}.docx", None


def build(site, host, hasher, school, password, today=None):
    """The school's year: the officer's order, teachers planned, the schedule, steps taken up to each one's stage."""
    today = today or datetime.date.today()
    users = users_of(site)
    region = school.__parent__.__parent__
    experts.add_expert(region, users["expert"], "region66")
    for login, role in (("chair", "commission_chair"), ("secretary", "commission_secretary"),
                        ("member", "commission_member")):
        commission.appoint(region, users[login], role, "region66")
    d0 = today + datetime.timedelta(days=TEACHERS[0][3])
    year = steps.school_year_of(d0)
    steps.appoint_officer(host, school, year, users["officer"], "head", {
        "authority_name": school.title, "city": "г. Екатеринбург", "school_year": f"{year}/{year + 1}",
        "officer_name": "Аттестационная Светлана Юрьевна", "officer_post": "заместителя директора по УВР",
        "schedule_due": datetime.date(year, 8, 31), "signatory_post": "Директор", "signatory_name": "М. Н. Директорова"})
    dossiers = []
    for name, post, category, days, stage in TEACHERS:
        d = steps.plan_teacher(host, school, name, post, category, today + datetime.timedelta(days=days), "officer")
        dossiers.append((d, stage))
    for d, _ in dossiers:
        # NB: the demo's planned dates may fall in two school years; each year gets its schedule.
        if d.__parent__.schedule_order is None:
            steps.draft_schedule(host, d.__parent__, "officer", {
                "city": "г. Екатеринбург", "officer_name": "Аттестационная С. Ю.",
                "signatory_post": "Директор", "signatory_name": "М. Н. Директорова"})
    for d, stage in dossiers:
        if stage == "planned":
            continue
        steps.send_data(host, d, "officer")
        if stage == "sent":
            continue
        login = "teacher" if d.full_name.startswith("Учителев") else "teacher2"
        user = demo_user(site, login, d.full_name, password, hasher)
        steps.open_account(host, d, "coordinator", user)
        entry = add_evidence(host, site, "66", login, host.portfolio_sections("66")[0]["code"],
                             "Результаты всероссийских проверочных работ", d.__parent__.project_year,
                             _pdf("Результаты ВПР"))
        verify_evidence(portfolio_of(site, login), entry.id, "officer")
        if stage == "account":
            continue
        for doc in steps.required_documents(host, "66", d):
            steps.upload_material(host, d, doc["code"], _pdf(doc["title"]), login)
        steps.submit_materials(host, d, login)
        steps.give_consent(host, d, login)
