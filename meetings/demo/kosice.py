"""Seed 000: the Košice regional office's social development unit."""

from __future__ import annotations

from ..groups.enums import Language, QuorumRule, Role
from ..models import Organisation, WorkingGroup
from ..scheduling.enums import MeetingKind
from .loader import BRATISLAVA, Loader


def load_kosice(lo: Loader) -> None:
    """Seed 000: the Košice regional office's social development unit."""
    office = lo.organisation(
        "Úrad Košického samosprávneho kraja",
        short_name="Úrad KSK",
        department="Odbor sociálnych vecí",
        street="Nám. Maratónu Mieru 1",
        postcode="042 66",
        city="Košice",
        country="SK",
        phone="055/72 68 299, 72 68 297",
    )
    lo.office_hours(
        office,
        {
            0: ("07:30", "15:30"),
            1: ("07:30", "15:30"),
            2: ("07:30", "16:30"),
            3: ("07:30", "15:30"),
            4: ("07:30", "14:30"),
        },
    )
    venue = lo.venue(
        "Úrad Košického samosprávneho kraja",
        "Košice",
        street="Nám. Maratónu Mieru 1",
        postcode="042 66",
        country="SK",
        organisation_id=office.id,
    )
    group = _group(lo, office)
    officer = lo.user(
        "kosice@demo.example",
        "Martin Horváth",
        "assistant, Sociálny rozvoj mikroregiónov (KSK)",
        locale="sk",
        grammatical_gender="masculine",
        timezone=BRATISLAVA,
        organisation_id=office.id,
    )
    lo.member(officer, group, Role.ASSISTANT)
    # An upcoming public event, so that the events page has something ahead (made up:
    # the seed lists the unit's priorities, not its events).
    lo.meeting(
        group,
        1,
        title="Informačné podujatie o sociálnom podnikaní v Košickom kraji",
        kind=MeetingKind.PUBLIC_EVENT,
        is_public=True,
        starts=lo.days_ahead(BRATISLAVA, 25, 9),
        ends=lo.days_ahead(BRATISLAVA, 25, 12),
        venue=venue,
    )


def _group(lo: Loader, office: Organisation) -> WorkingGroup:
    """The unit as a group, with its priorities (the seed's text) as goals."""
    return lo.group(
        "ksk-socialny-rozvoj",
        name="Sociálny rozvoj mikroregiónov / Sociálne podnikanie",
        language=Language.SK,
        timezone=BRATISLAVA,
        is_public=True,
        # Its statute: decisions need more than half of the voting members present.
        quorum_rule=QuorumRule.MAJORITY,
        parent_body="Úrad Košického samosprávneho kraja, Odbor sociálnych vecí",
        lead_organisation=office,
        description=(
            "V Košickom kraji sa nachádza pomerne veľké množstvo sociálne ohrozených a "
            "vylúčených komunít. Na podporu riešenia problémov týchto skupín vznikol na Úrade "
            "KSK samostatný referát. Jeho úlohou je hľadať cesty pomoci a podpory pre dané "
            "cieľové skupiny."
        ),
        goals=(
            "1. Podpora vylúčených komunít cez rôzne aktivity komunitných centier, "
            "neziskových organizácií a samosprávy prostredníctvom:\n"
            "   - pomoci a podpory registrovaným komunitným centrám, neziskovým organizáciám, "
            "občianskym združeniam a ďalším organizáciám i jednotlivcom pôsobiacim v oblasti "
            "rozvoja komunitného života\n"
            "   - návštev komunít za účelom spoznania ich problémov a hľadania riešení\n"
            "   - poskytovania informácií o zaujímavých aktivitách v oblasti vzdelávania, "
            "sieťovania a spolupráce podporných subjektov\n"
            "   - vytvárania a zapájania sa do iniciatív a projektov napomáhajúcich rozvoju a "
            "zlepšovaniu života komunít\n"
            "   - podpory druhošancového vzdelávania a ďalších aktivít smerujúcich k zvýšeniu "
            "zamestnateľnosti vylúčených komunít\n"
            "2. Podpora rozvoja komunít a obcí cez sociálne podnikanie, inovácie a ďalšie "
            "nástroje sociálnej ekonomiky cez:\n"
            "   - podporu, propagáciu a vzdelávanie v oblasti sociálneho podnikania a "
            "sociálnej ekonomiky\n"
            "   - konzultácie k príprave, založeniu a rozbehu sociálnych podnikov pre mestá, "
            "obce, tretí sektor i podnikateľské subjekty\n"
            "   - vytváranie sociálnych podnikov\n"
            "   - spájanie a sieťovanie subjektov napomáhajúcich k rozvoju sociálneho "
            "podnikania v košickom kraji\n"
            "   - tvorbu a realizáciu projektov napomáhajúcich rozvoju komunít, regiónov, "
            "zlepšujúcich kvalitu života občanov\n"
            "   - zapájanie sa do iniciatív v oblasti komunitného plánovania, strategického a "
            "rozvojového plánovania\n"
            "   - pomoc a podporu realizácie zámerov podpory trvalej zamestnateľnosti "
            "zraniteľných a znevýhodnených skupín, najmä dlhodobo nezamestnaných"
        ),
    )
