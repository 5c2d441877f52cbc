"""Hospitals, clinics, imaging centres and practices named in reports."""
from __future__ import annotations

import regex

from ._alternation import by_first_letter
from ._base import Anchor, Refined, SpanPatternRecognizer
from ._gazetteer import device_makers, is_english
from ._institutions import GENERIC_WORDS, INSTITUTION_HEADS, institution_extent
from ._names import CREDENTIAL, NON_NAME_WORDS, STRUCTURAL_WORDS, is_non_name_word
from ._tokens import AMBIGUOUS, COMMON_PROPER, NAME, UNKNOWN, word_token

# Heads of data/institution_heads.txt, Title case; businesses and lodgings (`place`) and "Inc", "Co." (`title`) are
# matched in Title case only.
_HEAD_LIST = [h.text for h in INSTITUTION_HEADS]
_TITLE_CASE_ONLY = frozenset(h.text for h in INSTITUTION_HEADS if h.tags & {"place", "title"})
_MIXED_CASE_HEADS = frozenset(h.text.lower() for h in INSTITUTION_HEADS if "mixed-case" in h.tags)
# Heads that are also common report words ("Trauma Center", "Breast MRI", "Diffusion Tensor Imaging", "Screening
# Mammography", "Business Office"): a name ending in one needs two distinctive words ("Cobalt Ridge Imaging", "Severn
# Valley MRI").
# Screening coaches ("Mujer Sana Mobile Mammography"), agencies ("Quarrow County Sheriff's Office"), plants and depots
# ("Tamsworth Poultry Processing", "Orrin Distribution Hub") and housing programmes are named the same way.
_LOOSE_HEADS = frozenset("center centre imaging mri partners collective rehab department mammography office processing"
                         " hub housing league agency bureau club services".split())
# Heads that are ordinary words say nothing of which institution it is: they never count as its distinctive word.
_PLAIN_HEADS = frozenset("mammography office processing hub housing league agency bureau packers wheels club police sheriff"
                         " coroner coop co-op auction conservatory sciences therapeutics pharmaceuticals"
                         " biosciences biotherapeutics cah insurance mutual assurance casualty indemnity underwriters union"
                         " registry attorneys pc lawyers services".split())
# Heads that are ordinary words of their own ("Exercise Fitness", "Left Temple"): two distinctive words before them.
_WORD_HEADS = frozenset("fitness market lodge arena chapel".split())

# Heads in capitals too, but those above. A company's form may follow its name after a comma ("Duskline Partners, LLC").
HEAD = by_first_letter(
    regex.escape(h).replace(r"\ ", r"[ \t]+")
    for h in sorted(_HEAD_LIST + [h.upper() for h in _HEAD_LIST if h not in _TITLE_CASE_ONLY], key=len, reverse=True)
) + r"(?:,[ \t]+(?:LLC|PLLC|Inc\.|Inc|Ltd\.|Ltd)(?![\p{L}'’]))?(?![\p{L}'’])"
# Capitalised words; a period only in "St." style abbreviations and initials, so a match never
# runs across a sentence end ("MDP. Performed at ...").
# The last word of every head, for anchoring.
_HEAD_WORDS_TEXT = " ".join(sorted({h.split()[-1].lower().rstrip(".") for h in _HEAD_LIST}))
# Legacy systems shorten the words of a name with a full stop ("Orrin Reg. Hosp.", "Tarrow Comm. Hosp.").
_WORD = (r"(?:St\.|Mt\.|Ft\.|(?:Reg|Mem|Comm|Gen|Univ|Med|Cty|Cnty|Natl|Hlth|REG|MEM|COMM|GEN|UNIV|MED)\.(?=[ \t]\p{Lu})"
         r"|\p{Lu}\.(?=[ \t]\p{Lu})|\p{Lu}[\p{L}'’&-]*)")
_JOIN = r"(?:[ \t]+(?:of|the|and|&|de|del|la)(?=[ \t]+\p{Lu}))?"


# A youth team's age groups as the word index holds them ("u15", "14u").
_AGE_GROUPS = " ".join(f"u{age} {age}u" if age >= 10 else f"u{age}" for age in range(6, 20))
# A numbered military unit: its ordinal, up to three capitalised words, its kind.
# A unit's kind that is also a report's word ("2nd Group of nodes", "5th Metacarpal Group") only after the arm it
# belongs to ("101st Airborne Division", "3rd Special Forces Group").
_MILITARY_UNIT = (r"\d{1,3}(?:st|nd|rd|th)[ \t]+(?:(?:\p{Lu}[\p{L}-]+[ \t]+){1,2}Combat[ \t]+Team"
                  r"|(?:Infantry|Airborne|Armored|Armoured|Cavalry|Marine|Mountain|Special[ \t]+Forces|Fighter|Airlift"
                  r"|Air|Sustainment|Combat[ \t]+Aviation)[ \t]+(?:Division|Group|Wing|Brigade)"
                  r"|(?:\p{Lu}[\p{L}-]+[ \t]+){0,3}(?:Battalion|Brigade|Regiment|Squadron|Platoon))(?![\p{L}])")
# French heads that open a name ("Clinique ...", "Centre de santé de ..."); "Centre", "Institut" and "Maison" only before
# a particle, as English writes them too.
_FRENCH_HEAD = (r"Clinique|Polyclinique|H[ôo]pital|[ÉE]cole|Coll[èe]ge|Universit[ée]|C[ée]gep|Ligue|Ar[ée]na|Foyer"
                r"|R[ée]sidence|Pharmacie|Laboratoire|GMF|CLSC|CHSLD|CIUSSS|CISSS"
                r"|(?:Centre|Institut|Maison)(?=[ \t]+(?:de|d['’]|des|du|hospitalier|universitaire|m[ée]dical)(?!\p{L}))")
_FRENCH_HEAD_UPPER = r"CLINIQUE|POLYCLINIQUE|H[ÔO]PITAL|CENTRE[ \t]+HOSPITALIER"
_FRENCH_HEAD_WORDS = ("clinique polyclinique hôpital hopital école ecole collège college université universite cégep cegep"
                      " ligue aréna arena foyer résidence residence pharmacie laboratoire gmf clsc chsld ciusss cisss"
                      " centre institut maison")
# Lower-case words inside a French name: its adjectives and particles ("radiologique", "de la", "aux"), never the
# English sentence's words that follow it ("Centre de santé de Grand-Sault via Ticonderoga").
_FRENCH_LOWER = (r"(?!(?:a|an|the|and|or|of|for|with|at|to|in|on|from|by|via|is|was|were|during|after|before|per)"
                 r"(?![\p{L}'’-]))\p{Ll}[\p{Ll}'’-]*")
# A capitalised word of the name, hyphenated or elided ("Deux-Rives", "Val-d'Ombre", "l'Estrie").
_FRENCH_NAME = r"(?:[dlDL]['’])?\p{Lu}[\p{L}'’]*(?:-\p{L}[\p{L}'’]*)*"
# A partner's surname in a firm's name: capitalised, maybe hyphenated; `refine` wants it no English or report word.
_PARTNER = r"\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?"


# Words that announce where someone works, studies or plays, then "at", "for" or "by".
_AFFILIATION_ROLES = (
    "works worked working work employed employee employment job pupil student teacher worker miner driver nurse"
    " manager clerk volunteer player captain coach goalkeeper apprentice plays played playing attends"
    " pitcher catcher quarterback linebacker athlete swimmer wrestler gymnast cheerleader logger farmer rancher"
    " trucker laborer mechanic welder cook bartender cashier")
_AFFILIATION_CUE = (rf"(?i:{'|'.join(_AFFILIATION_ROLES.split())})(?:[ \t]+(?i:rugby|football|soccer|cricket|hockey|netball"
                    r"|basketball|baseball|part-time|full-time|nights|days|evenings|weekends|overnights))?(?:[ \t]+(?i:at|for|by|with)|(?<=(?i:employee))[ \t]+of"
                    r"|(?<=(?i:attends)))")


# Sports and the players of a team, after which a comma or a bracket names the team ("Hockey, Fargo Force",
# "collegiate swimmer (Concordia Cobbers)", "lineman, Dakota Prairie Wolves").
_SPORTS = (
    "hockey basketball football soccer baseball softball volleyball lacrosse rugby cricket netball wrestling swimming"
    " gymnastics ballet dance skiing rowing track tennis golf cheer cheerleading pitcher catcher lineman linebacker"
    " quarterback receiver goalie goalkeeper swimmer wrestler gymnast skier runner rower dancer ballerina"
    " cheerleader player athlete")


class OrganizationRecognizer(SpanPatternRecognizer):
    """Finds institution names: "Mercy Hospital", "St. Mary's Medical Center", "University of X Medical Center".

    A run of capitalised words ending in an institution word (Hospital, Clinic, Imaging Center,
    Radiology Associates...) names an institution when at least one word is distinctive; generic
    runs such as "Department of Radiology" or "Outside Hospital" are not PHI and are skipped.
    Bare "Imaging", "Group" and "Laboratory" are not institution words: "Diffusion Imaging" and
    "Control Group" are clinical.
    """

    ENTITY = "ORGANIZATION"
    PATTERNS = (
        ("named_institution", rf"(?<![\p{{L}}'’-])(?:{_WORD}{_JOIN}[ \t]+){{1,6}}{HEAD}", 0.7,
         Anchor(words=_HEAD_WORDS_TEXT, at="near", before=110, after=30, stop=r"[^\p{L}\s.,'’&-]")),
        # "University of Michigan", "Hospital for Special Surgery", "Clinic of ..."
        # "Office of the State Forensic Examiner", "Office of the Chief Medical Examiner": a public office by its name.
        ("head_of_place", rf"(?<![\p{{L}}'’-])(?:University|Hospital|Clinic|Institute|College|Center|Centre|UNIVERSITY"
                          r"|HOSPITAL|Office(?=[ \t]+of)|Law[ \t]+Offices?)"
                          rf"[ \t]+(?:of|for|at|OF|FOR)[ \t]+(?:the[ \t]+)?{_WORD}(?:{_JOIN}[ \t]+{_WORD}){{0,4}}", 0.7,
         Anchor(words="university hospital clinic institute college center centre office law")),
        # "Mercy General", "Mass General": hospitals known by "<Name> General" alone.
        ("name_general", r"(?<![\p{L}'’-])(?P<phi>(?:\p{Lu}[\p{L}'’-]+[ \t]+){1,2}General)"
                         r"(?!\p{L}|[ \t]*:|[ \t]+(?!Hospital|HOSPITAL|Medical|Health)\p{Lu})",
         0.6, Anchor(words="general", at="near", before=40, after=16, stop=r"[^\p{L}\s'’-]")),
        # "works at Bunnings Warehouse", "employed by Halvorsen Freight", "plays for the Wallaroo Hawks", "pupil at
        # Harrowgate Grammar": an employer, a school or a team after the words that announce one.
        # Spanish names put the facility word first: "Clinica Dental del Oeste", "Hospital de la Concepcion".
        ("head_first", r"(?<![\p{L}'’-])(?:Clinica|Centro|Instituto|Sanatorio|Policlinica|Rancho"
                       r"|Hospital(?=[ \t]+(?:de|del)[ \t]))"
                       r"(?:[ \t]+(?:(?:de|del|de[ \t]+la|de[ \t]+los|y)[ \t]+)?\p{Lu}[\p{L}'’-]+){1,5}", 0.6,
         Anchor(words="clinica centro instituto sanatorio policlinica rancho hospital")),
        # French names put the head first too, then adjectives and particles before the words that say which
        # ("Clinique radiologique des Deux-Rives", "Hôpital régional de Val-d'Ombre", "Centre de santé de
        # Grand-Sault-Ouest", "CLINIQUE RADIOLOGIQUE DES DEUX-RIVES"): the name ends at its last capitalised word.
        ("french_head_first", rf"(?<![\p{{L}}'’-])(?:{_FRENCH_HEAD})(?:[ \t]+(?:{_FRENCH_LOWER}[ \t]+){{0,3}}{_FRENCH_NAME}){{1,4}}"
                              r"(?![\p{L}'’-])"
                              rf"|(?<![\p{{L}}'’-])(?:{_FRENCH_HEAD_UPPER})(?:[ \t]+\p{{Lu}}[\p{{Lu}}'’-]*){{1,5}}(?![\p{{L}}'’-])", 0.6,
         Anchor(words=_FRENCH_HEAD_WORDS)),
        # "Halvorsen & Yazzie", "Haskell Byrne & Ostrowski LLP": a partnership named for its partners.
        ("partnership", rf"(?<![\p{{L}}'’&-]|&[ \t])(?:{_PARTNER}[ \t]+){{0,2}}{_PARTNER}[ \t]+&[ \t]+{_PARTNER}"
                        r"(?:,?[ \t]+(?:LLP|PLLC|LLC|PC|P\.C\.|P\.A\.))?(?![\p{L}'’&-]|[ \t]+&)", 0.6,
         Anchor(regex=r" & [A-Z]", case_sensitive=True, at="near", before=50, after=40)),
        # "Odile Marchand, MD (Northfield Health)": the clinician's institution in brackets after the credential.
        ("credential_bracket", rf"(?<=(?<![\p{{L}}.]){CREDENTIAL})[ \t]*\([ \t]*(?P<phi>{_WORD}(?:{_JOIN}[ \t]+{_WORD}){{0,4}})"
                               r"[ \t]*\)", 0.6,
         Anchor(regex=r"\b(?:md|do|np|pa|pa-c|rn|phd|mbbs|dnp|fnp|pharmd)[ \t]*\(", at="near", before=12, after=60)),
        # "injury at work (Quarrow Produce Distributors)", "coal mine worker 30 yrs (Red Tallow Mine)": the employer in
        # brackets after the work it names, written as a name (never "(forklift)", "(lifting boxes)").
        ("bracketed_employer", rf"(?<!\p{{L}})(?i:at[ \t]+work|worker|works|worked|job|employer|employed|occupation)"
                               rf"[^\n().;]{{0,20}}\([ \t]*(?P<phi>{_WORD}(?:{_JOIN}[ \t]+(?:{_WORD}|\d+)){{0,5}})"
                               r"[ \t]*\)", 0.6,
         Anchor(words="work worker works worked job employer employed occupation", at="near", before=4, after=60)),
        # "Mobile Mammography Coach 3", "Mobile Unit 2": a screening vehicle, by its number.
        ("mobile_unit", r"(?<![\p{L}'’-])(?:Mobile|MOBILE)(?:[ \t]+\p{Lu}[\p{L}-]+){0,3}?[ \t]+(?i:unit|coach|van|bus)"
                        r"(?:[ \t]+#?[ \t]?(?:\d{1,3}|\p{Lu})(?![\p{L}\d]))", 0.6, Anchor(words="mobile")),
        # "Duskline prelim", "(Duskline IR coverage)", "from Duskline reading room", "Read by L. Okafor, MD for
        # Duskline": the reading group, a word in no list (`refine`) before its read or after its reader.
        ("reading_group", r"(?<![\p{L}'’-])(?P<phi>\p{Lu}\p{Ll}{3,})[ \t]+(?=(?i:prelim(?:inary)?|read|radiologists?"
                          r"|(?:IR[ \t]+)?coverage|reading[ \t]+room|teleradiology)(?!\p{L}))"
                          r"|(?<=(?<![\p{L}])(?:MD|DO),?[ \t]+for[ \t]+)(?P<phi>\p{Lu}\p{Ll}{3,})(?![\p{L}'’-])", 0.6,
         Anchor(words="prelim preliminary read radiologist radiologists coverage reading teleradiology for",
                at="near", before=24, after=24)),
        # "DAV Chapter 217", "American Legion Post 1123", "Teamsters Local 853", "Scout Troop 41": a society's local
        # branch by its number; `refine` wants a word that says which society.
        ("numbered_branch", r"(?<![\p{L}'’-])(?:\p{Lu}[\p{L}'’&-]*[ \t]+){1,4}(?:Chapter|Post|Local|Lodge|Troop)[ \t]+#?"
                            r"\d{1,4}(?![\p{L}\d])", 0.6,
         Anchor(words="chapter post local lodge troop", capital_before=True, at="near", before=60, after=12)),
        # "2nd Battalion, 87th Infantry Regiment", "101st Airborne Division", "3rd Brigade Combat Team": a military
        # unit by its number and its kind, with the larger unit after a comma.
        ("military_unit", rf"(?<![\p{{L}}\d-]){_MILITARY_UNIT}(?:,[ \t]+{_MILITARY_UNIT})?", 0.6,
         Anchor(words="battalion brigade regiment squadron platoon division group wing team", at="near", before=60,
                after=0)),
        # "Dayton Celts U15", "Mobile Mudcats 14U": a youth team by its age group, in Title case ("RECEIVED 2U FFP"
        # counts units).
        ("age_group_team", r"(?<![\p{L}'’-])(?:\p{Lu}\p{Ll}[\p{L}'’-]*[ \t]+){1,3}(?:U\d{1,2}|1\dU)(?![\p{L}\d])", 0.6,
         Anchor(words=_AGE_GROUPS, at="near", before=60, after=0)),
        # "AirMed 4", "BLUEGRASS LIFEFLIGHT 2": an air ambulance by its service and aircraft number.
        ("air_medical_unit", r"(?<![\p{L}'’-])(?:\p{Lu}[\p{L}'’-]+[ \t]+){0,2}(?:(?i:air[ \t]?med|life[ \t-]?flight"
                             r"|care[ \t-]?flight|med[ \t-]?flight|air[ \t]?care|air[ \t]?life|air[ \t]evac))"
                             r"[ \t]+\d{1,2}(?![\p{L}\d])", 0.6,
         Anchor(r"(?:air ?med|life[ -]?flight|care[ -]?flight|med[ -]?flight|air ?care|air ?life|air evac)[ \t]+[0-9]",
                at="near", before=40, after=8)),
        # "AUMC", "SJRMC": a medical centre by its letters, whatever stands around them (three letters are also
        # anatomy: "CMC joint", "MMC").
        ("medical_center_letters", r"(?<![\p{L}\d-])\p{Lu}{2,3}MC(?![\p{L}\d-])", 0.6,
         Anchor(regex=r"(?<![A-Za-z0-9-])[A-Z]{2,3}MC(?![A-Za-z0-9-])", case_sensitive=True)),
        ("sport_team", rf"(?<![\p{{L}}-])(?i:{'|'.join(_SPORTS.split())})[ \t]*[,(][ \t]*"
                       rf"(?P<phi>{_WORD}(?:{_JOIN}[ \t]+{_WORD}){{0,5}})", 0.6, Anchor(words=_SPORTS, at="start")),
        ("affiliation", rf"(?<!\p{{L}}){_AFFILIATION_CUE}[ \t]+(?:the[ \t]+)?(?P<phi>{_WORD}(?:{_JOIN}[ \t]+{_WORD}){{0,5}})",
         0.6, Anchor(words=_AFFILIATION_ROLES, at="start")),
    )
    CONTEXT = ("hospital", "clinic", "center", "transferred", "outside", "institution", "facility")

    def refine(self, text: str, start: int, end: int, pattern: str, match: regex.Match) -> Refined:
        """Trim lead-in words and keep only names with a distinctive word."""
        if pattern == "head_first":
            return institution_extent(text, start, end)
        if pattern == "french_head_first":
            return start, end
        if pattern == "partnership":
            return _partnership(text, start, end)
        if pattern in ("mobile_unit", "military_unit"):
            return start, end
        if pattern == "age_group_team":
            team = [_plain(w) for w in _WORDS.findall(text, start, end)[:-1]]
            return None if any(w in NON_NAME_WORDS or w in GENERIC_WORDS for w in team) else (start, end)
        if pattern == "air_medical_unit":
            words = [(m.start(), m.group()) for m in _WORDS.finditer(text, start, end)]
            while len(words) > 2 and (_plain(words[0][1]) in _PROSE or is_non_name_word(_plain(words[0][1]))):
                words.pop(0)
            return words[0][0], end
        if pattern == "medical_center_letters":
            # A veterans' medical centre's letters say no more than "hospital"; the Marine Corps' are no hospital's.
            return None if text[start:end] in ("VAMC", "USMC") else (start, end)
        if pattern == "reading_group":
            token = word_token(text, start, end)
            return (start, end) if token.kind == UNKNOWN and token.capitalised and not token.clinical else None
        if pattern == "name_general":
            return _general(text, start, end)
        if pattern == "numbered_branch":
            return _branch(text, start, end)
        if pattern == "sport_team" and all(_plain(w) in _SPORTS_WORDS for w in _WORDS.findall(text, start, end)):
            return None  # "Sports: Hockey, Basketball": a list of sports, not a team
        if pattern in ("affiliation", "credential_bracket", "bracketed_employer", "sport_team"):
            # In capitals the cue says nothing ("WORK WITH FAMILY AS TO ..."); an acronym in brackets does ("MD (UVMC)").
            if text[start:end].isupper() and (pattern == "affiliation" or " " in text[start:end]):
                return None
            return _affiliation(text, start, end)
        words = [(m.start(), m.end(), m.group()) for m in _WORDS.finditer(text, start, end)]
        # Drop sentence-initial or header words before the name ("Comparison Mercy Hospital"), but
        # not the institution words a name may start with ("University of ...", "General ...").
        while words and (_plain(words[0][2]) in _LEAD_VERBS
                         or _plain(words[0][2]) in NON_NAME_WORDS and _plain(words[0][2]) not in GENERIC_WORDS):
            words.pop(0)
        while words and _plain(words[0][2]) in _JOINERS:
            words.pop(0)
        if pattern == "head_of_place":
            while words and _plain(words[-1][2]) in NON_NAME_WORDS:
                words.pop()
        # "Mercy Hospital Department of Radiology": end at the last institution word that is
        # followed only by generic words.
        for i in range(len(words) - 1, 0, -1):
            rest = [_plain(w) for _, _, w in words[i + 1:]]
            if (rest and rest[0] in _SUBUNITS and _plain(words[i][2]) in _HEAD_WORDS
                    and all(w in GENERIC_WORDS or w in _JOINERS for w in rest)):
                words = words[: i + 1]
                break
        if not words:
            return None
        if text[start:end].isupper() and _plain(words[-1][2]) in _MIXED_CASE_HEADS:
            return None
        if text[start:end].isupper():
            # In capitals a sentence runs into the name: it starts after the sentence's last function word
            # ("TAKEN TO UNION HOSPITAL"), and "GOING TO GO BACK TO THE HOSPITAL" keeps no distinctive word.
            prose = [i for i, (_, _, w) in enumerate(words) if _plain(w) in _PROSE]
            words = words[prose[-1] + 1:] if prose else words
            while words and _plain(words[0][2]) in _JOINERS:
                words.pop(0)
            if not words:
                return None
        named = words[:-1] if _plain(words[-1][2]) in _PLAIN_HEADS else words
        distinctive = [w for _, _, w in named
                       if not (_plain(w) in GENERIC_WORDS or _plain(w) in NON_NAME_WORDS or _plain(w) in _JOINERS)]
        # "Pain Associates of Tidewater", "Radiology Associates of Tidewater": a practice named for its town.
        of_place = _OF_PLACE.match(text, words[-1][1]) if _plain(words[-1][2]) in _HEAD_WORDS else None
        if of_place is not None and any(_plain(w) not in GENERIC_WORDS and _plain(w) not in NON_NAME_WORDS
                                        and _plain(w) not in COMMON_PROPER for w in of_place.group("place").split()):
            distinctive.append(of_place.group("place"))
            words.append((of_place.start("place"), of_place.end("place"), of_place.group("place")))
        if _plain(words[-1][2]) == "court" and (len(words) < 2 or _plain(words[-2][2]) not in _COURTS):
            return None  # "Food Court", "Full Court press"
        last_two = " ".join(_plain(w) for _, _, w in words[-2:])
        loose = _plain(words[-1][2]) in _LOOSE_HEADS and last_two not in _MULTIWORD_HEADS
        if len(distinctive) < (2 if loose else 1) or _plain(words[-1][2]) in _WORD_HEADS and len(distinctive) < 3:
            return None
        if loose and _plain(words[0][2]) in device_makers():
            return None  # a device and its MR label ("Medtronic Azure XT DR MRI SureScan"), not an imaging centre
        # "Seaview Breast Health - Marina District Campus", "Vascular Surgery - Beacon Hill Heart Clinic".
        start, end = institution_extent(text, words[0][0], words[-1][1])
        # "works at The Lone Pine Saloon": a capitalised article after a preposition opens the name.
        the = _THE_BEFORE.search(text, max(0, start - 12), start)
        return (the.start() if the else start), end


# The kinds of court a court's name ends in ("Supreme Court, Brackett County", "Orleans Family Court").
_COURTS = frozenset("supreme superior district circuit family probate municipal county claims juvenile housing"
                    " magistrates magistrate crown appeals".split())
# Verbs that start a sentence before an institution's name ("Read for Northgate Radiology Group").
_LEAD_VERBS = frozenset(
    "read seen performed transferred referred admitted sent obtained done scanned imaged treated followed"
    " evaluated biopsied operated discharged compare compared attends attended attending works worked plays played"
    " playing".split()
)
_OF_PLACE = regex.compile(r"[ \t]+of[ \t]+(?:the[ \t]+)?(?P<place>\p{Lu}[\p{L}'’-]+(?:[ \t]+\p{Lu}[\p{L}'’-]+){0,2})"
                         r"(?![\p{L}'’-])")
_THE_BEFORE = regex.compile(r"(?<=(?<!\p{L})(?:at|from|to|of|in)[ \t]+)The[ \t]+$")
_SUBUNITS = frozenset("department dept division section service services program unit office".split())
_HEAD_WORDS = frozenset(h.split()[-1].lower() for h in _HEAD_LIST)
_MULTIWORD_HEADS = frozenset(h.lower() for h in _HEAD_LIST if " " in h)
_WORDS = regex.compile(r"\S+")
_JOINERS = frozenset("of the and & for at de del la on in".split())
_SPORTS_WORDS = frozenset(_SPORTS.split())
# Function words that join a sentence but never an institution's name ("TIRED OF BEING IN HOSPITAL").
_PROSE = frozenset(
    "to with in into is are was were be being been if that this will would also have has had not he she they it his"
    " her their as by than then when while".split())


def _plain(word: str) -> str:
    return word.lower().strip(".,;:'’")


def _affiliation(text: str, start: int, end: int) -> Refined:
    """An employer, school, team or institution after its cue, if a word of it says which ("works at Radiology",
    "MD (Radiology)" say none)."""
    words = [(m.start(), m.end(), m.group()) for m in _WORDS.finditer(text, start, end)]
    while words and _plain(words[-1][2]) in _JOINERS:
        words.pop()
    if not words or all(_plain(w) in GENERIC_WORDS or _plain(w) in NON_NAME_WORDS or _plain(w) in _JOINERS
                        for _, _, w in words):
        return None
    return words[0][0], words[-1][1] - (words[-1][2][-1] in ".,;:")


def _partnership(text: str, start: int, end: int) -> Refined:
    """A firm named for its partners when every partner's name is one: no English or report word ("Foot & Ankle",
    "Heart & Vascular" are a practice's specialties, "Smith & Nephew" a maker's device)."""
    partners = [w for w in _PARTNER_WORD.findall(text, start, end) if w not in _FIRM_FORMS]
    if any(_not_a_partner(w) for w in partners) or device_makers().intersection(w.lower() for w in partners):
        return None
    return start, end


_PARTNER_WORD = regex.compile(r"[\p{L}.]+")
_FIRM_FORMS = frozenset("LLP PLLC LLC PC P.C. P.A.".split())


def _not_a_partner(word: str) -> bool:
    token = word_token(word, 0, len(word))
    return token.clinical or token.kind not in (NAME, UNKNOWN, AMBIGUOUS) or is_non_name_word(word.lower())


def _branch(text: str, start: int, end: int) -> Refined:
    """A society's numbered branch when its words say which society: a word English lacks ("DAV Chapter 217"), two
    words that are no report language ("Boy Scout Troop 41") or a union's trade; "Figure Post 1", "CT Post 4 weeks" say
    none."""
    if _BRANCH_UNIT_AFTER.match(text, end):
        return None
    words = [w for w in _WORDS.findall(text, start, end)[:-2] if _plain(w) != "the"]
    if text[end:end + 1] == "%" or any(word_token(w, 0, len(w)).clinical for w in words):
        return None  # "Lidocaine Local 1%": a drug, not a society
    if _WORDS.findall(text, start, end)[-2] == "Local" and words and not all(is_non_name_word(_plain(w)) for w in words):
        # A union's local names its trade, English or not ("Roofers Local 248", "United Association Local 417"): no
        # study writes "Local" and a number after capitalised words.
        return start + text[start:end].index(words[0]), end
    if any(is_non_name_word(_plain(w)) for w in words):
        return None
    society = [w for w in words if _plain(w) not in GENERIC_WORDS]
    if not any(not is_english(_plain(w)) for w in society) and len(words) < 2:
        return None
    return (start + text[start:end].index(words[0]), end) if words else None


# A unit or a span of time after the number: the words were a study's ("Sagittal Post 3 minutes").
_BRANCH_UNIT_AFTER = regex.compile(r"[ \t]*(?i:weeks?|wks?|days?|d|hours?|hrs?|h|minutes?|mins?|months?|mo|years?|y|images?"
                                   r"|mm|cm|mg|ml|op)(?!\p{L})")


# Titles ending in "General" that are offices or ranks, never hospitals.
_NOT_HOSPITAL_GENERAL = frozenset(
    "surgeon attorney inspector solicitor secretary consul governor postmaster adjutant director brigadier major"
    " lieutenant accountant auditor vicar registrar".split()
)


def _general(text: str, start: int, end: int) -> Refined:
    """Keep "<Name> General" unless it is an office ("Surgeon General") or has only report words before it."""
    words = [(m.start(), m.group()) for m in _WORDS.finditer(text, start, end)]
    while len(words) > 2 and (_plain(words[0][1]) in _LEAD_VERBS or _plain(words[0][1]) in STRUCTURAL_WORDS):
        words.pop(0)
    name = _plain(words[-2][1])
    if name in _NOT_HOSPITAL_GENERAL or name in STRUCTURAL_WORDS:
        return None
    return words[0][0], end
