"""Seed 003: the ENSIE network (Europe for Citizens), as seen by its Latvian partner."""

from __future__ import annotations

from typing import Any

from ..groups.enums import Language, Role
from ..models import Organisation
from ..scheduling.enums import MeetingKind
from .loader import RIGA, Loader

#: Seed 003 names twelve partners from ten countries but gives no organisation names;
#: the demo has one partner per country, named by its country.
ENSIE_COUNTRIES = [
    ("Slovakia", "SK"),
    ("Hungary", "HU"),
    ("Italy", "IT"),
    ("Romania", "RO"),
    ("Portugal", "PT"),
    ("Latvia", "LV"),
    ("Czechia", "CZ"),
    ("Serbia", "RS"),
    ("Croatia", "HR"),
    ("Slovenia", "SI"),
]


def _partners(lo: Loader) -> dict[str, Organisation]:
    """One partner organisation per country, by country code."""
    partners = {}
    for country, code in ENSIE_COUNTRIES:
        extra: dict[str, Any] = {}
        if code == "LV":
            extra = {"website": "https://www.socialinnovation.lv"}
        partners[code] = lo.organisation(
            f"Partner organisation ({country})",
            country=code,
            description="Partner of the ENSIE project 588997-CITIZ-1-2017-1-1SK-CITIZ-NT.",
            **extra,
        )
    return partners


def load_ensie(lo: Loader) -> None:
    """Seed 003: the ENSIE network (Europe for Citizens), as seen by its Latvian partner."""
    partners = _partners(lo)
    group = lo.group(
        "ensie",
        name="Eiropas tīkls sociālās integrācijas uzņēmējdarbībai (ENSIE)",
        language=Language.LV,
        timezone=RIGA,
        is_public=True,
        parent_body=(
            "Programma „Eiropa pilsoņiem”, 2. virziens, 2.2. pasākums „Pilsētu tīkli”; "
            "projekts 588997-CITIZ-1-2017-1-1SK-CITIZ-NT"
        ),
        lead_organisation=partners["LV"],
        contact_email="anita.stirane@socialinnovation.lv",
        description=(
            "Projekta galvenais mērķis bija izveidot starptautisku tīklu zināšanu apmaiņai "
            "sociālās integrācijas uzņēmumu jomā, partneru tīklam ietverot pilsētas, "
            "pašvaldības, ekspertus, bezpeļņas organizācijas, kā arī izglītības un "
            "pētniecības iestādes.\n\n"
            "Projektā iesaistīti 12 partneri no desmit Eiropas valstīm: Slovākijas, "
            "Ungārijas, Itālijas, Rumānijas, Portugāles, Latvijas, Čehijas, Serbijas, "
            "Horvātijas un Slovēnijas. Projekts tika realizēts periodā no 2017. gada "
            "septembra līdz 2018. gada decembrim, īstenojot 6 pasākumus.\n\n"
            "Kontaktinformācija: Anita Stirāne, projekta vadītāja Latvijā, "
            "anita.stirane@socialinnovation.lv, www.socialinnovation.lv"
        ),
        goals=(
            "- veicināt nelabvēlīgā situācijā esošu grupu sociālo iekļaušanu\n"
            "- likvidēt sociālo nevienlīdzību\n"
            "- mazināt bezdarbu\n"
            "- uzlabot pakalpojumu kvalitāti vietējām kopienām\n"
            "- kontekstualizēt sociālās integrācijas uzņēmumus ES politikas virzienos"
        ),
    )
    member = lo.user(
        "dalibnieks@demo.example",
        "Jānis Bērziņš",
        "member (dalībnieks), ENSIE",
        locale="lv",
        grammatical_gender="masculine",
        timezone=RIGA,
        organisation_id=partners["LV"].id,
    )
    lo.member(member, group, Role.MEMBER)
    # The seed gives only the count (six events) and the period (September 2017 to
    # December 2018); the dates below are spread over that period, not real event dates.
    dates = [
        (2017, 9, 28),
        (2018, 1, 25),
        (2018, 4, 19),
        (2018, 6, 14),
        (2018, 9, 20),
        (2018, 12, 6),
    ]
    for number, (year, month, day) in enumerate(dates, start=1):
        lo.meeting(
            group,
            number,
            title=f"ENSIE projekta pasākums Nr. {number}",
            kind=MeetingKind.PUBLIC_EVENT,
            is_public=True,
            starts=lo.at(RIGA, year, month, day, 10),
            ends=lo.at(RIGA, year, month, day, 16),
        )
