"""Seed 004: the Slovak national competence centre for social innovation (SI PLUS)."""

from __future__ import annotations

from ..groups.enums import Language, QuorumRule, Role
from .loader import BRATISLAVA, Loader


def load_nkcsi(lo: Loader) -> None:
    """Seed 004: the Slovak national competence centre for social innovation (SI PLUS)."""
    ministry = lo.organisation(
        "Ministerstvo práce, sociálnych vecí a rodiny SR", short_name="MPSVR SR", country="SK"
    )
    for name, code in [
        ("L&R Social Research", "AT"),
        ("arbeit plus", "AT"),
        ("IFKA Public Benefit Non-Profit Ltd.", "HU"),
        ("Sofia Development Association", "BG"),
    ]:
        lo.organisation(
            name,
            country=code,
            description="Partner of the EaSI project Social Innovation Plus – Competence "
            "Centres (SI PLUS).",
        )
    group = lo.group(
        "nkcsi",
        name="Národné kompetenčné centrum pre sociálne inovácie",
        language=Language.SK,
        timezone=BRATISLAVA,
        is_public=True,
        # The centre's board decides when more than half of its voting members take part.
        quorum_rule=QuorumRule.MAJORITY,
        parent_body="Social Innovation Plus – Competence Centres (SI PLUS), program EaSI",
        lead_organisation=ministry,
        description=(
            "Projekt trvá dva roky (máj 2021 – apríl 2023). Jeho cieľom je zriadiť udržateľné "
            "Národné kompetenčné centrum pre sociálne inovácie (NKCSI) reagujúce na výzvy pri "
            "riešení sociálnych a spoločenských problémov.\n\n"
            "Partneri: L&R Social Research, arbeit plus (Rakúsko), IFKA Public Benefit "
            "Non-Profit Ltd. (Maďarsko), Sofia Development Association (Bulharsko).\n\n"
            "Bližšie informácie: www.socialneinovacie.gov.sk"
        ),
        goals=(
            "- Analýza a mapovanie ekosystému v oblasti sociálnych inovácií v SR\n"
            "- Založenie Národného kompetenčného centra pre sociálne inovácie (web platforma)\n"
            "- Výmena skúseností, príkladov dobrej praxe, sieťovanie a budovanie kapacít\n"
            "- Propagácia výsledkov projektu a osveta sociálnych inovácií"
        ),
    )
    person = lo.user(
        "nkcsi@demo.example",
        "Zuzana Kováčová",
        "chair, NKCSI",
        locale="sk",
        grammatical_gender="feminine",
        timezone=BRATISLAVA,
        organisation_id=ministry.id,
    )
    lo.member(person, group, Role.CHAIR)
