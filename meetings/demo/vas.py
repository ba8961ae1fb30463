"""Seed 002: the Vas county pact's "Szociális gondoskodás" working group."""

from __future__ import annotations

from ..groups.enums import Language, QuorumRule, Role
from .loader import BUDAPEST, Loader


def load_vas(lo: Loader) -> None:
    """Seed 002: the Vas county pact's "Szociális gondoskodás" working group."""
    county = lo.organisation("Vas Megyei Önkormányzat", city="Szombathely", country="HU")
    venue = lo.venue(
        "Vas Megyei Önkormányzat", "Szombathely", country="HU", organisation_id=county.id
    )
    group = lo.group(
        "vas-szocialis-gondoskodas",
        name="Szociális gondoskodás",
        language=Language.HU,
        timezone=BUDAPEST,
        is_public=False,
        # Quorate ("határozatképes") when more than half of the voting members are present.
        quorum_rule=QuorumRule.MAJORITY,
        parent_body="Vas megyei foglalkoztatási-gazdaságfejlesztési Paktum",
        lead_organisation=county,
        description=(
            "A Vas Megyei Önkormányzat által vezetett konzorcium támogatást nyert a „Vas "
            "megyei foglalkoztatási-gazdaságfejlesztési Paktum” c. projekt működtetésére. A "
            "program keretében fontosnak tartjuk a gazdaság és foglalkoztatás fejlesztés "
            "speciális területeinek és így a szociális gazdaságnak a megyében betöltött "
            "szerepét, szereplőinek számbavételét, fejlesztésének lehetőségeit.\n\n"
            "Ennek a gondolatnak a megvalósítása céljából indítjuk el a Szociális "
            "gondoskodás elnevezésű munkacsoport működését."
        ),
        goals=(
            "A szociális gazdaságba potenciálisan bekapcsolható szervezetek (civil "
            "szervezetek, vállalkozások, valamint a helyi önkormányzatok) alapvető "
            "információk átadásával tehetők érdekeltté és motiválttá abban, hogy a szociális "
            "gazdaság aktív, helyi szereplőivé váljanak; ideértve forrásszerzési képességük "
            "növelését is."
        ),
    )
    secretary = lo.user(
        "titkar@demo.example",
        "Nagy Katalin",
        "assistant (titkár), Szociális gondoskodás (Vas)",
        locale="hu",
        timezone=BUDAPEST,
        organisation_id=county.id,
    )
    member = lo.user(
        "tag@demo.example",
        "Kovács Péter",
        "member (tag), Szociális gondoskodás (Vas)",
        locale="hu",
        timezone=BUDAPEST,
        organisation_id=county.id,
    )
    lo.member(secretary, group, Role.ASSISTANT)
    lo.member(member, group, Role.MEMBER)
    # The group was started with this meeting, so it is numbered 1; the seed gives no end.
    lo.meeting(
        group,
        1,
        title="Munkacsoport ülés – Szociális gondoskodás",
        is_public=True,
        starts=lo.at(BUDAPEST, 2022, 10, 27, 10),
        ends=lo.at(BUDAPEST, 2022, 10, 27, 12),
        venue=venue,
    )
    lo.meeting(
        group,
        2,
        title="A Szociális gondoskodás munkacsoport 2. ülése",
        starts=lo.days_ahead(BUDAPEST, 20, 10),
        ends=lo.days_ahead(BUDAPEST, 20, 12),
        venue=venue,
    )
