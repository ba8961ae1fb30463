"""`flask demo`: the 10th Liberec meeting's minutes published and signed with the demo
certificate, the 11th meeting's minutes in draft; a second run changes nothing."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

from pypdf import PdfReader
from sqlalchemy import select

from meetings.demo.liberec_minutes import DEMO_COMMON_NAME
from meetings.documents.signing import STORED_KEY_NAME, SigningKey
from meetings.extensions import db
from meetings.minutes.enums import MinutesState
from meetings.models import Meeting, Minutes, WorkingGroup
from meetings.storage import services as storage

from .conftest import signature_status


def _minutes(number: int) -> list[Minutes]:
    return list(
        db.session.scalars(
            select(Minutes)
            .join(Minutes.meeting)
            .join(Meeting.group)
            .where(WorkingGroup.slug == "pzlk-socialni-sluzby", Meeting.number == number)
        ).all()
    )


def _demo_key(app) -> SigningKey:
    """The key the site signs with once the demo has run."""
    key = SigningKey.from_config(app)
    assert key is not None
    return key


def test_demo_twice_has_one_published_pdf_for_meeting_10_and_submitted_minutes_for_11(
    app, db_session
):
    runner = app.test_cli_runner()

    first = runner.invoke(args=["demo"])
    tenth = _minutes(10)
    pdf_file_id, sha256 = tenth[0].pdf_file_id, tenth[0].pdf_sha256
    key_file_id = storage.named(STORED_KEY_NAME).id
    second = runner.invoke(args=["demo"])

    assert (first.exit_code, second.exit_code) == (0, 0), first.output + second.output
    assert [(m.edition, m.state) for m in _minutes(10)] == [(1, MinutesState.PUBLISHED)]
    assert [(m.edition, m.state) for m in _minutes(11)] == [(1, MinutesState.SUBMITTED)]
    assert (_minutes(10)[0].pdf_file_id, _minutes(10)[0].pdf_sha256) == (pdf_file_id, sha256)
    assert "Created the demo signing certificate" in first.output
    assert "Created the demo signing certificate" not in second.output
    assert storage.named(STORED_KEY_NAME).id == key_file_id


def test_demo_keeps_its_signing_key_in_storage_not_in_the_instance_folder(app, db_session):
    app.test_cli_runner().invoke(args=["demo"])

    key = _demo_key(app)

    assert (key.path, key.source) == (None, f"the stored {STORED_KEY_NAME}")
    assert not (Path(app.instance_path) / "signing").exists()
    assert not (Path(app.instance_path) / "config.py").exists()


def test_demo_minutes_pdf_holds_the_seed_and_validates_against_the_demo_certificate(
    app, db_session
):
    app.test_cli_runner().invoke(args=["demo"])
    minutes = _minutes(10)[0]
    data = storage.read(minutes.pdf_file)
    text = re.sub(
        r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    )
    status = signature_status(data, _demo_key(app))

    assert (status.intact, status.valid, status.trusted) == (True, True, True)
    assert status.signing_cert.subject.native["common_name"] == DEMO_COMMON_NAME
    assert "na rozšířeném setkání předsedkyně ANNOLK informace, které získala" in text
    assert "Bude dohodnut termín dubnového jednání." in text
    assert "10/1" in text and "10/2" in text and "10/3" in text
    assert "Dohodnout termín dubnového jednání se zástupci Libereckého kraje." in text
    assert "Jana Dvořáková" in text
    assert "roziiien6m" not in text and "jeiich" not in text


def test_the_demos_documents_pass_pdf_a_3a_and_pdf_ua_1(app, db_session, login_as):
    from meetings.auth.models import User

    from ..conftest import get_document
    from ..documents.test_archival import conformance_failures

    app.test_cli_runner().invoke(args=["demo"])
    minutes = _minutes(10)[0]
    assistant = db.session.scalar(select(User).where(User.email == "assistant@demo.example"))
    client = login_as(assistant)

    eleventh = _minutes(11)[0].meeting_id
    fetched = {
        "agenda": get_document(client, f"/meetings/{minutes.meeting_id}/agenda.pdf"),
        "draft minutes": get_document(client, f"/meetings/{eleventh}/minutes.pdf"),
        "invitation letter": get_document(client, f"/meetings/{eleventh}/invitation.pdf"),
        "attendance sheet": get_document(client, f"/meetings/{eleventh}/attendance-sheet.pdf"),
    }

    assert {name: r.status_code for name, r in fetched.items()} == dict.fromkeys(fetched, 200)
    documents = {"published minutes": storage.read(minutes.pdf_file)} | {
        name: r.data for name, r in fetched.items()
    }

    assert {name: conformance_failures(data) for name, data in documents.items()} == {
        name: {"3a": [], "ua1": []} for name in documents
    }


def test_the_10th_minutes_are_filed_as_an_office_files_them(app, db_session):
    """The letterhead, the reference number, the quorum line, the recorder, the verifier and
    the chair in their forms; every date of the record in 2018 (only the signature has the
    real signing time)."""
    from meetings.i18n import force_locale

    app.test_cli_runner().invoke(args=["demo"])
    data = storage.read(_minutes(10)[0].pdf_file)
    text = re.sub(
        r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    )
    with app.test_request_context(), force_locale("cs"):
        from flask_babel import gettext

        quorate = gettext("Quorate")

    assert text.startswith("Pakt zaměstnanosti Libereckého kraje")
    assert "Číslo jednací PS-SOC/2018/10" in text
    assert re.search(r"Sociální služby – [^.]*: 3 z potřebných 2\. " + quorate, text)
    assert "Zapsala Eva Nováková" in text
    assert "Ověřil Petr Svoboda, 26. března 2018" in text
    assert "Předsedkyně Jana Dvořáková" in text
    assert "Zveřejněno 28. března 2018" in text
    # Dates as "20. března 2018" or "20. 3. 2018" (the seed's text also names 2011–2016).
    dates = re.findall(r"\b\d{1,2}\. (?:\d{1,2}\. |[a-zěščřžýáíéúů]+ )(\d{4})\b", text)
    assert len(dates) > 3 and set(dates) == {"2018"}
    assert "Tento projekt je spolufinancován Evropskou unií" in text
    # The visible signature in Czech, the chair in her form; the signature itself carries
    # the real signing time.
    from .test_signature_appearance import _appearance

    lines, _glyphs = _appearance(data)
    assert lines[:2] == [
        "Elektronicky podepsala: Jana Dvořáková",
        "Předsedkyně, Odborná pracovní skupina Sociální služby",
    ]
    assert lines[2] == "Datum: 28. 3. 2018 9:00"
    [signature] = [
        f.get_object()["/V"]
        for f in PdfReader(io.BytesIO(data)).trailer["/Root"]["/AcroForm"]["/Fields"]
        if f.get_object().get("/FT") == "/Sig"
    ]
    assert int(str(signature["/M"])[2:6]) >= dt.datetime.now(dt.UTC).year - 1 > 2018
