"""The words of the ten-year archive (``archive.py``): regions, bodies, people's names,
agenda items, the course of meetings, decisions and tasks in Czech, Slovak, Hungarian,
Latvian and English.

Modelled on the seed documents (``../shared/seeds/``) and the demo: regional employment
pacts and social-care working groups of Czech and Slovak regions, Hungarian counties and
Latvian planning regions, and one European network working in English. Regions, towns and
their addresses are real public offices; every person, e-mail address and text is made up.
"""

from __future__ import annotations

from dataclasses import dataclass

PRAGUE = "Europe/Prague"
BRATISLAVA = "Europe/Bratislava"
BUDAPEST = "Europe/Budapest"
RIGA = "Europe/Riga"
BRUSSELS = "Europe/Brussels"


@dataclass(frozen=True)
class Region:
    """A region whose working groups meet under one pact or partnership."""

    key: str
    lang: str
    timezone: str
    country: str
    #: The regional authority, lead organisation of the region's groups.
    authority: str
    authority_short: str
    department: str
    city: str
    postcode: str
    street: str
    #: The pact or partnership the groups work under (``WorkingGroup.parent_body``).
    parent_body: str
    #: Genitive or adjective forms the templates need ("Libereckého kraje", "Vas").
    of_region: str


# One region a line (too long for the formatter to keep readable).
# fmt: off
REGIONS: list[Region] = [
    # Czech regions: employment pacts, as in seed 001 (Liberec).
    Region("lbk", "cs", PRAGUE, "CZ", "Krajský úřad Libereckého kraje", "KÚ LK",
           "Odbor sociálních věcí", "Liberec", "460 01", "U Jezu 642/2a",
           "Pakt zaměstnanosti Libereckého kraje (PZLK)", "Libereckého kraje"),
    Region("jck", "cs", PRAGUE, "CZ", "Krajský úřad Jihočeského kraje", "KÚ JčK",
           "Odbor sociálních věcí", "České Budějovice", "370 76", "U Zimního stadionu 1952/2",
           "Pakt zaměstnanosti Jihočeského kraje", "Jihočeského kraje"),
    Region("msk", "cs", PRAGUE, "CZ", "Krajský úřad Moravskoslezského kraje", "KÚ MSK",
           "Odbor sociálních věcí", "Ostrava", "702 18", "28. října 117",
           "Pakt zaměstnanosti Moravskoslezského kraje", "Moravskoslezského kraje"),
    Region("pak", "cs", PRAGUE, "CZ", "Krajský úřad Pardubického kraje", "KÚ PK",
           "Odbor sociálních věcí", "Pardubice", "532 11", "Komenského náměstí 125",
           "Pakt zaměstnanosti Pardubického kraje", "Pardubického kraje"),
    Region("olk", "cs", PRAGUE, "CZ", "Krajský úřad Olomouckého kraje", "KÚ OK",
           "Odbor sociálních věcí", "Olomouc", "779 00", "Jeremenkova 1191/40a",
           "Pakt zaměstnanosti Olomouckého kraje", "Olomouckého kraje"),
    Region("zlk", "cs", PRAGUE, "CZ", "Krajský úřad Zlínského kraje", "KÚ ZK",
           "Odbor sociálních věcí", "Zlín", "761 90", "třída Tomáše Bati 21",
           "Pakt zaměstnanosti Zlínského kraje", "Zlínského kraje"),
    Region("vys", "cs", PRAGUE, "CZ", "Krajský úřad Kraje Vysočina", "KÚ KV",
           "Odbor sociálních věcí", "Jihlava", "587 33", "Žižkova 1882/57",
           "Pakt zaměstnanosti Kraje Vysočina", "Kraje Vysočina"),
    Region("ulk", "cs", PRAGUE, "CZ", "Krajský úřad Ústeckého kraje", "KÚ ÚK",
           "Odbor sociálních věcí", "Ústí nad Labem", "400 02", "Velká Hradební 3118/48",
           "Pakt zaměstnanosti Ústeckého kraje", "Ústeckého kraje"),
    Region("kvk", "cs", PRAGUE, "CZ", "Krajský úřad Karlovarského kraje", "KÚ KK",
           "Odbor sociálních věcí", "Karlovy Vary", "360 06", "Závodní 353/88",
           "Pakt zaměstnanosti Karlovarského kraje", "Karlovarského kraje"),
    Region("plk", "cs", PRAGUE, "CZ", "Krajský úřad Plzeňského kraje", "KÚ PK",
           "Odbor sociálních věcí", "Plzeň", "306 13", "Škroupova 1760/18",
           "Pakt zaměstnanosti Plzeňského kraje", "Plzeňského kraje"),
    Region("hkk", "cs", PRAGUE, "CZ", "Krajský úřad Královéhradeckého kraje", "KÚ KHK",
           "Odbor sociálních věcí", "Hradec Králové", "500 03", "Pivovarské náměstí 1245/2",
           "Pakt zaměstnanosti Královéhradeckého kraje", "Královéhradeckého kraje"),
    Region("jmk", "cs", PRAGUE, "CZ", "Krajský úřad Jihomoravského kraje", "KÚ JMK",
           "Odbor sociálních věcí", "Brno", "601 82", "Žerotínovo náměstí 449/3",
           "Pakt zaměstnanosti Jihomoravského kraje", "Jihomoravského kraje"),
    # Slovak self-governing regions, as in seed 000 (Košice).
    Region("ksk", "sk", BRATISLAVA, "SK", "Úrad Košického samosprávneho kraja", "Úrad KSK",
           "Odbor sociálnych vecí", "Košice", "042 66", "Nám. Maratónu mieru 1",
           "Regionálne partnerstvo pre sociálne začlenenie Košického kraja", "Košického kraja"),
    Region("psk", "sk", BRATISLAVA, "SK", "Úrad Prešovského samosprávneho kraja", "Úrad PSK",
           "Odbor sociálnych vecí", "Prešov", "080 01", "Námestie mieru 2",
           "Regionálne partnerstvo pre sociálne začlenenie Prešovského kraja", "Prešovského kraja"),
    Region("bbsk", "sk", BRATISLAVA, "SK", "Úrad Banskobystrického samosprávneho kraja",
           "Úrad BBSK",
           "Odbor sociálnych vecí", "Banská Bystrica", "974 01", "Námestie SNP 23",
           "Regionálne partnerstvo pre sociálne začlenenie Banskobystrického kraja",
           "Banskobystrického kraja"),
    Region("zsk", "sk", BRATISLAVA, "SK", "Úrad Žilinského samosprávneho kraja", "Úrad ŽSK",
           "Odbor sociálnych vecí", "Žilina", "011 09", "Komenského 48",
           "Regionálne partnerstvo pre sociálne začlenenie Žilinského kraja", "Žilinského kraja"),
    Region("tsk", "sk", BRATISLAVA, "SK", "Úrad Trenčianskeho samosprávneho kraja", "Úrad TSK",
           "Odbor sociálnych vecí", "Trenčín", "911 01", "K dolnej stanici 7282/20A",
           "Regionálne partnerstvo pre sociálne začlenenie Trenčianskeho kraja",
           "Trenčianskeho kraja"),
    Region("nsk", "sk", BRATISLAVA, "SK", "Úrad Nitrianskeho samosprávneho kraja", "Úrad NSK",
           "Odbor sociálnych vecí", "Nitra", "949 01", "Rázusova 2A",
           "Regionálne partnerstvo pre sociálne začlenenie Nitrianskeho kraja",
           "Nitrianskeho kraja"),
    Region("ttsk", "sk", BRATISLAVA, "SK", "Úrad Trnavského samosprávneho kraja", "Úrad TTSK",
           "Odbor sociálnych vecí", "Trnava", "917 01", "Starohájska 10",
           "Regionálne partnerstvo pre sociálne začlenenie Trnavského kraja", "Trnavského kraja"),
    Region("bsk", "sk", BRATISLAVA, "SK", "Úrad Bratislavského samosprávneho kraja", "Úrad BSK",
           "Odbor sociálnych vecí", "Bratislava", "820 05", "Sabinovská 16",
           "Regionálne partnerstvo pre sociálne začlenenie Bratislavského kraja",
           "Bratislavského kraja"),
    # Hungarian counties and their employment pacts, as in seed 002 (Vas).
    Region("vas", "hu", BUDAPEST, "HU", "Vas Megyei Önkormányzat", "VMÖ",
           "Területfejlesztési Iroda", "Szombathely", "9700", "Berzsenyi Dániel tér 1.",
           "Vas megyei foglalkoztatási-gazdaságfejlesztési Paktum", "Vas"),
    Region("zala", "hu", BUDAPEST, "HU", "Zala Megyei Önkormányzat", "ZMÖ",
           "Területfejlesztési Iroda", "Zalaegerszeg", "8900", "Kosztolányi Dezső u. 10.",
           "Zala megyei foglalkoztatási-gazdaságfejlesztési Paktum", "Zala"),
    Region("gyms", "hu", BUDAPEST, "HU", "Győr-Moson-Sopron Megyei Önkormányzat", "GYMSMÖ",
           "Területfejlesztési Iroda", "Győr", "9021", "Városház tér 3.",
           "Győr-Moson-Sopron megyei foglalkoztatási-gazdaságfejlesztési Paktum",
           "Győr-Moson-Sopron"),
    Region("bar", "hu", BUDAPEST, "HU", "Baranya Megyei Önkormányzat", "BMÖ",
           "Területfejlesztési Iroda", "Pécs", "7621", "Széchenyi tér 9.",
           "Baranya megyei foglalkoztatási-gazdaságfejlesztési Paktum", "Baranya"),
    Region("baz", "hu", BUDAPEST, "HU", "Borsod-Abaúj-Zemplén Megyei Önkormányzat", "BAZMÖ",
           "Területfejlesztési Iroda", "Miskolc", "3525", "Városház tér 1.",
           "Borsod-Abaúj-Zemplén megyei foglalkoztatási-gazdaságfejlesztési Paktum",
           "Borsod-Abaúj-Zemplén"),
    Region("hb", "hu", BUDAPEST, "HU", "Hajdú-Bihar Megyei Önkormányzat", "HBMÖ",
           "Területfejlesztési Iroda", "Debrecen", "4024", "Piac u. 54.",
           "Hajdú-Bihar megyei foglalkoztatási-gazdaságfejlesztési Paktum", "Hajdú-Bihar"),
    Region("szsz", "hu", BUDAPEST, "HU", "Szabolcs-Szatmár-Bereg Megyei Önkormányzat", "SZSZBMÖ",
           "Területfejlesztési Iroda", "Nyíregyháza", "4400", "Hősök tere 5.",
           "Szabolcs-Szatmár-Bereg megyei foglalkoztatási-gazdaságfejlesztési Paktum",
           "Szabolcs-Szatmár-Bereg"),
    Region("som", "hu", BUDAPEST, "HU", "Somogy Megyei Önkormányzat", "SMÖ",
           "Területfejlesztési Iroda", "Kaposvár", "7400", "Fő u. 10.",
           "Somogy megyei foglalkoztatási-gazdaságfejlesztési Paktum", "Somogy"),
    Region("vesz", "hu", BUDAPEST, "HU", "Veszprém Megyei Önkormányzat", "VeMÖ",
           "Területfejlesztési Iroda", "Veszprém", "8200", "Megyeház tér 1.",
           "Veszprém megyei foglalkoztatási-gazdaságfejlesztési Paktum", "Veszprém"),
    Region("hev", "hu", BUDAPEST, "HU", "Heves Megyei Önkormányzat", "HMÖ",
           "Területfejlesztési Iroda", "Eger", "3300", "Kossuth Lajos u. 9.",
           "Heves megyei foglalkoztatási-gazdaságfejlesztési Paktum", "Heves"),
    # Latvian planning regions.
    Region("rpr", "lv", RIGA, "LV", "Rīgas plānošanas reģions", "RPR",
           "Sociālo pakalpojumu nodaļa", "Rīga", "LV-1050", "Zigfrīda Annas Meierovica bulv. 18",
           "Rīgas reģiona sociālās iekļaušanas partnerība", "Rīgas"),
    Region("vpr", "lv", RIGA, "LV", "Vidzemes plānošanas reģions", "VPR",
           "Sociālo pakalpojumu nodaļa", "Cēsis", "LV-4101", "Jāņa Poruka iela 8",
           "Vidzemes sociālās iekļaušanas partnerība", "Vidzemes"),
    Region("kpr", "lv", RIGA, "LV", "Kurzemes plānošanas reģions", "KPR",
           "Sociālo pakalpojumu nodaļa", "Liepāja", "LV-3401", "Avotu iela 12",
           "Kurzemes sociālās iekļaušanas partnerība", "Kurzemes"),
    Region("zpr", "lv", RIGA, "LV", "Zemgales plānošanas reģions", "ZPR",
           "Sociālo pakalpojumu nodaļa", "Jelgava", "LV-3001", "Katoļu iela 2b",
           "Zemgales sociālās iekļaušanas partnerība", "Zemgales"),
    Region("lpr", "lv", RIGA, "LV", "Latgales plānošanas reģions", "LPR",
           "Sociālo pakalpojumu nodaļa", "Rēzekne", "LV-4601", "Atbrīvošanas aleja 95",
           "Latgales sociālās iekļaušanas partnerība", "Latgales"),
    # A European network working in English, as in seed 003 (ENSIE).
    Region("eu", "en", BRUSSELS, "BE", "European Network of Social Integration Enterprises",
           "ENSIE",
           "Secretariat", "Brussels", "1000", "Rue Royale 94",
           "Social Innovation Plus consortium", "the network"),
]
# fmt: on


@dataclass(frozen=True)
class Words:
    """Everything one language contributes to the archive."""

    #: Group name from a topic.
    group_name: str
    #: Topics of working groups: (name, slug).
    topics: list[tuple[str, str]]
    #: Meeting titles: {n} the number, {topic} the group's topic.
    regular_title: str
    extended_title: str
    joint_title: str
    public_title: str
    description: str
    cancel_reason: str
    #: Partner organisations of a region: {city}, {of} (``Region.of_region``).
    partners: list[str]
    venue_rooms: list[str]
    community_centre: str
    online_venue: str
    #: The standing agenda: (title, kind, minutes) before and after the topical items.
    opening_items: list[tuple[str, str, int]]
    closing_items: list[tuple[str, str, int]]
    #: Topical items (title, kind); {year} is the meeting's year.
    topical_items: list[tuple[str, str]]
    sub_items: list[tuple[str, str]]
    #: Sentences of the course of the meeting; {org} a partner organisation.
    sentences: list[str]
    opening: str
    closing: str
    next_meeting: str
    #: Decisions: {prev} the previous number, {item} an agenda item's title.
    decision_minutes: str
    decisions: list[str]
    #: Tasks: {item} an agenda item's title, {org} a partner organisation.
    actions: list[str]
    #: People: (male first names, female first names, (male, female) surnames, titles).
    male: list[str]
    female: list[str]
    surnames: list[tuple[str, str]]
    titles: list[str]
    #: True when the family name comes first (Hungarian).
    family_first: bool = False


WORDS: dict[str, Words] = {
    "cs": Words(
        group_name="Odborná pracovní skupina {topic}",
        topics=[
            ("Sociální služby", "socialni-sluzby"),
            ("Zaměstnanost", "zamestnanost"),
            ("Vzdělávání a trh práce", "vzdelavani"),
            ("Sociální podnikání", "socialni-podnikani"),
            ("Sociální bydlení", "socialni-bydleni"),
            ("Rodina a senioři", "rodina-seniori"),
            ("Sociální začleňování", "socialni-zaclenovani"),
            ("Zdravotně postižení", "zdravotne-postizeni"),
        ],
        regular_title="{n}. setkání pracovní skupiny {topic}",
        extended_title="{n}. rozšířené setkání pracovní skupiny {topic} (kulatý stůl)",
        joint_title="{n}. společné setkání pracovních skupin paktu zaměstnanosti",
        public_title="Veřejné setkání: {topic} v regionu",
        description=(
            "Setkání je určeno členům pracovní skupiny a pozvaným hostům z partnerských "
            "organizací. Podklady k jednotlivým bodům jsou přiloženy k programu."
        ),
        cancel_reason="Setkání se ruší pro nízký počet potvrzených účastníků; body programu "
        "se přesouvají na příští setkání.",
        partners=[
            "Úřad práce ČR – kontaktní pracoviště {city}",
            "Statutární město {city}",
            "Asociace nestátních neziskových organizací {of}",
            "Oblastní charita {city}",
            "Krajská hospodářská komora {of}",
            "Centrum pro komunitní práci {of}",
        ],
        venue_rooms=[
            "zasedací místnost 2. patro",
            "velká zasedací místnost č. 326a",
            "školicí místnost, přízemí",
        ],
        community_centre="Komunitní centrum {city}",
        online_venue="Online (videokonference)",
        opening_items=[
            ("Zahájení, schválení programu a zapisovatele", "information", 10),
            ("Schválení zápisu z minulého setkání", "decision", 5),
            ("Kontrola plnění úkolů", "discussion", 15),
        ],
        closing_items=[
            ("Informace členů pracovní skupiny", "information", 20),
            ("Různé", "information", 10),
            ("Termín a místo příštího setkání, závěr", "information", 5),
        ],
        topical_items=[
            ("Střednědobý plán rozvoje sociálních služeb na roky {year}–{year2}", "discussion"),
            ("Aktualizace sítě sociálních služeb kraje", "decision"),
            ("Dotační program kraje pro neziskové organizace na rok {year}", "information"),
            ("Sociální podnikání v kraji – příklady dobré praxe", "discussion"),
            ("Zaměstnávání osob se zdravotním postižením", "discussion"),
            ("Příprava rozšířeného setkání (kulatého stolu)", "decision"),
            ("Zpráva o činnosti pracovní skupiny za rok {prev_year}", "decision"),
            ("Plán činnosti pracovní skupiny na rok {year}", "decision"),
            ("Dostupné bydlení pro ohrožené skupiny obyvatel", "discussion"),
            ("Dluhové poradenství a prevence zadlužení", "information"),
            ("Podpora neformálních pečujících", "discussion"),
            ("Operační program Zaměstnanost plus – aktuální výzvy", "information"),
            ("Prevence ztráty bydlení", "discussion"),
            ("Digitální dovednosti seniorů", "information"),
            ("Transformace pobytových sociálních služeb", "discussion"),
            ("Financování sociálních služeb – změny v dotačním řízení", "information"),
        ],
        sub_items=[
            ("Informace krajského úřadu", "information"),
            ("Zkušenosti poskytovatelů sociálních služeb", "discussion"),
            ("Diskuse a návrh dalšího postupu", "discussion"),
            ("Stanovisko pracovní skupiny", "decision"),
        ],
        sentences=[
            "Zástupci organizace {org} informovali o aktuálním vývoji v této oblasti.",
            "Pracovní skupina diskutovala o možnostech spolupráce s partnery v regionu.",
            "Bylo dohodnuto, že podklady budou rozeslány členům pracovní skupiny do konce měsíce.",
            "Členové se shodli na potřebě zapojit další aktéry, zejména obce a poskytovatele "
            "sociálních služeb.",
            "K návrhu nebyly vzneseny připomínky.",
            "Diskuse se týkala především financování a udržitelnosti navržených opatření.",
            "Podrobné informace jsou uvedeny v podkladech rozeslaných před jednáním.",
            "Zástupce organizace {org} upozornil na obtíže s obsazováním pracovních míst v "
            "sociálních službách.",
            "Pracovní skupina vzala informaci na vědomí.",
            "Přítomní ocenili dosavadní spolupráci s organizací {org} a doporučili v ní "
            "pokračovat i v příštím roce.",
            "Na dotaz členů bylo upřesněno, že termín pro podání žádostí se nemění.",
            "Téma bude podrobněji projednáno na příštím setkání.",
        ],
        opening="Setkání zahájil(a) v {time} předsedající {chair}, přivítal(a) přítomné a "
        "konstatoval(a), že pracovní skupina je usnášeníschopná. Program byl schválen bez "
        "připomínek.",
        closing="Předsedající poděkoval(a) všem za účast a setkání ukončil(a).",
        next_meeting="Příští setkání se uskuteční přibližně za měsíc; pozvánka s programem "
        "bude rozeslána nejméně týden předem.",
        decision_minutes="Pracovní skupina schvaluje zápis z {prev}. setkání bez připomínek.",
        decisions=[
            "Pracovní skupina souhlasí s postupem navrženým k bodu „{item}“.",
            "Pracovní skupina doporučuje Radě kraje zohlednit závěry diskuse k bodu „{item}“.",
            "Pracovní skupina pověřuje sekretariát přípravou podkladů k bodu „{item}“ na příští "
            "setkání.",
            "Pracovní skupina bere na vědomí informace k bodu „{item}“ a ukládá členům zaslat "
            "případné připomínky do 14 dnů.",
        ],
        actions=[
            "Rozeslat členům pracovní skupiny podklady k bodu „{item}“.",
            "Připravit návrh stanoviska k bodu „{item}“ do příštího setkání.",
            "Oslovit zástupce organizace {org} ohledně účasti na příštím setkání.",
            "Aktualizovat přehled kontaktů členů pracovní skupiny.",
            "Zjistit podmínky výzvy a informovat členy pracovní skupiny.",
        ],
        male=[
            "Jan",
            "Petr",
            "Josef",
            "Pavel",
            "Martin",
            "Tomáš",
            "Jiří",
            "Lukáš",
            "Michal",
            "Jaroslav",
            "Miroslav",
            "Zdeněk",
            "Václav",
            "Karel",
            "David",
            "Ondřej",
        ],
        female=[
            "Jana",
            "Marie",
            "Eva",
            "Hana",
            "Anna",
            "Lenka",
            "Kateřina",
            "Lucie",
            "Věra",
            "Alena",
            "Petra",
            "Jitka",
            "Martina",
            "Michaela",
            "Zuzana",
            "Markéta",
        ],
        surnames=[
            ("Novák", "Nováková"),
            ("Svoboda", "Svobodová"),
            ("Novotný", "Novotná"),
            ("Dvořák", "Dvořáková"),
            ("Černý", "Černá"),
            ("Procházka", "Procházková"),
            ("Kučera", "Kučerová"),
            ("Veselý", "Veselá"),
            ("Horák", "Horáková"),
            ("Němec", "Němcová"),
            ("Pokorný", "Pokorná"),
            ("Marek", "Marková"),
            ("Pospíšil", "Pospíšilová"),
            ("Hájek", "Hájková"),
            ("Jelínek", "Jelínková"),
            ("Král", "Králová"),
            ("Růžička", "Růžičková"),
            ("Beneš", "Benešová"),
            ("Fiala", "Fialová"),
            ("Sedláček", "Sedláčková"),
        ],
        titles=["", "", "", "Ing.", "Mgr.", "Bc.", "PhDr.", "JUDr.", "RNDr.", "doc. Ing."],
    ),
    "sk": Words(
        group_name="Pracovná skupina {topic}",
        topics=[
            ("Sociálny rozvoj", "socialny-rozvoj"),
            ("Zamestnanosť", "zamestnanost"),
            ("Vzdelávanie", "vzdelavanie"),
            ("Sociálna ekonomika", "socialna-ekonomika"),
            ("Sociálne bývanie", "socialne-byvanie"),
            ("Rodina a seniori", "rodina-seniori"),
            ("Sociálne inovácie", "socialne-inovacie"),
            ("Marginalizované rómske komunity", "mrk"),
        ],
        regular_title="{n}. zasadnutie pracovnej skupiny {topic}",
        extended_title="{n}. rozšírené zasadnutie pracovnej skupiny {topic} (okrúhly stôl)",
        joint_title="{n}. spoločné zasadnutie pracovných skupín regionálneho partnerstva",
        public_title="Informačné podujatie: {topic} v kraji",
        description=(
            "Zasadnutie je otvorené pre členov pracovnej skupiny a pozvaných hostí z "
            "partnerských organizácií."
        ),
        cancel_reason="Zasadnutie sa ruší pre nízky počet potvrdených účastníkov; body "
        "programu sa presúvajú na nasledujúce zasadnutie.",
        partners=[
            "Úrad práce, sociálnych vecí a rodiny {city}",
            "Mesto {city}",
            "Rada mimovládnych organizácií {of}",
            "Arcidiecézna charita {city}",
            "Regionálna rozvojová agentúra {city}",
            "Komunitné centrum {city}",
        ],
        venue_rooms=[
            "zasadacia miestnosť, 2. poschodie",
            "veľká zasadačka č. 101, 1. poschodie",
            "malá zasadačka, prízemie",
        ],
        community_centre="Komunitné centrum {city}",
        online_venue="Online (videokonferencia)",
        opening_items=[
            ("Otvorenie a schválenie programu", "information", 10),
            ("Schválenie zápisnice z predchádzajúceho zasadnutia", "decision", 5),
            ("Kontrola plnenia úloh", "discussion", 15),
        ],
        closing_items=[
            ("Informácie členov pracovnej skupiny", "information", 20),
            ("Rôzne", "information", 10),
            ("Termín ďalšieho zasadnutia a záver", "information", 5),
        ],
        topical_items=[
            ("Komunitný plán sociálnych služieb na roky {year}–{year2}", "discussion"),
            ("Komunitné centrá v mikroregiónoch", "discussion"),
            ("Registrácia nových sociálnych podnikov", "information"),
            ("Stanovisko k výzve na podporu sociálnej ekonomiky", "decision"),
            ("Správa o činnosti pracovnej skupiny za rok {prev_year}", "decision"),
            ("Plán činnosti pracovnej skupiny na rok {year}", "decision"),
            ("Dostupné nájomné bývanie", "discussion"),
            ("Dlhové poradenstvo", "information"),
            ("Program Slovensko – aktuálne výzvy", "information"),
            ("Dlhodobá starostlivosť a podpora opatrovateľov", "discussion"),
            ("Zamestnávanie znevýhodnených uchádzačov o zamestnanie", "discussion"),
            ("Deinštitucionalizácia sociálnych služieb", "discussion"),
        ],
        sub_items=[
            ("Informácia úradu samosprávneho kraja", "information"),
            ("Skúsenosti poskytovateľov", "discussion"),
            ("Diskusia a návrh ďalšieho postupu", "discussion"),
            ("Stanovisko pracovnej skupiny", "decision"),
        ],
        sentences=[
            "Zástupcovia organizácie {org} informovali o aktuálnom vývoji v tejto oblasti.",
            "Pracovná skupina diskutovala o možnostiach spolupráce s partnermi v regióne.",
            "Bolo dohodnuté, že podklady budú rozoslané členom pracovnej skupiny do konca mesiaca.",
            "Členovia sa zhodli na potrebe zapojiť ďalších aktérov, najmä obce a "
            "poskytovateľov sociálnych služieb.",
            "K návrhu neboli vznesené pripomienky.",
            "Diskusia sa týkala najmä financovania a udržateľnosti navrhnutých opatrení.",
            "Podrobné informácie sú uvedené v podkladoch rozoslaných pred zasadnutím.",
            "Zástupca organizácie {org} upozornil na problémy s obsadzovaním pracovných miest "
            "v sociálnych službách.",
            "Pracovná skupina vzala informáciu na vedomie.",
            "Prítomní ocenili doterajšiu spoluprácu s organizáciou {org}.",
            "Na otázku členov bolo spresnené, že termín na podávanie žiadostí sa nemení.",
            "Téma bude podrobnejšie prerokovaná na nasledujúcom zasadnutí.",
        ],
        opening="Zasadnutie otvoril(a) o {time} predsedajúci/predsedajúca {chair}, privítal(a) "
        "prítomných a konštatoval(a), že pracovná skupina je uznášaniaschopná.",
        closing="Predsedajúci/predsedajúca poďakoval(a) prítomným za účasť a zasadnutie "
        "ukončil(a).",
        next_meeting="Nasledujúce zasadnutie sa uskutoční približne o mesiac; pozvánka s "
        "programom bude rozoslaná najmenej týždeň vopred.",
        decision_minutes="Pracovná skupina schvaľuje zápisnicu z {prev}. zasadnutia bez "
        "pripomienok.",
        decisions=[
            "Pracovná skupina súhlasí s postupom navrhnutým k bodu „{item}“.",
            "Pracovná skupina odporúča zastupiteľstvu kraja zohľadniť závery diskusie k bodu "
            "„{item}“.",
            "Pracovná skupina poveruje sekretariát prípravou podkladov k bodu „{item}“ na "
            "nasledujúce zasadnutie.",
            "Pracovná skupina berie na vedomie informácie k bodu „{item}“.",
        ],
        actions=[
            "Rozoslať členom pracovnej skupiny podklady k bodu „{item}“.",
            "Pripraviť návrh stanoviska k bodu „{item}“ do nasledujúceho zasadnutia.",
            "Osloviť zástupcov organizácie {org} ohľadom účasti na nasledujúcom zasadnutí.",
            "Aktualizovať zoznam kontaktov členov pracovnej skupiny.",
        ],
        male=[
            "Ján",
            "Peter",
            "Jozef",
            "Martin",
            "Michal",
            "Tomáš",
            "Marek",
            "Juraj",
            "Milan",
            "Štefan",
            "Ľubomír",
            "Dušan",
        ],
        female=[
            "Mária",
            "Anna",
            "Zuzana",
            "Katarína",
            "Eva",
            "Jana",
            "Lucia",
            "Ivana",
            "Martina",
            "Ľudmila",
            "Veronika",
            "Monika",
        ],
        surnames=[
            ("Horváth", "Horváthová"),
            ("Kováč", "Kováčová"),
            ("Varga", "Vargová"),
            ("Tóth", "Tóthová"),
            ("Nagy", "Nagyová"),
            ("Baláž", "Balážová"),
            ("Molnár", "Molnárová"),
            ("Lukáč", "Lukáčová"),
            ("Kollár", "Kollárová"),
            ("Oravec", "Oravcová"),
            ("Hudák", "Hudáková"),
            ("Šimko", "Šimková"),
            ("Polák", "Poláková"),
            ("Kráľ", "Kráľová"),
        ],
        titles=["", "", "", "Ing.", "Mgr.", "Bc.", "PhDr.", "JUDr.", "PaedDr."],
    ),
    "hu": Words(
        group_name="{topic} munkacsoport",
        topics=[
            ("Szociális gondoskodás", "szocialis-gondoskodas"),
            ("Foglalkoztatás", "foglalkoztatas"),
            ("Oktatás és képzés", "oktatas-kepzes"),
            ("Szociális gazdaság", "szocialis-gazdasag"),
            ("Lakhatás", "lakhatas"),
            ("Család és idősek", "csalad-idosek"),
            ("Esélyteremtés", "eselyteremtes"),
            ("Egészségügy", "egeszsegugy"),
        ],
        regular_title="A(z) {topic} munkacsoport {n}. ülése",
        extended_title="A(z) {topic} munkacsoport {n}. kibővített ülése (kerekasztal)",
        joint_title="A paktum munkacsoportjainak {n}. együttes ülése",
        public_title="Nyilvános fórum: {topic}",
        description=(
            "Az ülés a munkacsoport tagjai és a partnerszervezetek meghívott vendégei számára "
            "nyitott."
        ),
        cancel_reason="Az ülés az alacsony visszajelzett részvétel miatt elmarad; a "
        "napirendi pontok a következő ülésre kerülnek.",
        partners=[
            "{of} Megyei Kormányhivatal Foglalkoztatási Főosztály",
            "{city} Megyei Jogú Város Önkormányzata",
            "{of} Megyei Civil Információs Centrum",
            "Katolikus Karitász – {city}",
            "{of} Megyei Kereskedelmi és Iparkamara",
            "{city} Közösségi Ház",
        ],
        venue_rooms=["nagyterem, I. emelet", "kisterem, földszint", "tárgyaló, II. emelet"],
        community_centre="{city} Közösségi Ház",
        online_venue="Online (videokonferencia)",
        opening_items=[
            ("Megnyitó, a napirend elfogadása", "information", 10),
            ("Az előző ülés emlékeztetőjének elfogadása", "decision", 5),
            ("A feladatok teljesítésének áttekintése", "discussion", 15),
        ],
        closing_items=[
            ("A tagok tájékoztatói", "information", 20),
            ("Egyebek", "information", 10),
            ("A következő ülés időpontja, zárás", "information", 5),
        ],
        topical_items=[
            ("A szociális gazdaság szereplőinek számbavétele", "discussion"),
            ("Forrásszerzési lehetőségek civil szervezetek számára {year}-ben", "information"),
            ("Mentori szolgáltatás a hátrányos helyzetű álláskeresők számára", "discussion"),
            ("A munkacsoport {prev_year}. évi beszámolója", "decision"),
            ("A munkacsoport {year}. évi munkaterve", "decision"),
            ("Társadalmi vállalkozások a megyében – jó gyakorlatok", "discussion"),
            ("Szociális foglalkoztatási programok", "information"),
            ("Megyei esélyteremtő partnerség", "discussion"),
            ("Idősgondozás és a családi gondozók támogatása", "discussion"),
            ("Közfoglalkoztatásból a nyílt munkaerőpiacra", "discussion"),
            ("Szociális bérlakásprogram", "information"),
            ("Pályázati felhívások – aktuális információk", "information"),
        ],
        sub_items=[
            ("A megyei önkormányzat tájékoztatója", "information"),
            ("A szolgáltatók tapasztalatai", "discussion"),
            ("Vita és a további lépések", "discussion"),
            ("A munkacsoport állásfoglalása", "decision"),
        ],
        sentences=[
            "A(z) {org} képviselője tájékoztatta a jelenlévőket a terület aktuális helyzetéről.",
            "A munkacsoport megvitatta a regionális partnerekkel való együttműködés lehetőségeit.",
            "Megállapodás született arról, hogy a háttéranyagokat a hónap végéig megküldik a "
            "tagoknak.",
            "A tagok egyetértettek abban, hogy további szereplőket, elsősorban az "
            "önkormányzatokat és a szolgáltatókat is be kell vonni.",
            "A javaslathoz észrevétel nem érkezett.",
            "A vita elsősorban a javasolt intézkedések finanszírozásáról és "
            "fenntarthatóságáról szólt.",
            "A részletes információkat az ülés előtt kiküldött háttéranyag tartalmazza.",
            "A(z) {org} képviselője jelezte, hogy a szociális területen nehéz a betöltetlen "
            "állások betöltése.",
            "A munkacsoport a tájékoztatást tudomásul vette.",
            "A jelenlévők nagyra értékelték a(z) {org} szervezettel folytatott eddigi "
            "együttműködést.",
            "A tagok kérdésére elhangzott, hogy a pályázati határidő nem változik.",
            "A témát a következő ülésen részletesebben tárgyalják.",
        ],
        opening="Az ülést {time} órakor {chair} elnök nyitotta meg, köszöntötte a "
        "jelenlévőket, és megállapította a munkacsoport határozatképességét.",
        closing="Az elnök megköszönte a részvételt, és az ülést bezárta.",
        next_meeting="A következő ülésre várhatóan egy hónap múlva kerül sor; a meghívót a "
        "napirenddel legalább egy héttel korábban küldjük.",
        decision_minutes="A munkacsoport a {prev}. ülés emlékeztetőjét változtatás nélkül "
        "elfogadja.",
        decisions=[
            "A munkacsoport egyetért a(z) „{item}” napirendi pontnál javasolt eljárással.",
            "A munkacsoport javasolja a közgyűlésnek, hogy vegye figyelembe a(z) „{item}” "
            "napirendi pont vitájának eredményét.",
            "A munkacsoport felkéri a titkárságot, hogy a(z) „{item}” témában készítsen "
            "háttéranyagot a következő ülésre.",
            "A munkacsoport a(z) „{item}” napirendi ponthoz kapcsolódó tájékoztatást "
            "tudomásul veszi.",
        ],
        actions=[
            "A(z) „{item}” napirendi pont háttéranyagainak megküldése a tagoknak.",
            "Állásfoglalás-tervezet előkészítése a(z) „{item}” témában a következő ülésig.",
            "A(z) {org} képviselőinek meghívása a következő ülésre.",
            "A tagok elérhetőségi listájának frissítése.",
        ],
        male=[
            "László",
            "István",
            "József",
            "János",
            "Zoltán",
            "Sándor",
            "Gábor",
            "Ferenc",
            "Attila",
            "Péter",
            "Tamás",
            "Zsolt",
        ],
        female=[
            "Mária",
            "Erzsébet",
            "Katalin",
            "Éva",
            "Ilona",
            "Anikó",
            "Zsuzsanna",
            "Judit",
            "Ágnes",
            "Krisztina",
            "Andrea",
            "Edit",
        ],
        surnames=[
            (s, s)
            for s in (
                "Nagy",
                "Kovács",
                "Tóth",
                "Szabó",
                "Horváth",
                "Varga",
                "Kiss",
                "Molnár",
                "Németh",
                "Farkas",
                "Balogh",
                "Papp",
                "Takács",
                "Juhász",
                "Lakatos",
                "Mészáros",
                "Oláh",
                "Simon",
                "Rácz",
                "Fekete",
            )
        ],
        titles=["", "", "", "", "dr."],
        family_first=True,
    ),
    "lv": Words(
        group_name="Darba grupa „{topic}”",
        topics=[
            ("Sociālie pakalpojumi", "socialie-pakalpojumi"),
            ("Nodarbinātība", "nodarbinatiba"),
            ("Izglītība", "izglitiba"),
            ("Sociālā uzņēmējdarbība", "sociala-uznemejdarbiba"),
            ("Mājokļi", "majokli"),
            ("Ģimene un seniori", "gimene-seniori"),
            ("Sociālā iekļaušana", "sociala-ieklausana"),
            ("Veselība", "veseliba"),
        ],
        regular_title="Darba grupas „{topic}” {n}. sanāksme",
        extended_title="Darba grupas „{topic}” {n}. paplašinātā sanāksme (apaļais galds)",
        joint_title="Partnerības darba grupu {n}. kopīgā sanāksme",
        public_title="Publiskais forums „{topic}”",
        description=(
            "Sanāksme ir atvērta darba grupas locekļiem un uzaicinātajiem partnerorganizāciju "
            "viesiem."
        ),
        cancel_reason="Sanāksme tiek atcelta nepietiekama apstiprināto dalībnieku skaita dēļ; "
        "darba kārtības jautājumi pārcelti uz nākamo sanāksmi.",
        partners=[
            "Nodarbinātības valsts aģentūra – filiāle {city}",
            "Sociālais dienests ({city})",
            "Biedrība „{of} NVO centrs”",
            "Latvijas Samariešu apvienība – {city}",
            "{of} uzņēmēju biedrība",
            "Kopienas centrs „{city}”",
        ],
        venue_rooms=["sēžu zāle, 2. stāvs", "mazā zāle, 1. stāvs", "apspriežu telpa 305"],
        community_centre="Kopienas centrs „{city}”",
        online_venue="Tiešsaistē (videokonference)",
        opening_items=[
            ("Sanāksmes atklāšana, darba kārtības apstiprināšana", "information", 10),
            ("Iepriekšējās sanāksmes protokola apstiprināšana", "decision", 5),
            ("Uzdevumu izpildes pārskats", "discussion", 15),
        ],
        closing_items=[
            ("Darba grupas locekļu informācija", "information", 20),
            ("Dažādi", "information", 10),
            ("Nākamās sanāksmes laiks, noslēgums", "information", 5),
        ],
        topical_items=[
            ("Sociālo pakalpojumu attīstības plāns {year}.–{year2}. gadam", "discussion"),
            ("Deinstitucionalizācijas pasākumi reģionā", "discussion"),
            ("Sociālo uzņēmumu atbalsta programma", "information"),
            ("Darba grupas {prev_year}. gada darbības pārskats", "decision"),
            ("Darba grupas {year}. gada darba plāns", "decision"),
            ("Ilgstošie bezdarbnieki un aktīvās nodarbinātības pasākumi", "discussion"),
            ("Pieejami mājokļi jaunajām ģimenēm", "discussion"),
            ("Atbalsts senioriem laukos", "discussion"),
            ("ES fondu aktuālie projektu konkursi", "information"),
            ("Digitālās prasmes pieaugušajiem", "information"),
        ],
        sub_items=[
            ("Plānošanas reģiona informācija", "information"),
            ("Pakalpojumu sniedzēju pieredze", "discussion"),
            ("Diskusija un turpmākā rīcība", "discussion"),
            ("Darba grupas viedoklis", "decision"),
        ],
        sentences=[
            "{org} pārstāvis informēja klātesošos par aktuālo situāciju šajā jomā.",
            "Darba grupa apsprieda sadarbības iespējas ar reģiona partneriem.",
            "Tika nolemts, ka materiāli darba grupas locekļiem tiks nosūtīti līdz mēneša beigām.",
            "Dalībnieki vienojās, ka nepieciešams iesaistīt arī pašvaldības un pakalpojumu "
            "sniedzējus.",
            "Priekšlikumam iebildumu nebija.",
            "Diskusija galvenokārt skāra piedāvāto pasākumu finansēšanu un ilgtspēju.",
            "Detalizēta informācija ir pieejama materiālos, kas tika izsūtīti pirms sanāksmes.",
            "{org} pārstāvis norādīja uz grūtībām aizpildīt vakances sociālajā jomā.",
            "Darba grupa informāciju pieņēma zināšanai.",
            "Klātesošie atzinīgi novērtēja līdzšinējo sadarbību ar {org}.",
            "Pēc dalībnieku jautājuma tika precizēts, ka pieteikumu iesniegšanas termiņš nemainās.",
            "Tēma tiks detalizētāk apspriesta nākamajā sanāksmē.",
        ],
        opening="Sanāksmi plkst. {time} atklāja darba grupas vadītājs(-a) {chair}, sveica "
        "klātesošos un konstatēja, ka darba grupa ir lemttiesīga.",
        closing="Vadītājs(-a) pateicās klātesošajiem par dalību un slēdza sanāksmi.",
        next_meeting="Nākamā sanāksme notiks aptuveni pēc mēneša; uzaicinājums ar darba kārtību "
        "tiks nosūtīts vismaz nedēļu iepriekš.",
        decision_minutes="Darba grupa apstiprina {prev}. sanāksmes protokolu bez iebildumiem.",
        decisions=[
            "Darba grupa atbalsta darba kārtības punktā „{item}” piedāvāto rīcību.",
            "Darba grupa iesaka reģiona attīstības padomei ņemt vērā diskusijas secinājumus "
            "par „{item}”.",
            "Darba grupa uzdod sekretariātam sagatavot materiālus par „{item}” nākamajai "
            "sanāksmei.",
            "Darba grupa pieņem zināšanai informāciju par „{item}”.",
        ],
        actions=[
            "Nosūtīt darba grupas locekļiem materiālus par „{item}”.",
            "Sagatavot viedokļa projektu par „{item}” līdz nākamajai sanāksmei.",
            "Uzaicināt {org} pārstāvjus uz nākamo sanāksmi.",
            "Atjaunot darba grupas locekļu kontaktu sarakstu.",
        ],
        male=[
            "Jānis",
            "Andris",
            "Māris",
            "Edgars",
            "Kārlis",
            "Pēteris",
            "Raimonds",
            "Aigars",
            "Guntis",
            "Artūrs",
        ],
        female=[
            "Anna",
            "Inese",
            "Ilze",
            "Kristīne",
            "Līga",
            "Dace",
            "Sandra",
            "Ieva",
            "Laura",
            "Zane",
        ],
        surnames=[
            ("Bērziņš", "Bērziņa"),
            ("Kalniņš", "Kalniņa"),
            ("Ozoliņš", "Ozoliņa"),
            ("Jansons", "Jansone"),
            ("Liepiņš", "Liepiņa"),
            ("Krūmiņš", "Krūmiņa"),
            ("Balodis", "Balode"),
            ("Zariņš", "Zariņa"),
            ("Pētersons", "Pētersone"),
            ("Vītols", "Vītola"),
            ("Kļaviņš", "Kļaviņa"),
            ("Eglītis", "Eglīte"),
        ],
        titles=[""],
    ),
    "en": Words(
        group_name="Working group {topic}",
        topics=[
            ("Social innovation", "social-innovation"),
            ("Employment", "employment"),
            ("Skills and training", "skills"),
            ("Social economy", "social-economy"),
            ("Housing", "housing"),
            ("Inclusion", "inclusion"),
            ("Research", "research"),
            ("Policy", "policy"),
        ],
        regular_title="Working group {topic}: meeting {n}",
        extended_title="Working group {topic}: extended meeting {n} (round table)",
        joint_title="Joint meeting {n} of the network's working groups",
        public_title="Peer-learning event: {topic}",
        description="The meeting is open to the working group's members and invited guests "
        "from partner organisations.",
        cancel_reason="Cancelled: too few participants confirmed; the items move to the next "
        "meeting.",
        partners=[
            "L&R Social Research ({city})",
            "arbeit plus",
            "IFKA Public Benefit Non-Profit Ltd.",
            "Sofia Development Association",
            "Social Economy Europe",
            "Member enterprises of {of}",
        ],
        venue_rooms=["meeting room 1", "conference room, 3rd floor"],
        community_centre="Maison des Associations {city}",
        online_venue="Online (video conference)",
        opening_items=[
            ("Welcome and adoption of the agenda", "information", 10),
            ("Approval of the minutes of the last meeting", "decision", 5),
            ("Review of the action items", "discussion", 15),
        ],
        closing_items=[
            ("News from the members", "information", 20),
            ("Any other business", "information", 10),
            ("Date of the next meeting and close", "information", 5),
        ],
        topical_items=[
            ("Work programme {year}", "decision"),
            ("Annual report {prev_year}", "decision"),
            ("ESF+ calls for social innovation", "information"),
            ("National competence centres: progress", "discussion"),
            ("Peer review of member practices", "discussion"),
            ("Position paper on work integration social enterprises", "decision"),
            ("Transnational exchange programme", "discussion"),
            ("Data collection on social integration enterprises", "information"),
        ],
        sub_items=[
            ("Update from the secretariat", "information"),
            ("Experience of the members", "discussion"),
            ("Discussion and next steps", "discussion"),
            ("Position of the working group", "decision"),
        ],
        sentences=[
            "The representative of {org} gave an update on recent developments.",
            "The working group discussed ways of cooperating with partners in the regions.",
            "It was agreed that the documents will be circulated to the members by the end of "
            "the month.",
            "Members agreed that municipalities and service providers should be involved.",
            "There were no comments on the proposal.",
            "The discussion focused on the funding and sustainability of the measures.",
            "Details are in the documents circulated before the meeting.",
            "The working group took note of the information.",
            "Members appreciated the cooperation with {org} so far.",
            "The topic will be discussed in more detail at the next meeting.",
        ],
        opening="The chair, {chair}, opened the meeting at {time}, welcomed the participants "
        "and noted that the working group had a quorum.",
        closing="The chair thanked everyone for taking part and closed the meeting.",
        next_meeting="The next meeting will take place in about a month; the invitation with "
        "the agenda will be sent at least a week before.",
        decision_minutes="The working group approves the minutes of meeting {prev} without "
        "changes.",
        decisions=[
            "The working group agrees with the approach proposed under “{item}”.",
            "The working group recommends the board to take the conclusions on “{item}” into "
            "account.",
            "The working group asks the secretariat to prepare documents on “{item}” for the "
            "next meeting.",
            "The working group takes note of the information on “{item}”.",
        ],
        actions=[
            "Circulate the documents on “{item}” to the members.",
            "Draft a position on “{item}” before the next meeting.",
            "Invite representatives of {org} to the next meeting.",
            "Update the members' contact list.",
        ],
        male=["Luca", "Jan", "Pierre", "Thomas", "Miguel", "Nikolai", "Andreas", "Marco"],
        female=["Anna", "Marie", "Sofia", "Elena", "Claire", "Katrin", "Ines", "Laura"],
        surnames=[
            (s, s)
            for s in (
                "Rossi",
                "de Vries",
                "Dubois",
                "Schmidt",
                "García",
                "Petrov",
                "Müller",
                "Bianchi",
                "Janssens",
                "Novak",
            )
        ],
        titles=["", "", "Dr"],
    ),
}
