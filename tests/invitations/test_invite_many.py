"""Inviting many at once: everyone at an organisation, a pasted list, a CSV file (each
first shown as a preview with its problems, then confirmed), and the answers and
attendance exported as CSV and XLSX."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from meetings.extensions import db
from meetings.invitations import bulk
from meetings.invitations.enums import Attendance, Rsvp
from meetings.models import Invitation

from .. import factories
from ..conftest import translated
from ..forms import form_values
from .conftest import recipient

#: People of the partner organisations of the seeds' groups (Liberec, Košice, Vas county,
#: a Latvian planning region): Czech, Slovak, Hungarian and Latvian names.
PEOPLE = [
    ("Jana Dvořáčková", "jana.dvorackova@annolk.cz", "ANNOLK"),
    ("Petr Šťastný", "petr.stastny@kraj-lbc.cz", "Krajský úřad Libereckého kraje"),
    ("Zdeňka Kořínková", "korinkova@kraj-lbc.cz", "Krajský úřad Libereckého kraje"),
    ("Jiří Čermák", "jiri.cermak@liberec.cz", ""),
    ("Markéta Říhová", "rihova@annolk.cz", "ANNOLK"),
    ("Tomáš Hrubý", "hruby@kraj-lbc.cz", ""),
    ("Ľubomír Ďurčo", "lubomir.durco@vucke.sk", "Úrad Košického samosprávneho kraja"),
    ("Zuzana Poláková", "zuzana.polakova@vucke.sk", "Úrad Košického samosprávneho kraja"),
    ("Mária Kováčová", "maria.kovacova@employment.gov.sk", ""),
    ("Ján Šoltés", "jan.soltes@vucke.sk", ""),
    ("Katarína Ťažká", "tazka@komunitnecentrum.sk", ""),
    ("Štefan Mihálik", "mihalik@komunitnecentrum.sk", ""),
    ("Kovács Péter", "kovacs.peter@vasmegye.hu", "Vas Megyei Önkormányzat"),
    ("Szabó Erzsébet", "szabo.erzsebet@vasmegye.hu", "Vas Megyei Önkormányzat"),
    ("Nagy Gábor", "nagy.gabor@ifka.hu", ""),
    ("Tóth Ágnes", "toth.agnes@ifka.hu", ""),
    ("Horváth Zoltán", "horvath.zoltan@szombathely.hu", ""),
    ("Varga Katalin", "varga.katalin@vasmegye.hu", ""),
    ("Jānis Bērziņš", "janis.berzins@zemgale.lv", "Zemgales plānošanas reģions"),
    ("Līga Ozoliņa", "liga.ozolina@zemgale.lv", ""),
    ("Andris Kalniņš", "andris.kalnins@jelgava.lv", ""),
    ("Ilze Liepiņa", "ilze.liepina@jelgava.lv", ""),
    ("Māris Krūmiņš", "maris.krumins@bauska.lv", ""),
    ("Dace Zariņa", "dace.zarina@bauska.lv", ""),
    ("Kristīne Vītola", "kristine.vitola@zemgale.lv", ""),
    ("Eva Šimková", "simkova@annolk.cz", "ANNOLK"),
    ("Radek Fiala", "fiala@liberec.cz", ""),
]
#: Two rows that repeat an earlier address (the second in other capitals), one that is no
#: address at all.
DUPLICATES = [
    ("Petr Šťastný", "petr.stastny@kraj-lbc.cz", ""),
    ("Szabó Erzsébet", "Szabo.Erzsebet@VasMegye.hu", ""),
]
INVALID = ("Jānis Ozols", "janis.ozols(at)zemgale.lv", "")


def _csv(rows, *, delimiter=";", encoding="utf-8-sig", header=("Jméno", "E-mail", "Organizace")):
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    if header:
        writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def _schedule(client, meeting) -> None:
    assert client.post(f"/meetings/{meeting.id}/schedule").status_code == 302


def _upload(client, meeting, data: bytes, filename: str = "pozvani.csv", **values):
    return client.post(
        f"/meetings/{meeting.id}/invitations/csv",
        data={"file": (io.BytesIO(data), filename), "role": "required", **values},
        content_type="multipart/form-data",
    )


def _paste(client, meeting, text: str, **values):
    return client.post(
        f"/meetings/{meeting.id}/invitations/list",
        data={"addresses": text, "role": "required", **values},
    )


def _confirm(client, meeting, preview_page: str):
    """Press the preview's confirm button: the form as the browser sends it."""
    values = form_values(preview_page, action=f"/meetings/{meeting.id}/invitations/list/confirm")
    return client.post(f"/meetings/{meeting.id}/invitations/list/confirm", data=values)


def _preview_rows(page: str) -> list[tuple[str, str, str]]:
    """(name, address, problem) of each row of the preview table."""
    import lxml.html

    document = lxml.html.fromstring(page)
    rows = []
    for tr in document.xpath("//table[contains(@class, 'invite-preview')]/tbody/tr"):
        cells = [c.text_content().strip() for c in tr.findall("td")]
        rows.append((cells[1], cells[2], tr.get("data-problem")))
    return rows


def _invited_addresses(meeting) -> set[str]:
    return {
        (i.user.email if i.user else i.email)
        for i in db.session.scalars(select(Invitation).where(Invitation.meeting_id == meeting.id))
    }


def _invitation_count(meeting) -> int:
    return db.session.scalar(
        select(func.count()).select_from(Invitation).where(Invitation.meeting_id == meeting.id)
    )


# --- the acceptance test ---------------------------------------------------------------------


def test_csv_of_30_addresses_with_2_duplicates_and_1_invalid_previews_them_and_invites_27(
    setting, smtp_server, login_as
):
    meeting = setting.meeting
    factories.make_organisation("ANNOLK")
    factories.make_organisation("Vas Megyei Önkormányzat")
    client = login_as(setting.assistant)
    _schedule(client, meeting)
    smtp_server.wait_for(2)  # the chair's and the member's invitations
    rows = [*PEOPLE[:10], DUPLICATES[0], *PEOPLE[10:20], INVALID, DUPLICATES[1], *PEOPLE[20:]]
    assert (len(rows), len({e.lower() for _n, e, _o in rows})) == (30, 28)
    before = _invitation_count(meeting)

    preview = _upload(client, meeting, _csv(rows))
    page = preview.get_data(as_text=True)
    shown = _preview_rows(page)

    assert preview.status_code == 200
    assert _invitation_count(meeting) == before  # nothing yet
    assert len(smtp_server.messages) == 2
    assert [(name, problem) for name, _a, problem in shown if problem] == [
        ("Petr Šťastný", "duplicate"),
        ("Jānis Ozols", "invalid"),
        ("Szabó Erzsébet", "duplicate"),
    ]
    assert html.unescape(
        translated(
            "cs",
            "%(num)d person will be invited.",
            plural="%(num)d people will be invited.",
            num=27,
        )
    ) in html.unescape(page)

    confirmed = _confirm(client, meeting, page)

    assert confirmed.status_code == 302
    assert _invitation_count(meeting) == before + 27
    assert _invited_addresses(meeting) >= {e for _n, e, _o in PEOPLE}
    sent = smtp_server.wait_for(2 + 27)[2:]
    assert sorted(recipient(m) for m in sent) == sorted(e for _n, e, _o in PEOPLE)
    guest = db.session.scalars(
        select(Invitation).where(
            Invitation.meeting_id == meeting.id, Invitation.email == "kovacs.peter@vasmegye.hu"
        )
    ).one()
    assert (guest.name, guest.organisation.name, guest.sent_sequence) == (
        "Kovács Péter",
        "Vas Megyei Önkormányzat",
        0,
    )


# --- pasted lists ----------------------------------------------------------------------------


def test_pasted_list_in_the_forms_of_outlook_and_excel_is_read(setting, login_as):
    meeting = setting.meeting
    text = "\n".join(
        [
            "Jana Nováková <jana.novakova@annolk.cz>",
            "petr.novy@kraj-lbc.cz",
            "Ďurčová Mária; maria.durcova@vucke.sk",
            '"Kovács, Péter" <kovacs.peter@vasmegye.hu>',
            "Jānis Bērziņš <janis.berzins@zemgale.lv>; Līga Ozoliņa <liga.ozolina@zemgale.lv>",
            "Szabó Erzsébet\tszabo.erzsebet@vasmegye.hu",
            "",
        ]
    )
    client = login_as(setting.assistant)

    preview = _paste(client, meeting, text)
    rows = _preview_rows(preview.get_data(as_text=True))

    assert preview.status_code == 200
    assert rows == [
        ("Jana Nováková", "jana.novakova@annolk.cz", ""),
        ("", "petr.novy@kraj-lbc.cz", ""),
        ("Ďurčová Mária", "maria.durcova@vucke.sk", ""),
        ("Kovács, Péter", "kovacs.peter@vasmegye.hu", ""),
        ("Jānis Bērziņš", "janis.berzins@zemgale.lv", ""),
        ("Līga Ozoliņa", "liga.ozolina@zemgale.lv", ""),
        ("Szabó Erzsébet", "szabo.erzsebet@vasmegye.hu", ""),
    ]

    assert _confirm(client, meeting, preview.get_data(as_text=True)).status_code == 302
    guests = {
        i.email: i.name
        for i in db.session.scalars(
            select(Invitation).where(
                Invitation.meeting_id == meeting.id, Invitation.email.is_not(None)
            )
        )
    }
    assert guests == {
        "jana.novakova@annolk.cz": "Jana Nováková",
        "petr.novy@kraj-lbc.cz": None,
        "maria.durcova@vucke.sk": "Ďurčová Mária",
        "kovacs.peter@vasmegye.hu": "Kovács, Péter",
        "janis.berzins@zemgale.lv": "Jānis Bērziņš",
        "liga.ozolina@zemgale.lv": "Līga Ozoliņa",
        "szabo.erzsebet@vasmegye.hu": "Szabó Erzsébet",
    }


def test_pasted_address_of_someone_invited_already_is_shown_and_skipped(setting, login_as):
    """The member (an account) is invited when the meeting is scheduled; their address,
    in capitals, is marked and not invited twice."""
    meeting = setting.meeting
    client = login_as(setting.assistant)
    _schedule(client, meeting)
    before = _invitation_count(meeting)

    preview = _paste(client, meeting, "Kovács Péter <PETER@vas.example>\nnagy.gabor@ifka.hu")
    rows = _preview_rows(preview.get_data(as_text=True))
    _confirm(client, meeting, preview.get_data(as_text=True))

    assert rows == [
        ("Kovács Péter", "peter@vas.example", "invited"),
        ("", "nagy.gabor@ifka.hu", ""),
    ]
    assert _invitation_count(meeting) == before + 1


def test_address_of_an_account_is_invited_as_that_person(setting, login_as):
    """As for one guest: an address with an account becomes that person's invitation."""
    meeting = setting.meeting
    person = factories.make_user("ilze.liepina@jelgava.lv", "Ilze Liepiņa", locale="lv")
    client = login_as(setting.assistant)

    preview = _paste(client, meeting, "Liepiņa Ilze; Ilze.Liepina@jelgava.lv")
    _confirm(client, meeting, preview.get_data(as_text=True))

    [invitation] = db.session.scalars(
        select(Invitation).where(Invitation.meeting_id == meeting.id)
    ).all()
    assert (invitation.user_id, invitation.email) == (person.id, None)


def test_preview_is_confirmed_from_the_form_alone(setting, login_as, browser_of):
    """The confirm form carries the rows: another browser session (another server) posting
    it invites the same people."""
    meeting = setting.meeting
    preview = _paste(login_as(setting.assistant), meeting, "Tóth Ágnes <toth.agnes@ifka.hu>")
    other = browser_of(setting.assistant)

    response = _confirm(other, meeting, preview.get_data(as_text=True))

    assert response.status_code == 302
    assert _invited_addresses(meeting) == {"toth.agnes@ifka.hu"}


def test_list_longer_than_the_limit_is_refused_with_a_message(setting, login_as):
    meeting = setting.meeting
    setting.assistant.locale = "cs"
    text = "\n".join(f"host{n}@annolk.cz" for n in range(bulk.MAX_ROWS + 1))

    response = _paste(login_as(setting.assistant), meeting, text)

    assert response.status_code == 422
    message = translated(
        "cs",
        "The list has %(count)d rows; at most %(max)d people can be invited at once. "
        "Split it into smaller lists.",
        count=bulk.MAX_ROWS + 1,
        max=bulk.MAX_ROWS,
    )
    assert message in response.get_data(as_text=True)
    # What was pasted is kept in the form.
    assert "host500@annolk.cz" in response.get_data(as_text=True)
    assert _invitation_count(meeting) == 0


# --- CSV files -------------------------------------------------------------------------------


def test_windows_1250_csv_as_czech_excel_saves_it(setting, login_as):
    meeting = setting.meeting
    organisation = factories.make_organisation("Krajský úřad Libereckého kraje", short_name="KÚLK")
    data = _csv(
        [
            ("Zdeňka Kořínková", "korinkova@kraj-lbc.cz", "krajský úřad libereckého kraje"),
            ("Jiří Čermák", "jiri.cermak@liberec.cz", "KÚLK"),
            ("Ľubomír Ďurčo", "lubomir.durco@vucke.sk", "Úrad KSK"),
        ],
        encoding="cp1250",
    )
    client = login_as(setting.assistant)

    preview = _upload(client, meeting, data)
    page = preview.get_data(as_text=True)

    assert _preview_rows(page) == [
        ("Zdeňka Kořínková", "korinkova@kraj-lbc.cz", ""),
        ("Jiří Čermák", "jiri.cermak@liberec.cz", ""),
        ("Ľubomír Ďurčo", "lubomir.durco@vucke.sk", ""),
    ]
    assert _confirm(client, meeting, page).status_code == 302
    organisations = {
        i.email: (i.name, i.organisation_id)
        for i in db.session.scalars(select(Invitation).where(Invitation.meeting_id == meeting.id))
    }
    assert organisations == {
        "korinkova@kraj-lbc.cz": ("Zdeňka Kořínková", organisation.id),
        "jiri.cermak@liberec.cz": ("Jiří Čermák", organisation.id),
        # Not among the organisations: invited without one (the preview says so).
        "lubomir.durco@vucke.sk": ("Ľubomír Ďurčo", None),
    }


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            # Comma separated with a BOM, a name with a comma in quotes, e-mail first.
            'E-mail,Name\r\nkovacs.peter@vasmegye.hu,"Kovács, Péter"\r\n'.encode("utf-8-sig"),
            [bulk.Listed(2, "Kovács, Péter", "kovacs.peter@vasmegye.hu")],
        ),
        (
            # No header, semicolons, UTF-8 without BOM.
            "Dace Zariņa;dace.zarina@bauska.lv\nMāris Krūmiņš;maris.krumins@bauska.lv\n".encode(),
            [
                bulk.Listed(1, "Dace Zariņa", "dace.zarina@bauska.lv"),
                bulk.Listed(2, "Māris Krūmiņš", "maris.krumins@bauska.lv"),
            ],
        ),
        (
            # Given name and surname in columns of their own; an empty line.
            "Jméno;Příjmení;E-mail\r\nJana;Dvořáková;jana@annolk.cz\r\n;;\r\n".encode("cp1250"),
            [bulk.Listed(2, "Jana Dvořáková", "jana@annolk.cz")],
        ),
        (
            # Czech Excel quotes only cells holding a semicolon: the comma is in the name.
            "Nováková, Jana;jana@annolk.cz;ANNOLK\r\n".encode("cp1250"),
            [bulk.Listed(1, "Nováková, Jana", "jana@annolk.cz", "ANNOLK")],
        ),
        (
            # Addresses alone, one column.
            b"nagy.gabor@ifka.hu\ntoth.agnes@ifka.hu\n",
            [
                bulk.Listed(1, "", "nagy.gabor@ifka.hu"),
                bulk.Listed(2, "", "toth.agnes@ifka.hu"),
            ],
        ),
    ],
)
def test_csv_files_as_spreadsheets_save_them(app, data, expected):
    with app.test_request_context():
        assert bulk.read_csv(data) == expected


def test_csv_file_over_1_mb_is_refused_with_a_message(setting, login_as):
    meeting = setting.meeting
    setting.assistant.locale = "sk"
    row = "Ľubomír Ďurčo;lubomir.durco@vucke.sk;" + "x" * 200 + "\r\n"
    data = (row * (bulk.MAX_BYTES // len(row.encode()) + 1)).encode()
    assert len(data) > bulk.MAX_BYTES

    response = _upload(login_as(setting.assistant), meeting, data)

    assert response.status_code == 422
    message = translated(
        "sk",
        "The file is too large: at most %(kb)d kB can be read at once. "
        "Split the list into smaller files.",
        kb=1024,
    )
    assert message in response.get_data(as_text=True)
    assert _invitation_count(meeting) == 0


def test_excel_workbook_instead_of_csv_is_refused_with_a_message(setting, login_as):
    workbook = io.BytesIO()
    from openpyxl import Workbook

    Workbook().save(workbook)

    response = _upload(login_as(setting.assistant), setting.meeting, workbook.getvalue())

    assert response.status_code == 422
    assert translated(
        "cs",
        "This is an Excel workbook, not a CSV file. In Excel choose “Save as” and the type "
        "“CSV UTF-8”, then upload that file.",
    ) in response.get_data(as_text=True)


# --- everyone at an organisation -------------------------------------------------------------


def test_everyone_with_an_account_at_an_organisation_is_shown_then_invited_once(
    setting, smtp_server, login_as
):
    meeting = setting.meeting
    vas = factories.make_organisation("Vas Megyei Önkormányzat", city="Szombathely")
    setting.member.organisation_id = vas.id  # invited already, as a member of the group
    szabo = factories.make_user(
        "szabo.erzsebet@vasmegye.hu", "Szabó Erzsébet", organisation_id=vas.id, locale="hu"
    )
    varga = factories.make_user(
        "varga.katalin@vasmegye.hu", "Varga Katalin", organisation_id=vas.id, locale="hu"
    )
    factories.make_user(
        "horvath@vasmegye.hu", "Horváth Zoltán", organisation_id=vas.id, is_enabled=False
    )
    client = login_as(setting.assistant)
    _schedule(client, meeting)
    smtp_server.wait_for(2)

    preview = client.post(
        f"/meetings/{meeting.id}/invitations/organisation",
        data={"organisation_id": str(vas.id), "role": "optional"},
    )

    # First the people, with the member invited already marked; nothing is sent yet.
    assert preview.status_code == 200
    page = preview.get_data(as_text=True)
    assert sorted(_preview_rows(page), key=lambda row: row[1]) == sorted(
        [
            ("Szabó Erzsébet", szabo.email, ""),
            ("Varga Katalin", varga.email, ""),
            (setting.member.name, setting.member.email, "invited"),
        ],
        key=lambda row: row[1],
    )
    assert "horvath@vasmegye.hu" not in page  # a disabled account is nobody to invite
    assert (
        db.session.scalar(
            select(func.count())
            .select_from(Invitation)
            .where(Invitation.user_id.in_([szabo.id, varga.id]))
        )
        == 0
    )

    assert _confirm(client, meeting, page).status_code == 302

    invited = {
        i.user_id: (i.role.value, i.organisation_id)
        for i in db.session.scalars(
            select(Invitation).where(
                Invitation.meeting_id == meeting.id,
                Invitation.user_id.in_([szabo.id, varga.id]),
            )
        )
    }
    assert invited == {szabo.id: ("optional", vas.id), varga.id: ("optional", vas.id)}
    sent = smtp_server.wait_for(4)[2:]
    assert sorted(recipient(m) for m in sent) == [szabo.email, varga.email]
    # Each in their own language, as for one guest.
    assert [str(m["Subject"]).split(":")[0] for m in sent] == ["Meghívó", "Meghívó"]


def test_an_organisation_without_accounts_says_so(setting, login_as):
    empty = factories.make_organisation("Obec Horní Lhota")

    response = login_as(setting.assistant).post(
        f"/meetings/{setting.meeting.id}/invitations/organisation",
        data={"organisation_id": str(empty.id), "role": "required"},
    )

    assert response.status_code == 422
    assert translated("cs", "Nobody at %(organisation)s has an account.") % {
        "organisation": "Obec Horní Lhota"
    } in response.get_data(as_text=True)


def test_organisation_must_be_chosen(setting, login_as):
    response = login_as(setting.assistant).post(
        f"/meetings/{setting.meeting.id}/invitations/organisation", data={"role": "required"}
    )

    assert response.status_code == 422
    assert translated("cs", "Choose an organisation.") in response.get_data(as_text=True)


# --- the export --------------------------------------------------------------------------------


@pytest.fixture
def answered(setting, login_as):
    """The meeting scheduled, the chair accepted with a comment, a guest declined; the
    member did not answer; attendance recorded for three of them (one online)."""
    meeting = setting.meeting
    client = login_as(setting.assistant)
    factories.make_organisation("Krajský úřad Libereckého kraje")
    _schedule(client, meeting)
    _confirm(
        client,
        meeting,
        _paste(
            client,
            meeting,
            "=SUM(A1:A9) <formula@evil.example>\nLíga Ozoliņa <liga.ozolina@zemgale.lv>",
        ).get_data(as_text=True),
    )
    invitations = {
        (i.user.email if i.user else i.email): i
        for i in db.session.scalars(select(Invitation).where(Invitation.meeting_id == meeting.id))
    }
    chair = invitations[setting.chair.email]
    chair.rsvp, chair.rsvp_comment = Rsvp.ACCEPTED, "Přijdu; možná o 10 minut později."
    chair.responded_at = dt.datetime(2030, 3, 1, 8, 30, tzinfo=dt.UTC)
    chair.attendance = Attendance.PRESENT
    guest = invitations["liga.ozolina@zemgale.lv"]
    guest.rsvp, guest.responded_at = Rsvp.DECLINED, dt.datetime(2030, 3, 2, 12, 5, tzinfo=dt.UTC)
    guest.attendance = Attendance.REPRESENTED
    guest.represented_by = "Jānis Bērziņš"
    # The member did not answer, then joined the hybrid meeting online.
    invitations[setting.member.email].attendance = Attendance.ONLINE
    meeting.number = 11
    db.session.flush()
    setting.assistant.locale = "cs"
    return client


def _expected_rows(setting) -> list[list[str]]:
    def t(message, **values):
        return html.unescape(translated("cs", message, **values))

    return [
        [
            "'=SUM(A1:A9)",
            "",
            "formula@evil.example",
            t("participant"),
            t("No answer yet"),
            "",
            "",
            "",
        ],
        [
            "Eva Nováková",
            "",
            "eva@annolk.example",
            t("participant"),
            t("Accepted"),
            "",
            "",
            "",
        ],
        [
            "Jana Dvořáková",
            "",
            "jana@annolk.example",
            t("chair"),
            t("Accepted"),
            "2030-03-01 09:30",
            t("Present"),
            "Přijdu; možná o 10 minut později.",
        ],
        [
            "Kovács Péter",
            "",
            "peter@vas.example",
            t("participant"),
            t("No answer yet"),
            "",
            t("Present online"),
            "",
        ],
        [
            "Líga Ozoliņa",
            "",
            "liga.ozolina@zemgale.lv",
            t("participant"),
            t("Declined"),
            "2030-03-02 13:05",
            f"{t('Represented by')} Jānis Bērziņš",
            "",
        ],
    ]


def _headings() -> list[str]:
    return [
        html.unescape(translated("cs", h))
        for h in (
            "Name",
            "Organisation",
            "E-mail",
            "Invited as",
            "Answer",
            "Answered at",
            "Attendance",
            "Comment",
        )
    ]


def test_answers_export_as_csv_that_czech_excel_opens(setting, answered):
    response = answered.get(f"/meetings/{setting.meeting.id}/invitations/export.csv")

    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="odpovedi-pzlk-socialni-sluzby-11.csv"'
    )
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0] == _headings()
    assert rows[1:] == _expected_rows(setting)


def test_answers_export_as_xlsx(setting, answered):
    response = answered.get(f"/meetings/{setting.meeting.id}/invitations/export.xlsx")

    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="odpovedi-pzlk-socialni-sluzby-11.xlsx"'
    )
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    values = [
        [
            f"{v:%Y-%m-%d %H:%M}" if isinstance(v, dt.datetime) else ("" if v is None else v)
            for v in row
        ]
        for row in sheet.iter_rows(values_only=True)
    ]
    expected = _expected_rows(setting)
    # In the workbook the formula-like name is a text cell as typed (no apostrophe needed).
    expected[0][0] = "=SUM(A1:A9)"
    assert values[0] == _headings()
    assert values[1:] == expected
    assert sheet["A2"].data_type == "s"
    assert isinstance(sheet["F4"].value, dt.datetime)


# --- who may -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "data"),
    [
        ("GET", "/invitations/many", None),
        ("POST", "/invitations/organisation", {"organisation_id": "1", "role": "required"}),
        ("POST", "/invitations/list", {"addresses": "a@annolk.cz", "role": "required"}),
        ("POST", "/invitations/csv", {"role": "required"}),
        (
            "POST",
            "/invitations/list/confirm",
            {"rows": '[[1, "", "a@annolk.cz", ""]]', "role": "required"},
        ),
        ("GET", "/invitations/export.csv", None),
        ("GET", "/invitations/export.xlsx", None),
    ],
)
def test_member_may_not_invite_many_or_export(setting, login_as, method, path, data):
    client = login_as(setting.member)

    response = client.open(f"/meetings/{setting.meeting.id}{path}", method=method, data=data)

    assert response.status_code == 403
    assert _invitation_count(setting.meeting) == 0
