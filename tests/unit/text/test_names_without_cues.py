"""Issue #22: names and places with nothing around them that says so, and ordinary note text left alone.

Each case is a shape the evaluation found missed (or over-redacted) on unseen reports and ICU notes;
the names and places here are invented and appear in no other test set.
"""
import pytest

from .conftest import missed, phi_marks, touched


@pytest.mark.parametrize("text, phi", [
    ("Letter mailed to 4410 Wexford Street, Ypsilanti; scheduling will call.", ["Ypsilanti"]),
    ("CT chest from Holloway Regional (Kalispell) dated 3/2/2020 is compared.", ["Holloway Regional", "Kalispell"]),
    ("Referred from Aldergrove Surgical Group, Tacoma, for a second opinion.", ["Aldergrove Surgical Group", "Tacoma"]),
    ("Stable overnight. Plan transfer to Finnegan 4 tomorrow.", ["Finnegan 4"]),
    ("Lines unchanged. She will return to St. Ottilie's after the scan.", ["St. Ottilie's"]),
    ("PT WAS SCREENED BY HOLY CROSS REHAB; to go to sacred heart hospital today.", ["HOLY CROSS", "sacred heart hospital"]),
    ("HPI: pt was admitted to Sinai hospital after a fall.", ["Sinai hospital"]),
    ("No acute cardiopulmonary disease.\nMirela T. Vukovic", ["Mirela T. Vukovic"]),
    ("No acute cardiopulmonary disease.\nVukovic, Mirela", ["Vukovic, Mirela"]),
    ("Per Dr. Oyelaran, Tunde, the drain stays.", ["Oyelaran", "Tunde"]),
    ("Indication: fever. mr. zielinski is allergic to contrast.", ["zielinski"]),
    ("PT COMFORTABLE. SPOKE WITH WIFE GWENDOLYN BY PHONE.", ["GWENDOLYN"]),
    ("PT RESTING. INR 6.0, Z. KOWALCZYK AWARE AND WILL FOLLOW.", ["Z. KOWALCZYK"]),
    ("HPI: 2 WEEK HISTORY LEG WEAKNESS; 7/22 FOUND BY HUSBAND ON FLOOR.", ["7/22"]),
    ("CAD, all grafts occluded. echo 8/87 showing EF 20-25%.", ["8/87"]),
    ("Admitted to CCU 8/25 @ 2330 for airway protection.", ["8/25"]),
    ("SOCIAL: SON-DERRIN---410 555-0142. WILL CALL BACK.\nPG 41872", ["410 555-0142", "41872"]),
    # Notes date their events with no cue word at all.
    ("Infiltrates improved. cdiff 8/12 neg. Extubated 12/11 sent to floor 12/13.", ["8/12", "12/11", "12/13"]),
    # A date joined to a word by a dash or a colon, after a decimal lab value or a count, before "AM", and a month
    # "of" a year.
    ("PMH: DIGOXIN OVERDOSE-4/7/91. CURRENT HX:6/14 DROWSY.", ["4/7/91", "6/14"]),
    ("LABS: K 3.1 6/14. S/P STENT X2 11/3. HGB 9.4 FROM 10 2/8 AM.", ["6/14", "11/3", "2/8"]),
    ("FINAL CYCLE OF CISPLATIN IN APRIL OF 1994.", ["APRIL OF 1994"]),
    # An institution's department before it and its site after it belong to its name.
    ("Copy to Vascular Surgery - Thornfield Heart Clinic.", ["Vascular Surgery - Thornfield Heart Clinic"]),
    ("Ref: Dr. Ines Okafor (Hepatology Clinic, Dunmore Medical College).", ["Hepatology Clinic, Dunmore Medical College"]),
    ("Ordering: Fenwick Primary Care - Alder Street", ["Fenwick Primary Care - Alder Street"]),
    ("Follow-up in the Neonatal Clinic at Saint Cuthbert next week.", ["Neonatal Clinic at Saint Cuthbert"]),
    # A practice named by its specialty, or by anything at all after the referring clinician's credential.
    ("Outside MRI from Larkmoor Hepatology was reviewed.", ["Larkmoor Hepatology"]),
    ("Referring: Odile Marchetti, MD, Silver Birch Sleep Program", ["Silver Birch Sleep Program"]),
    # A capitalised name ends where a lower-case word that is also a given name ("will") begins.
    ("Findings: nurse navigator Opal Varga will call the patient.", ["Opal Varga"]),
    # A care-team role leads to a name as a relative does; a newborn is named "Baby Girl" and a surname.
    ("BP SOFT. NP FAITH AWARE, FLUIDS GIVEN.", ["FAITH"]),
    ("NEONATAL HEAD US\nBaby Boy Adebanjo (twin B) born at 27 weeks.", ["Adebanjo"]),
    # A relative in lower case is no part of the name after it; the second of two doctors; a therapist's credential.
    ("social: son mark called for update; daughter Greta of Lutherville visited.", ["mark"]),
    ("Rate 5-8. Dr. Brannigan and Okwuosa aware, plan to intubate.", ["Okwuosa"]),
    ("VENT WEANED TO CPAP. CARL PRICE RRT", ["CARL PRICE"]),
    # A street named without a house number, and the town that ends a street line.
    ("Struck by a car while walking on Quillfeather Road.", ["Quillfeather Road"]),
    ("Home: 1187 Hazel Fork Dr, Independence", ["1187 Hazel Fork Dr, Independence"]),
    ("Lives at 1420 Calle Mirasol, Yuma.", ["1420 Calle Mirasol"]),
    # Schools, dental practices, and a practice named by a pair joined with "&".
    ("Pitcher, Gray Fox Academy, hit on Friday.", ["Gray Fox Academy"]),
    ("Implant planning; Juniper Hollow Periodontics will place the fixture.", ["Juniper Hollow Periodontics"]),
    ("Seen at the Hand & Wrist Institute of Brookhaven.", ["Hand & Wrist Institute of Brookhaven"]),
    # The typist's initials after the signing name, and the particles of a family name.
    ("IMPRESSION: No fracture.\nDR T. ABERNATHY-QUILL / rkd", ["ABERNATHY-QUILL / rkd"]),
    ("Patient name: van der Linde, Margriet", ["van der Linde, Margriet"]),
    # Times and dates in shapes no pattern read: a call's 24-hour time in brackets, "10.25 pm", a labelled
    # exam time, a weekday's day/month in brackets; an extension glued to its x.
    ("Dr. Amsel aware (19:42).", ["19:42"]),
    ("Scan completed at 10.25 pm.", ["10.25 pm"]),
    ("Time of exam: 1742", ["1742"]),
    ("Twisted her knee last Tuesday (2/3) playing soccer.", ["2/3"]),
    ("Questions: reading room x6230.", ["x6230"]),
    # A range of full dates, and an ordinal day after "ON THE" in capitals.
    ("Cultures from 10/3/93-10/5/93 negative. PLAN FOR CATH ON THE 14TH.", ["10/3/93-10/5/93", "14TH"]),
    # A day/month in brackets after a count when more are listed, or glued after a clock time.
    ("Hx: NSTEMI x3(3/22, 5/19, 6/2). Hgb 9.1 at 2200(9/12), repeat pending.", ["3/22", "5/19", "6/2", "9/12"]),
    # A relative's number in brackets with its groups run together or a digit too many.
    ("Call niece (410555-0199) or her husband (410 555 01991) with any change.", ["410555-0199", "410 555 01991"]),
    # Saints and hospital names in capitals are still institutions.
    ("PT ADMITTED FROM UNION MEMORIAL HOSPITAL; PRIOR CARE AT ST. BRENDAN'S.", ["UNION MEMORIAL HOSPITAL", "ST. BRENDAN"]),
    # A hospital and its wards by local names after a verb of moving the patient, in any case, a ward number
    # spaced or glued; an unlisted acronym before its emergency ward; a town too small for the gazetteer.
    ("Patient was transferred to WMH for angiography; plan transfer to Pellingham 3 tomorrow.", ["WMH", "Pellingham 3"]),
    ("pt is followed at wmh by dr ames. ? transfer to pellingham2 today.", ["wmh", "pellingham2"]),
    ("TAKEN TO BRAMBLE REGIONAL, LATER TRANSFERRED TO PELLINGHAM 4. ON PELLINGHAM 5 BP 90'S.",
     ["BRAMBLE REGIONAL", "PELLINGHAM 4", "PELLINGHAM 5"]),
    ("History: collapsed at home, brought into WMH ER by ambulance.", ["WMH"]),
    ("pt given morphine enroute to wmh, alert.\nHeparin titrated per U Maryland scale.", ["wmh", "U Maryland"]),
    ("Social: her sister lives in Quarrington and a son lives in DC.", ["Quarrington", "DC"]),
    # A word that only describes a hospital names one in Title case before "Hospital" after a moving verb.
    ("Came by ambulance, transferred from Community Hospital overnight; sent to County Hospital today.",
     ["Community Hospital", "County Hospital"]),
    ("Seen by Dr. Le today. Thi Le called.", ["Le", "Thi Le"]),
    # A hospital by its acronym after "at" or "seen by": shaped as hospitals name themselves (…H, …MC).
    ("CASE MANAGER SEEN BY WVMC STAFF. PT WILL GET W/U BY PRMC FOR VAD.", ["WVMC", "PRMC"]),
    ("Followed by the renal team at LRH, now home.", ["LRH"]),
    # The last of a list of people after a found name, and a lone given name calling or visiting, in any case.
    ("Marisol and Dane will decide for him. Nieces Ines, Greta and Paloma came by.", ["Dane", "Paloma"]),
    ("Overnight ron called twice for news.\nTHIS AM ROSE VISITED WITH GRANDKIDS.", ["ron", "ROSE"]),
    # Notes drop the verb before "aware"; "cell#" labels a phone number, not an eponym's cell.
    ("SHORT RUN OF SVT. ODA KASPRZAK AWARE, K REPLETED.", ["ODA KASPRZAK"]),
    ("Very devoted family. Lirio Vantossi cell# 410-555-0199", ["Lirio Vantossi"]),
    # Titles in capitals still lead to names that are Census words.
    ("MR. HOLLOWAY RESTING. MS. YOUNG (DAUGHTER) CALLED.", ["HOLLOWAY", "YOUNG"]),
    # A credential after an initial and a family name that is also a word, even with a sentence run into it; a
    # double family name of English words.
    ("CIRCUIT CHANGED FOR THE NEXT SHIFT R. FARRIER RRT", ["R. FARRIER"]),
    ("Chest tube placed; Brook-Mason MD plans talc pleurodesis.", ["Brook-Mason"]),
    # A given name that is also bedside shorthand is a name in Title case.
    ("Screening mammogram for Perla Okonjo-Vance today.", ["Perla Okonjo-Vance"]),
])
def test_phi_without_cue_words_is_found(engine, text, phi):
    assert missed(engine, text, phi) == []


def test_a_name_or_hospital_found_once_is_found_where_the_note_repeats_it(engine):
    text = ("Social: daughter Ilvesa called. Plan reviewed.\nIlvesa to call back in am; records from WMH faxed after "
            "transfer to WMH.")
    covered = phi_marks(engine, text)
    for word in ("Ilvesa", "WMH"):
        starts = [i for i in range(len(text)) if text.startswith(word, i)]
        assert len(starts) == 2 and all(all(covered[i:i + len(word)]) for i in starts), word
    # A word of a found institution repeats only as it was written: "spina bifida" is no "Spina Bifida Clinic".
    for text in ("Seen at the Tolvane Spina Bifida Clinic last year; spina bifida with tethered cord.",
                 "SEEN AT THE TOLVANE SPINA BIFIDA CLINIC LAST YEAR.\nspina bifida with tethered cord."):
        covered = phi_marks(engine, text)
        assert not any(covered[text.index("spina bifida"):])


def test_a_family_name_found_in_capitals_is_found_where_the_report_writes_it_in_title_case(engine):
    # "KELDORRAN, Myla" on the label line, "Keldorran" in the findings; an English-word family name ("Hollow") only
    # mid-sentence and never as an eponym, lower case or opening a sentence.
    text = "Patient: KELDORRAN, Myla  MRN 4417\nFINDINGS: Seen today; Keldorran reports pain."
    covered = phi_marks(engine, text)
    assert all(covered[text.rindex("Keldorran"):text.rindex("Keldorran") + len("Keldorran")])
    text = ("Patient: MURPHY, Oriel  MRN 4417\nPositive sonographic Murphy sign. Discussed with Murphy family.\n"
            "Murphy sign was equivocal.")
    covered = phi_marks(engine, text)
    mentions = [i for i in range(len(text)) if text.startswith("Murphy", i)]
    assert [bool(covered[i]) for i in mentions] == [False, True, False]


# Over-redaction the evaluation found, and guards for words the new lists could claim (Foley is a US town,
# Philips and American are Census surnames, 10/5 is a valid day and month).
@pytest.mark.parametrize("text, kept", [
    ("RESP: VENT SETTINGS 500x12 50% FIO2, U/O 50-100cc/hr.", ["500x12", "50-100cc"]),
    ("O. SEE CAREVUE FLOWSHEET FOR COMPLETE VS, OBJECTIVE DATA\n", ["COMPLETE VS, OBJECTIVE DATA"]),
    ("NEURO: SEDATED.\nTOLERATING DOPAMINE, RN TO TITRATE.", ["TOLERATING DOPAMINE"]),
    ("GU: FOLEY DRAINING CLEAR YELLOW URINE. KEEP FOLEY.", ["FOLEY DRAINING", "KEEP FOLEY"]),
    ("Pt weaned to PSV 10/5 with rales 1/3 up bilaterally.", ["10/5", "1/3"]),
    ("Isolated PVC noted. On po Flagyl, Vanco and Levoquin.", ["Isolated PVC", "Flagyl, Vanco"]),
    ("Images were acquired on a Philips Ingenia 1.5T scanner.", ["Philips Ingenia"]),
    ("Management per American College of Radiology guidance.", ["American College of Radiology"]),
    ("Seen at Thornfield Hospital - Chest CT performed; Interventional Radiology consulted.",
     ["Chest CT", "Interventional Radiology"]),
    # Ventilator settings, pain scores, ranges and vital signs in a decade are no dates or ages.
    ("RESP: CONTINUES ON PS 10/5 @30%. Vent changed to CPAP .5% 5/5.", ["10/5", "5/5"]),
    ("Pt c/o midsternal chest pressure 6/10. WILL F/U IN NEXT 1-2 DAYS.", ["6/10", "1-2"]),
    ("Developed severe 9/10 angina at lunch; took 1 1/2 tabs of NTG; vent 5-2/3.", ["9/10", "1 1/2", "2/3"]),
    ("Sats in the 90's on 40% FIO2; nsr in the 90's.", ["90's"]),
    ("MS: PROPOFOL INC X2 TODAY FOR AGITATION.", ["PROPOFOL INC"]),
    # Ventilator settings and ranges of readings are no identifiers.
    ("AC 600x14x50% with peep 5; MAP-70-95 overnight.", ["600x14x50", "MAP-70-95"]),
    # Bedside brands, ward acronyms and auxiliary verbs that are also given names are no one's name.
    ("Temp 35.2, warmed with bair hugger; #8 Shiley in place; Aloe Vesta to sacrum.",
     ["bair hugger", "Shiley", "Aloe Vesta"]),
    ("BP LOW, REPORTED TO HO. SENT CLOT TO BB. IV NS @ 100.", ["HO", "BB", "NS"]),
    ("social: wife will visit tomorrow; son may call.", ["will", "may"]),
    ("Nurse Okafor and team aware; wife will call; Son called at noon; nursing visited.", ["team", "will", "Son"]),
    # "ST." is sinus tachycardia before a report word or acronym; a sentence in capitals ending in a head word
    # ("HOSPITAL", "HEALTH") is no institution.
    ("CV: HR 104-121 ST. NO ECTOPY. HR 98 ST. BP 130/50.", ["ST. NO", "ST. BP"]),
    ("A: TIRED OF BEING IN HOSPITAL. WILL ALSO HAVE HOME HEALTH AID.", ["TIRED OF BEING IN", "WILL ALSO HAVE HOME"]),
    # A series:image reference in brackets stays; only a two-digit 24-hour clock there is a time.
    ("Nodule (5:47) unchanged.", ["5:47"]),
    # Care units, rhythms, ventilator modes and culture sites after "to" or "from" are no institutions,
    # nor is a misspelt word before a number.
    ("Transferred to CCU, then to PCU; admitted from the EW; sent to OR and IR; D/C'd to SNF.",
     ["CCU", "PCU", "EW", "OR and IR", "SNF"]),
    ("Repeat ABG was acceptable. Last ACT was 188. Last CVP was 9.", ["Repeat ABG", "Last ACT", "Last CVP"]),
    ("PEDAL PULSES PALPABLE, LE'S WARM. le's warm, pulses 2+. 1+ LE edema. Transferred to General Surgery.",
     ["LE'S", "le's", "LE edema", "General Surgery"]),
    ("TUBE FEEDS OFF AT MN. HALDOL AT HS. NS AT KVO. Cordis at RIJ. SEEN BY EPS ATTENDING; TREATED BY EMS.",
     ["MN", "HS", "KVO", "RIJ", "EPS", "EMS"]),
    ("Rhythm returned to NSR. VENT RETURNED TO IMV. swab sent from RLE wound and TLC. converted into AFIB.",
     ["NSR", "IMV", "RLE", "TLC", "AFIB"]),
    ("PLT 61, SHE IS TO RECIEVE 1 BAG ON CALL TO OR. ON PSV 15.", ["RECIEVE 1", "PSV 15"]),
    # A number before words in capitals ending in a street type is a note, not a street ("Place", "Dr", "St").
    ("GU: 2 WAY FOLEY IN PLACE. #7 TRACH IN PLACE. SBP < 140 PER DR OKAFOR. HAD 2 EPISDOES ST TO 120'S.",
     ["2 WAY FOLEY IN PLACE", "7 TRACH IN PLACE", "140 PER DR", "2 EPISDOES ST"]),
    # The letters of "A&O", "I&O", "U/O", "W&D" before a full stop are no initials of the next word.
    ("NEURO: A&O. PLEASANT AND CALM. FAIR U/O. RECEIVED LASIX. Skin W&D. Strict I&O. Post Hct sent.",
     ["O. PLEASANT", "O. RECEIVED", "W&D", "O. Post Hct"]),
    # Pupils, minute volume, inhalers, insulin, grafts and C. diff are bedside words; MS and MR in capitals are
    # mental status and mitral regurgitation, not titles.
    ("PERLA 3MM. Ve 12 L. Atrovent MDI's Q4. 8u lente. S/P CABG, LIMA to LAD. C. DIFF SENT. SWAN GANZ D/C'D.",
     ["PERLA", "Ve", "MDI's Q4", "lente", "LIMA", "C. DIFF", "GANZ"]),
    ("Check MS. Aspiration risk noted. 2+ MR. PT HAS VRE. A: BETTER MS. TAKING PO.",
     ["Aspiration", "PT HAS VRE", "TAKING"]),
    ("PT LETHARGIC. MICU TEAM AWARE. Reed-Sternberg cells seen.", ["MICU TEAM", "Reed-Sternberg"]),
    # Care-unit acronyms, auxiliary verbs and misspelt words after a cue are no names; vital signs and bedside drugs
    # listed with a comma are no "FAMILY, GIVEN".
    ("PATIENT REVIEWED BY NSICU TEAM. SON HAS CALLED AND WILL VISIT TONIGHT. ON DROPLET PRECUATIONS.",
     ["NSICU", "WILL", "PRECUATIONS"]),
    ("Pt RR, HR and BP unchanged. GIVEN ASA, SL NTG X2. Bout of CP, EKG repeated.", ["RR, HR", "ASA, SL NTG", "CP, EKG"]),
    # Pressure support over PEEP in a ventilator clause is a setting, not a date.
    ("SLEPT ON SIMV/PS, 50%, 550X12, & 5/10 WITH SATS MID 90'S. Abg fine on 5/5.", ["5/10", "5/5"]),
    # Counts, pressures and volumes in brackets stay: no area code, too few digits, a score before a list.
    ("BP 120/80-130/90 overnight. UO (1200 300 450) today. BP (120/80, 110/70). strength (5/5, 4/5). Lytes (135 4.1 101 24).",
     ["120/80-130/90", "1200 300 450", "120/80,", "5/5", "135 4.1 101 24"]),
    # Only a word in no list repeats: not a facility word of a found name, nor ventilator shorthand.
    ("Seen by Kessling Rehab today; rehab screening pending. On Bi-PAP overnight, bi-pap off at 0800.",
     ["rehab screening", "Bi-PAP", "bi-pap"]),
])
def test_ordinary_note_text_is_left_alone(engine, text, kept):
    assert touched(engine, text, kept) == []


def test_site_lists_its_own_hospital_and_ward_names(tmp_path):
    from app.text.recognizers.site_names import SiteNameRecognizer
    from app.text.registry import build_registry

    config = tmp_path / "recognizers.yaml"
    config.write_text("recognizers:\n  - name: SiteNameRecognizer\n    names: [NH, Ravensworth]\n")
    recognizer = build_registry(config).recognizers[0]
    text = "TRANS TO NH 7/23. transfer to ravensworth 2 then RAVENSWORTH3. nhs and Ravensworthy stay."
    assert [text[r.start:r.end] for r in recognizer.analyze(text, [])] == ["NH", "ravensworth 2", "RAVENSWORTH3"]
    assert SiteNameRecognizer().analyze(text, []) == []  # none by default


def test_a_possessive_ending_stays_outside_the_name(engine):
    for text, name in (("Spoke with Mr. Quillane's daughter about the results.", "Quillane"),
                       ("Per Dr. Okonkwo’s note, the drain stays.", "Okonkwo")):
        spans = [text[e.start:e.end] for e in engine.analyze(text)]
        assert name in spans, spans
