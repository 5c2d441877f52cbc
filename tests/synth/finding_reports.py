"""Labelled synthetic radiology reports for scoring finding annotation (assertion status).

Each report is the free text of one study (chest radiograph and CT, CT pulmonary angiogram, head
CT, brain MRI, CT abdomen/pelvis, abdominal/renal/RUQ ultrasound, MSK radiograph, knee/shoulder/
spine MRI, mammogram, thyroid ultrasound, venous Doppler) with a report-level label per core
concept it names: `present`, `absent`, `uncertain` or `historical`.

The labelling rules are the gold standard of the hand-written set too:
  * only the core concepts (`CORE_CONCEPTS`) are labelled, by preferred name, and every core
    concept the text names (by name, synonym, abbreviation or plural, see `SURFACE_FORMS`) is;
    the most specific contiguous phrase wins ("subdural hematoma", not also "hemorrhage");
  * a mention is absent under negation, uncertain under hedging, historical under a history cue
    or anywhere in a HISTORY/INDICATION/REASON FOR EXAM section, present otherwise (pseudo-
    negations such as "no interval change in" and "not only ... but also" stay present);
  * the report label takes the mentions in the heaviest sections (impression, findings and
    unsectioned text weigh 2, history/indication/comparison/technique 1), then present beats
    uncertain beats absent beats historical.

The generator records every mention it writes with its status and section weight and derives the
label from them by that rule, so labels are right by construction. A report comes from its own
`random.Random` seeded with (seed, index): a seed always gives the same corpus, and a shorter
corpus is a prefix of a longer one.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

STATUSES: tuple[str, ...] = ("present", "absent", "uncertain", "historical")
REGIONS: tuple[str, ...] = (
    "chest",
    "neuro",
    "abdomen",
    "musculoskeletal",
    "breast",
    "other",
    "procedure",
    "device",
)
# Status preference within the heaviest section weight of a concept's mentions.
_PRECEDENCE = {"present": 3, "uncertain": 2, "absent": 1, "historical": 0}


@dataclass(frozen=True)
class LabelledReport:
    """One report text and its gold labels: core preferred name -> assertion status."""

    id: str
    text: str
    labels: dict[str, str]


@dataclass(frozen=True)
class Concept:
    """A core concept and how reports write it."""

    name: str
    region: str
    kind: str  # decides the modifiers it takes, see _MODIFIERS
    countable: bool  # takes an article and may be plural
    forms: tuple[str, ...]  # surface forms, the first the usual one
    prefixes: tuple[str, ...]  # location words written before the name ("right", "L1")
    suffixes: tuple[str, ...]  # location phrases written after it ("in the right upper lobe")


# name | region | kind | c(ountable)/m(ass) | forms | locations ("^x" goes before the name)
_CONCEPT_ROWS = """
pneumothorax | chest | fluid | c | pneumothorax; PTX; collapsed lung | ^right; ^left; at the right apex; along the left lateral chest wall
pleural effusion | chest | fluid | c | pleural effusion; pleural fluid | ^right; ^left; ^bilateral; layering dependently
pulmonary nodule | chest | focal | c | pulmonary nodule; lung nodule | in the right upper lobe; in the left lower lobe; in the lingula; in the right middle lobe
lung mass | chest | focal | c | lung mass; pulmonary mass | in the left upper lobe; in the right lower lobe; ^spiculated
consolidation | chest | extent | m | consolidation; airspace consolidation | in the right lower lobe; in the left lower lobe; in the lingula; ^retrocardiac
pneumonia | chest | extent | m | pneumonia | in the right lower lobe; in the left upper lobe; ^multilobar
atelectasis | chest | extent | m | atelectasis | at the lung bases; in the left lower lobe; ^bibasilar; ^subsegmental
pulmonary edema | chest | grade | m | pulmonary edema; pulmonary oedema | ^interstitial; ^perihilar
ground-glass opacity | chest | extent | m | ground-glass opacity; ground glass opacity; GGO | in the right upper lobe; in both lower lobes; ^peripheral
emphysema | chest | grade | m | emphysema | ^upper lobe predominant; ^paraseptal
interstitial lung disease | chest | grade | m | interstitial lung disease; ILD | ^fibrotic; with basal predominance
pulmonary fibrosis | chest | grade | m | pulmonary fibrosis | with subpleural predominance; ^basilar
bronchiectasis | chest | grade | m | bronchiectasis | in the lower lobes; in the right middle lobe; ^cylindrical
pulmonary embolism | chest | acute | c | pulmonary embolism; pulmonary embolus; PE | in the right lower lobe segmental arteries; in the left main pulmonary artery; ^bilateral
cardiomegaly | chest | grade | m | cardiomegaly |
pericardial effusion | chest | fluid | c | pericardial effusion |
mediastinal lymphadenopathy | chest | grade | m | mediastinal lymphadenopathy | in the subcarinal station; in the right paratracheal station
hilar lymphadenopathy | chest | grade | m | hilar lymphadenopathy | ^right; ^left; ^bilateral
aortic aneurysm | chest | focal | c | aortic aneurysm; thoracic aortic aneurysm | ^ascending; ^descending
aortic dissection | chest | acute | c | aortic dissection | ^type B; ^Stanford type A; involving the descending aorta
rib fracture | chest | fracture | c | rib fracture; fractured rib | ^right; ^left; ^left posterior; ^right lateral
pneumomediastinum | chest | volume | m | pneumomediastinum |
hiatal hernia | chest | size | c | hiatal hernia; hiatus hernia | ^sliding
pleural thickening | chest | grade | m | pleural thickening | ^right apical; ^left; ^bilateral
coronary artery calcification | chest | grade | m | coronary artery calcification; coronary calcification | involving the left anterior descending artery
lung cancer | chest | plain | m | lung cancer; lung carcinoma; bronchogenic carcinoma | ^right upper lobe; ^left lower lobe
tree-in-bud opacity | chest | extent | m | tree-in-bud opacity; tree in bud opacity | in the right lower lobe; in the left upper lobe
cavitary lesion | chest | focal | c | cavitary lesion | in the right upper lobe; in the superior segment of the left lower lobe
intracranial hemorrhage | neuro | acute | m | intracranial hemorrhage; ICH; intracranial haemorrhage |
subdural hematoma | neuro | collection | c | subdural hematoma; SDH | ^left; ^right; along the left frontoparietal convexity; along the right tentorium
epidural hematoma | neuro | collection | c | epidural hematoma; EDH | ^right temporal; ^left parietal
subarachnoid hemorrhage | neuro | extent | m | subarachnoid hemorrhage; SAH | in the left sylvian fissure; within the basal cisterns; along the right frontal sulci
intraparenchymal hemorrhage | neuro | focal | m | intraparenchymal hemorrhage; IPH | in the right basal ganglia; in the left frontal lobe; in the left thalamus
cerebral infarction | neuro | stage | c | cerebral infarction; cerebral infarct; infarct | in the left MCA territory; in the right cerebellar hemisphere; involving the left corona radiata
intracranial mass | neuro | focal | c | intracranial mass | in the right frontal lobe; ^extra-axial
brain metastasis | neuro | focal | c | brain metastasis | in the left occipital lobe; at the gray-white junction
hydrocephalus | neuro | grade | m | hydrocephalus | ^communicating; ^obstructive
midline shift | neuro | measure | m | midline shift | to the left; to the right
cerebral edema | neuro | grade | m | cerebral edema | ^diffuse; ^global
white matter disease | neuro | grade | m | white matter disease | ^periventricular; ^deep
cerebral atrophy | neuro | grade | m | cerebral atrophy | ^generalized; ^age-appropriate
intracranial aneurysm | neuro | focal | c | intracranial aneurysm; cerebral aneurysm | arising from the anterior communicating artery; at the right MCA bifurcation
skull fracture | neuro | fracture | c | skull fracture | ^right parietal; ^left occipital; ^frontal
meningioma | neuro | focal | c | meningioma | along the falx; ^left parafalcine; along the planum sphenoidale
sinusitis | neuro | grade | m | sinusitis | involving the maxillary sinuses; involving the ethmoid air cells
mass effect | neuro | grade | m | mass effect | on the left lateral ventricle; on the fourth ventricle
appendicitis | abdomen | acute | m | appendicitis | ^uncomplicated
small bowel obstruction | abdomen | grade | m | small bowel obstruction; SBO | ^partial; ^high-grade
pneumoperitoneum | abdomen | volume | m | pneumoperitoneum; free air; free intraperitoneal air |
ascites | abdomen | volume | m | ascites | in the pelvis; ^perihepatic
cholelithiasis | abdomen | focal | c | cholelithiasis; gallstone | in the gallbladder neck; ^layering
cholecystitis | abdomen | acute | m | cholecystitis | ^calculous
hepatic steatosis | abdomen | grade | m | hepatic steatosis; fatty liver | ^diffuse
liver lesion | abdomen | focal | c | liver lesion; hepatic lesion | in segment 7; in the left hepatic lobe; ^hypoattenuating
cirrhosis | abdomen | plain | m | cirrhosis |
splenomegaly | abdomen | grade | m | splenomegaly | with the spleen measuring 15 cm
hepatomegaly | abdomen | grade | m | hepatomegaly | with the liver measuring 21 cm
nephrolithiasis | abdomen | focal | c | nephrolithiasis; kidney stone; renal calculus; renal stone | ^nonobstructing; in the lower pole of the left kidney; in the right interpolar region
hydronephrosis | abdomen | grade | m | hydronephrosis | ^right; ^left; ^bilateral
renal cyst | abdomen | focal | c | renal cyst | ^right; ^left; ^simple; in the upper pole of the left kidney
renal mass | abdomen | focal | c | renal mass | ^right; ^left; ^solid; arising from the interpolar right kidney
pancreatitis | abdomen | acute | m | pancreatitis | ^interstitial
diverticulitis | abdomen | acute | m | diverticulitis | involving the sigmoid colon; involving the descending colon
diverticulosis | abdomen | grade | m | diverticulosis | of the sigmoid colon; ^colonic
colitis | abdomen | extent | m | colitis | involving the descending colon; of the transverse colon
abdominal aortic aneurysm | abdomen | focal | c | abdominal aortic aneurysm; AAA | ^infrarenal; ^fusiform
adrenal nodule | abdomen | focal | c | adrenal nodule | ^right; ^left
inguinal hernia | abdomen | size | c | inguinal hernia | ^right; ^left; ^fat-containing
ventral hernia | abdomen | size | c | ventral hernia | ^fat-containing; ^supraumbilical
ureterolithiasis | abdomen | focal | c | ureterolithiasis; ureteral stone; ureteral calculus | at the left ureterovesical junction; in the proximal right ureter
lymphadenopathy | abdomen | grade | m | lymphadenopathy; adenopathy | ^retroperitoneal; ^mesenteric; ^pelvic
free fluid | abdomen | volume | m | free fluid | in the pelvis; in the right paracolic gutter; in Morison pouch
fracture | musculoskeletal | fracture | c | fracture | of the distal radius; of the base of the fifth metatarsal; of the lateral malleolus; ^transverse
vertebral compression fracture | musculoskeletal | fracture | c | vertebral compression fracture; compression fracture | ^T12; ^L1; ^L2; ^T8
hip fracture | musculoskeletal | fracture | c | hip fracture; femoral neck fracture | ^right; ^left; ^intertrochanteric
dislocation | musculoskeletal | plain | c | dislocation | of the glenohumeral joint; of the fourth proximal interphalangeal joint; ^anterior
joint effusion | musculoskeletal | fluid | c | joint effusion | in the suprapatellar recess; at the knee
osteoarthritis | musculoskeletal | grade | m | osteoarthritis | of the medial compartment; of the acromioclavicular joint; ^tricompartmental
rotator cuff tear | musculoskeletal | thickness | c | rotator cuff tear | involving the supraspinatus tendon
meniscal tear | musculoskeletal | tear | c | meniscal tear; meniscus tear | of the posterior horn of the medial meniscus; of the body of the lateral meniscus
anterior cruciate ligament tear | musculoskeletal | ligament | c | anterior cruciate ligament tear; ACL tear |
osteomyelitis | musculoskeletal | acute | m | osteomyelitis | of the great toe distal phalanx; of the calcaneus
lytic bone lesion | musculoskeletal | focal | c | lytic bone lesion; lytic lesion | in the proximal femur; in the iliac wing; in the T10 vertebral body
osteopenia | musculoskeletal | grade | m | osteopenia | ^diffuse; ^periarticular
degenerative disc disease | musculoskeletal | grade | m | degenerative disc disease; DDD | at L4-L5; at L5-S1; at C5-C6; ^multilevel
disc herniation | musculoskeletal | herniation | c | disc herniation; disk herniation; herniated disc | at L4-L5; at L5-S1; at C6-C7
spinal stenosis | musculoskeletal | grade | m | spinal stenosis; spinal canal stenosis | at L3-L4; at L4-L5; at C5-C6
spondylolisthesis | musculoskeletal | listhesis | m | spondylolisthesis | of L4 on L5; of L5 on S1
scoliosis | musculoskeletal | grade | m | scoliosis | ^dextroconvex; ^levoconvex; of the thoracolumbar spine
breast mass | breast | focal | c | breast mass | in the upper outer quadrant of the left breast; at 10 o'clock in the right breast
breast calcifications | breast | plain | m | breast calcifications | ^benign-appearing; ^scattered
architectural distortion | breast | plain | m | architectural distortion | in the upper inner quadrant of the right breast; in the left breast at middle depth
focal asymmetry | breast | plain | c | focal asymmetry | in the left breast at posterior depth; in the right upper outer quadrant
axillary lymphadenopathy | breast | grade | m | axillary lymphadenopathy | ^right; ^left
breast cyst | breast | focal | c | breast cyst | at 2 o'clock in the left breast; ^simple
fibroadenoma | breast | focal | c | fibroadenoma | at 7 o'clock in the right breast
skin thickening | breast | grade | m | skin thickening | of the left breast; ^periareolar
thyroid nodule | other | focal | c | thyroid nodule | in the right lobe; in the left lobe; in the isthmus; ^solid
deep vein thrombosis | other | acute | m | deep vein thrombosis; DVT | in the left popliteal vein; in the right femoral vein
metastasis | other | focal | c | metastasis | in the liver; in the right iliac bone; ^osseous
mass | other | focal | c | mass | in the pancreatic head; in the right adnexa; ^soft tissue
nodule | other | focal | c | nodule | in the right lower lobe; in the left adrenal gland
cyst | other | focal | c | cyst | in the left kidney; in the right ovary; ^simple
calcification | other | plain | m | calcification | ^punctate; ^coarse
hemorrhage | other | extent | m | hemorrhage; haemorrhage | in the right adrenal gland; ^retroperitoneal
edema | other | grade | m | edema; oedema | in the adjacent soft tissues
effusion | other | fluid | c | effusion | ^right; ^left
hernia | other | size | c | hernia | ^umbilical; containing fat
thrombus | other | acute | m | thrombus | in the left common femoral vein; in the right popliteal vein; ^occlusive; ^nonocclusive
aneurysm | other | focal | c | aneurysm | of the right popliteal artery; of the splenic artery
lobectomy | procedure | procedure | c | lobectomy | ^right upper; ^left lower; ^right middle
pneumonectomy | procedure | procedure | c | pneumonectomy | ^left; ^right
cholecystectomy | procedure | procedure | c | cholecystectomy | ^laparoscopic
appendectomy | procedure | procedure | c | appendectomy |
mastectomy | procedure | procedure | c | mastectomy | ^left; ^right
lumpectomy | procedure | procedure | c | lumpectomy | ^left; ^right
craniotomy | procedure | procedure | c | craniotomy | ^right frontal; ^left temporal
nephrectomy | procedure | procedure | c | nephrectomy | ^left; ^right; ^partial
coronary artery bypass graft | procedure | procedure | c | coronary artery bypass graft; CABG; coronary artery bypass grafting |
hysterectomy | procedure | procedure | c | hysterectomy |
thyroidectomy | procedure | procedure | c | thyroidectomy | ^total
endotracheal tube | device | device | c | endotracheal tube; ETT; ET tube | with the tip 4 cm above the carina; with the tip at the level of the clavicles
central venous catheter | device | device | c | central venous catheter; CVC; central line | ^right internal jugular; ^left subclavian
chest tube | device | device | c | chest tube | ^right; ^left; ^right apical
pacemaker | device | device | c | pacemaker | ^left chest wall; ^dual-chamber
nasogastric tube | device | device | c | nasogastric tube; NGT; NG tube | with the tip in the stomach; with the side port below the gastroesophageal junction
"""

# Plurals that do not follow the English suffix rules below.
_IRREGULAR_PLURALS = {
    "embolism": "emboli",
    "embolus": "emboli",
    "calculus": "calculi",
    "thrombus": "thrombi",
    "PE": "PEs",
    "pneumothorax": "pneumothoraces",
}


def _parse_concepts(rows: str) -> dict[str, Concept]:
    concepts: dict[str, Concept] = {}
    for row in rows.strip().splitlines():
        name, region, kind, countable, forms, places = (cell.strip() for cell in row.split("|"))
        where = [p.strip() for p in places.split(";") if p.strip()]
        concepts[name] = Concept(
            name=name,
            region=region,
            kind=kind,
            countable=countable == "c",
            forms=tuple(f.strip() for f in forms.split(";")),
            prefixes=tuple(p[1:] for p in where if p.startswith("^")),
            suffixes=tuple(p for p in where if not p.startswith("^")),
        )
    return concepts


CONCEPTS: dict[str, Concept] = _parse_concepts(_CONCEPT_ROWS)
CORE_CONCEPTS: tuple[str, ...] = tuple(CONCEPTS)


def is_abbreviation(form: str) -> bool:
    """True for forms such as PTX, GGO, CABG, matched case-sensitively."""
    return form[:2].isupper() and " " not in form


def plural(form: str) -> str:
    """The plural of a surface form, inflecting its last word ("rib fractures", "metastases")."""
    head, _, last = form.rpartition(" ")
    if last in _IRREGULAR_PLURALS:
        word = _IRREGULAR_PLURALS[last]
    elif is_abbreviation(last):
        word = last + "s"
    elif last.endswith("is"):
        word = last[:-2] + "es"
    elif last.endswith("y") and last[-2:-1] not in "aeiou":
        word = last[:-1] + "ies"
    elif last.endswith(("s", "x", "ch", "sh")):
        word = last + "es"
    else:
        word = last + "s"
    return f"{head} {word}" if head else word


SURFACE_FORMS: dict[str, tuple[str, ...]] = {
    c.name: tuple(dict.fromkeys(f for form in c.forms for f in (form, plural(form)))) for c in CONCEPTS.values()
}


def _form_pattern(form: str) -> str:
    # Hyphens and spaces are interchangeable in report text: "ground glass", "ground-glass".
    body = r"[\s-]+".join(re.escape(w) for w in re.split(r"[\s-]+", form))
    return body if is_abbreviation(form) else f"(?i:{body})"


def _spaced(form: str) -> str:
    return " ".join(re.split(r"[\s-]+", form))


@lru_cache(maxsize=1)
def _mention_regex() -> tuple[re.Pattern[str], dict[str, str], dict[str, str]]:
    forms = [(f, name) for name, fs in SURFACE_FORMS.items() for f in fs]
    abbreviations = {f: name for f, name in forms if is_abbreviation(f)}
    words = {_spaced(f).lower(): name for f, name in forms if not is_abbreviation(f)}
    # Longest first, so "mass effect" wins over "mass" and "pleural effusion" over "effusion".
    ordered = sorted((f for f, _ in forms), key=len, reverse=True)
    pattern = re.compile(r"\b(?:" + "|".join(_form_pattern(f) for f in ordered) + r")\b")
    return pattern, abbreviations, words


def mentioned_concepts(text: str) -> set[str]:
    """Core concepts whose surface forms occur in `text`, each occurrence read as its longest form."""
    pattern, abbreviations, words = _mention_regex()
    return {abbreviations.get(m.group(0)) or words[_spaced(m.group(0)).lower()] for m in pattern.finditer(text)}


def report_label(mentions: Iterable[tuple[str, str, int]]) -> dict[str, str]:
    """Report-level labels from (concept, status, section weight) mentions, by the corpus rule."""
    best: dict[str, tuple[int, int, str]] = {}
    for concept, status, weight in mentions:
        rank = (weight, _PRECEDENCE[status], status)
        if concept not in best or rank[:2] > best[concept][:2]:
            best[concept] = rank
    return {concept: rank[2] for concept, rank in best.items()}


# =============================================================================================
# JSONL form
# =============================================================================================


def write_labelled(path: str | Path, reports: Iterable[LabelledReport]) -> None:
    """Write reports as JSON lines {"id", "text", "labels"}."""
    with Path(path).open("w", encoding="utf-8") as out:
        for r in reports:
            out.write(json.dumps({"id": r.id, "text": r.text, "labels": r.labels}, ensure_ascii=False) + "\n")


def load_labelled(path: str | Path) -> list[LabelledReport]:
    """Read reports written by `write_labelled` (blank lines are skipped)."""
    reports = []
    with Path(path).open(encoding="utf-8") as src:
        for line in src:
            if line.strip():
                record = json.loads(line)
                reports.append(LabelledReport(record["id"], record["text"], dict(record["labels"])))
    return reports


# =============================================================================================
# Exams: what each study's report talks about
# =============================================================================================


@dataclass(frozen=True)
class _Spot:
    """A concept as one exam places it: its organ group and the locations written there."""

    name: str
    organ: int
    prefixes: tuple[str, ...]
    suffixes: tuple[str, ...]


@dataclass(frozen=True)
class _Organ:
    """Normal wording for one organ and the concepts a report may find there."""

    normals: tuple[str, ...]
    spots: tuple[tuple[str, str], ...]  # (concept, locations overriding the concept's own, or "")


@dataclass(frozen=True)
class _Exam:
    """One study type: its title/technique/complaint variants and the wording of its findings."""

    variants: tuple[tuple[str, str, tuple[str, ...]], ...]  # (title, technique, complaints)
    modality: str  # the adjective of "No CT evidence of ...": CT, MR, sonographic, radiographic
    organs: tuple[_Organ, ...]
    extras: tuple[str, ...]  # procedures and devices a report of this study may mention
    all_clear: tuple[str, ...]  # impression when nothing is found
    caveats: tuple[str, ...]  # quality remarks that name no finding
    weight: int = 1

    def spots(self) -> list[_Spot]:
        """Every concept of the exam with its organ and locations."""
        out = []
        for index, organ in enumerate(self.organs):
            for name, places in organ.spots:
                concept = CONCEPTS[name]
                where = [p.strip() for p in places.split(";") if p.strip()]
                pre = tuple(p[1:] for p in where if p.startswith("^")) if where else concept.prefixes
                post = tuple(p for p in where if not p.startswith("^")) if where else concept.suffixes
                out.append(_Spot(name, index, pre, post))
        return out


def _organ(normals: str, spots: str) -> _Organ:
    pairs = []
    for spot in spots.split(","):
        name, _, places = spot.strip().partition("=")
        pairs.append((name.strip(), places))
    return _Organ(tuple(s.strip() for s in normals.split("|")), tuple(pairs))


def _variants(*rows: str) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    out = []
    for row in rows:
        title, technique, complaints = (cell.strip() for cell in row.split("|"))
        out.append((title, technique, tuple(c.strip() + "." for c in complaints.split(";"))))
    return tuple(out)


_CHEST_XR_ORGANS = (
    _organ(
        "The lungs are clear. | The lungs are well expanded. | Lung volumes are normal.",
        "pneumonia, consolidation, atelectasis, pulmonary edema, pulmonary nodule, lung mass, emphysema, "
        "nodule=in the right midlung;in the left lower zone",
    ),
    _organ(
        "The costophrenic angles are sharp. | The pleural spaces are clear.",
        "pleural effusion, pneumothorax, effusion, pleural thickening",
    ),
    _organ(
        "The cardiomediastinal silhouette is within normal limits. | Heart size is normal. | The mediastinum is not widened.",
        "cardiomegaly, pneumomediastinum, hiatal hernia",
    ),
    _organ(
        "The visualized osseous structures are intact. | Bones are unremarkable for age.",
        "rib fracture, fracture=of the right clavicle;of the left humeral neck",
    ),
)

_EXAMS: tuple[_Exam, ...] = (
    _Exam(
        variants=_variants(
            "XR CHEST PA AND LATERAL | PA and lateral views of the chest. | Cough and fever; Shortness of breath; "
            "Preoperative evaluation; Chest pain; Hypoxia",
            "CHEST 2 VIEWS | Frontal and lateral radiographs of the chest were obtained. | Cough; Fever and leukocytosis; "
            "Follow-up; Dyspnea",
            "Radiograph of the chest, two views | Upright PA and lateral projections. | Chest pain after a fall; Wheezing",
        ),
        modality="radiographic",
        organs=_CHEST_XR_ORGANS,
        extras=("pacemaker", "coronary artery bypass graft", "lobectomy", "central venous catheter", "mastectomy"),
        all_clear=("No acute cardiopulmonary process.", "Normal chest radiograph.", "No acute cardiopulmonary abnormality."),
        caveats=("Mild patient rotation.", "Shallow inspiration limits evaluation of the lung bases.", "Overlying skin folds."),
        weight=3,
    ),
    _Exam(
        variants=_variants(
            "XR CHEST 1 VIEW PORTABLE | Single portable AP view of the chest. | Line placement; Device position; "
            "Respiratory distress",
            "PORTABLE AP CHEST | A single semi-upright AP radiograph of the chest was obtained. | Fever overnight; "
            "Intubated patient; Hypoxia",
        ),
        modality="radiographic",
        organs=_CHEST_XR_ORGANS,
        extras=("endotracheal tube", "nasogastric tube", "central venous catheter", "chest tube", "pacemaker"),
        all_clear=("Support devices as described.", "No acute cardiopulmonary change."),
        caveats=("Portable technique limits evaluation.", "Overlying external artifacts.", "The patient is rotated to the right."),
        weight=2,
    ),
    _Exam(
        variants=_variants(
            "CT CHEST WITH CONTRAST | Axial CT images of the chest were obtained after intravenous contrast. Coronal and "
            "sagittal reformats were reviewed. | Chronic cough; Weight loss; Abnormal chest radiograph",
            "CT CHEST WITHOUT CONTRAST | Helical CT of the chest without contrast with 1.25 mm reconstructions and MIP "
            "images. | Smoker, screening; Dyspnea on exertion; Follow-up",
            "CT THORAX W/O IV CONTRAST | Low-dose noncontrast CT of the chest. | Screening; Hemoptysis",
        ),
        modality="CT",
        organs=(
            _organ(
                "The central airways are patent. | The lungs are otherwise clear.",
                "pulmonary nodule, nodule=in the right lower lobe;in the left upper lobe;^subpleural, lung mass, "
                "consolidation, ground-glass opacity, emphysema, interstitial lung disease, pulmonary fibrosis, "
                "bronchiectasis, tree-in-bud opacity, cavitary lesion, atelectasis, lung cancer",
            ),
            _organ("The pleural spaces are unremarkable.", "pleural effusion, pneumothorax, pleural thickening"),
            _organ(
                "The heart is normal in size. | The thoracic aorta is normal in caliber.",
                "cardiomegaly, pericardial effusion, coronary artery calcification, aortic aneurysm, aortic dissection",
            ),
            _organ(
                "Mediastinal and hilar lymph nodes are normal in size. | The esophagus is unremarkable.",
                "mediastinal lymphadenopathy, hilar lymphadenopathy, axillary lymphadenopathy, hiatal hernia",
            ),
            _organ(
                "The visualized upper abdomen is unremarkable. | The osseous structures are intact.",
                "rib fracture, metastasis=^osseous;in the T7 vertebral body, calcification=in the aortic arch;^coarse, "
                "adrenal nodule",
            ),
        ),
        extras=("lobectomy", "pneumonectomy", "coronary artery bypass graft", "pacemaker", "mastectomy"),
        all_clear=("No acute intrathoracic abnormality.", "Normal CT of the chest."),
        caveats=("Mild respiratory motion artifact.", "Streak artifact from the patient's arms limits evaluation."),
        weight=2,
    ),
    _Exam(
        variants=_variants(
            "CT PULMONARY ANGIOGRAM | CT angiography of the chest after bolus injection of intravenous contrast. MIP "
            "reformats were reviewed. | Tachycardia and chest pain; Elevated D-dimer",
            "CTA CHEST | Contrast-enhanced CT of the chest in the pulmonary arterial phase. | Pleuritic chest pain; "
            "Acute dyspnea; Hypoxia on the second hospital day",
        ),
        modality="CT",
        organs=(
            _organ(
                "The main pulmonary artery is normal in caliber. | Contrast bolus is adequate to the subsegmental level.",
                "pulmonary embolism, thrombus=in the left atrial appendage",
            ),
            _organ(
                "The lungs are otherwise clear.",
                "consolidation, atelectasis, ground-glass opacity, pulmonary nodule, pneumonia, emphysema",
            ),
            _organ("The pleural spaces are clear.", "pleural effusion, pneumothorax"),
            _organ(
                "The heart size is normal. | The RV/LV ratio is less than 1.",
                "cardiomegaly, pericardial effusion, aortic dissection, aortic aneurysm",
            ),
        ),
        extras=("central venous catheter", "coronary artery bypass graft", "lobectomy"),
        all_clear=("No acute intrathoracic abnormality.",),
        caveats=("Respiratory motion limits evaluation of the lower lobe subsegmental arteries.",),
    ),
    _Exam(
        variants=_variants(
            "CT HEAD WITHOUT CONTRAST | Axial images of the head were obtained without intravenous contrast. | Fall, "
            "head strike; Headache; Altered mental status",
            "CT BRAIN W/O CONTRAST | Noncontrast CT of the head with bone and soft tissue algorithms. | Dizziness; "
            "Left-sided weakness; Syncope",
            "Noncontrast head CT | Contiguous axial images from the skull base to the vertex. | Motor vehicle collision; Confusion",
        ),
        modality="CT",
        organs=(
            _organ(
                "Gray-white differentiation is preserved. | The brain parenchyma is normal in attenuation.",
                "intracranial hemorrhage, intraparenchymal hemorrhage, cerebral infarction, cerebral edema, "
                "white matter disease, intracranial mass",
            ),
            _organ(
                "The extra-axial spaces are normal. | The basal cisterns are patent.",
                "subdural hematoma, epidural hematoma, subarachnoid hemorrhage",
            ),
            _organ(
                "The ventricles are normal in size and configuration. | Midline structures are centered.",
                "hydrocephalus, midline shift, mass effect, cerebral atrophy",
            ),
            _organ(
                "The calvarium is intact. | The visualized paranasal sinuses and mastoid air cells are clear.",
                "skull fracture, sinusitis",
            ),
        ),
        extras=("craniotomy",),
        all_clear=("No acute intracranial abnormality.", "Normal noncontrast CT of the head."),
        caveats=("Beam-hardening artifact in the posterior fossa.", "Mild motion artifact."),
        weight=2,
    ),
    _Exam(
        variants=_variants(
            "MRI BRAIN WITH AND WITHOUT CONTRAST | Multiplanar multisequence MR images of the brain before and after "
            "gadolinium. | Seizure; Headache; Memory loss",
            "MR BRAIN W/WO | Sagittal T1, axial T2, FLAIR, DWI, SWI and postcontrast T1 images. | Vertigo; Visual "
            "changes; Follow-up",
        ),
        modality="MR",
        organs=(
            _organ(
                "There is no restricted diffusion. | No abnormal enhancement.",
                "cerebral infarction, brain metastasis, intracranial mass, meningioma, "
                "metastasis=in the left cerebellar hemisphere;^calvarial, edema=in the adjacent white matter;around the resection cavity",
            ),
            _organ(
                "The ventricles and sulci are normal for age. | The corpus callosum is intact.",
                "hydrocephalus, cerebral atrophy, white matter disease, mass effect",
            ),
            _organ(
                "Flow voids are preserved. | No abnormal susceptibility.",
                "intracranial aneurysm, hemorrhage=in the right occipital lobe;^petechial, subdural hematoma",
            ),
            _organ("The orbits are unremarkable. | The paranasal sinuses are clear.", "sinusitis"),
        ),
        extras=("craniotomy",),
        all_clear=("Normal MRI of the brain.", "No acute intracranial abnormality."),
        caveats=("Mild motion degradation of the postcontrast images.",),
    ),
    _Exam(
        variants=_variants(
            "CT ABDOMEN AND PELVIS WITH CONTRAST | Axial CT images of the abdomen and pelvis after intravenous contrast "
            "in the portal venous phase. | Right lower quadrant pain; Abdominal pain and fever; Weight loss",
            "CT A/P W IV CONTRAST | Helical CT with oral and intravenous contrast and coronal reformats. | Nausea and "
            "vomiting; Left lower quadrant pain",
            "CT abdomen/pelvis, renal colic protocol | Noncontrast low-dose CT of the abdomen and pelvis. | Flank pain; Hematuria",
        ),
        modality="CT",
        organs=(
            _organ(
                "The liver, spleen, pancreas and adrenal glands are unremarkable. | The liver enhances homogeneously.",
                "hepatic steatosis, liver lesion, cirrhosis, splenomegaly, hepatomegaly, pancreatitis, adrenal nodule, "
                "metastasis=in the liver;in hepatic segment 6",
            ),
            _organ("The gallbladder is unremarkable. | The biliary tree is not dilated.", "cholelithiasis, cholecystitis"),
            _organ(
                "The kidneys enhance symmetrically. | The ureters and bladder are unremarkable.",
                "nephrolithiasis, hydronephrosis, renal cyst, renal mass, ureterolithiasis, cyst=in the right ovary;in the left kidney",
            ),
            _organ(
                "The bowel is normal in caliber. | The appendix is normal.",
                "appendicitis, small bowel obstruction, diverticulitis, diverticulosis, colitis",
            ),
            _organ(
                "The abdominal aorta is normal in caliber. | The mesentery is unremarkable.",
                "ascites, free fluid, pneumoperitoneum, abdominal aortic aneurysm, lymphadenopathy",
            ),
            _organ(
                "The abdominal wall is intact. | Visualized lung bases are clear.",
                "inguinal hernia, ventral hernia, hernia=at the umbilicus;containing fat, pleural effusion, "
                "vertebral compression fracture",
            ),
        ),
        extras=("cholecystectomy", "appendectomy", "nephrectomy", "hysterectomy"),
        all_clear=("No acute abdominal or pelvic abnormality.", "Unremarkable CT of the abdomen and pelvis."),
        caveats=("Evaluation of the bowel is limited without oral contrast.", "Streak artifact from hip hardware."),
        weight=3,
    ),
    _Exam(
        variants=_variants(
            "US ABDOMEN COMPLETE | Grayscale and color Doppler sonographic images of the abdomen. | Abnormal liver "
            "function tests; Abdominal pain",
            "US RIGHT UPPER QUADRANT | Real-time ultrasound of the right upper quadrant. | Right upper quadrant pain; "
            "Postprandial pain",
        ),
        modality="sonographic",
        organs=(
            _organ(
                "The liver is normal in size and echotexture. | The spleen is normal in size.",
                "hepatic steatosis, liver lesion, cirrhosis, hepatomegaly, splenomegaly",
            ),
            _organ("The gallbladder is normal. | The common bile duct measures 3 mm.", "cholelithiasis, cholecystitis"),
            _organ("The pancreas is partially obscured by bowel gas.", "pancreatitis, ascites, free fluid"),
            _organ("The visualized aorta and IVC are normal.", "abdominal aortic aneurysm, pleural effusion"),
        ),
        extras=("cholecystectomy",),
        all_clear=("Normal abdominal ultrasound.", "No sonographic abnormality."),
        caveats=("Evaluation limited by body habitus and bowel gas.",),
        weight=2,
    ),
    _Exam(
        variants=_variants(
            "US RENAL BILATERAL | Grayscale and color Doppler images of both kidneys and the bladder. | Rising "
            "creatinine; Hematuria; Flank pain",
            "Ultrasound, kidneys and bladder | Sonography of the kidneys and urinary bladder. | Recurrent dysuria; "
            "Elevated creatinine",
        ),
        modality="sonographic",
        organs=(
            _organ(
                "The right kidney measures 11 cm with normal echogenicity. | The left kidney measures 11.4 cm.",
                "hydronephrosis, nephrolithiasis, renal cyst, renal mass, cyst=in the left kidney;^septated",
            ),
            _organ("The bladder is unremarkable. | Ureteral jets are seen bilaterally.", "ureterolithiasis, free fluid"),
        ),
        extras=("nephrectomy",),
        all_clear=("Normal renal ultrasound.",),
        caveats=("The bladder is underdistended.",),
    ),
    _Exam(
        variants=_variants(
            "XR RIGHT WRIST 3 VIEWS | PA, oblique and lateral views of the wrist. | Fall on outstretched hand; Wrist pain",
            "XR LEFT HAND 3 VIEWS | Three views of the left hand. | Punched a wall; Finger swelling",
        ),
        modality="radiographic",
        organs=(
            _organ(
                "Alignment is anatomic. | The cortices are intact.",
                "fracture=of the distal radius;of the ulnar styloid;of the fifth metacarpal neck;^transverse, "
                "dislocation=of the fourth proximal interphalangeal joint;of the distal radioulnar joint, "
                "lytic bone lesion=in the distal radius;in the third metacarpal",
            ),
            _organ(
                "Joint spaces are preserved. | Bone mineralization is normal.",
                "osteoarthritis=of the first carpometacarpal joint;of the distal interphalangeal joints, osteopenia, "
                "joint effusion=at the radiocarpal joint",
            ),
            _organ(
                "Soft tissues are unremarkable.",
                "edema=of the soft tissues;^dorsal, osteomyelitis=of the distal phalanx of the index finger, "
                "calcification=^punctate;in the triangular fibrocartilage",
            ),
        ),
        extras=(),
        all_clear=("No acute osseous abnormality.", "Negative radiographs."),
        caveats=("Positioning is limited by splint material.",),
    ),
    _Exam(
        variants=_variants(
            "Radiographs of the left ankle | AP, mortise and lateral views. | Inversion of the ankle; Lateral ankle pain",
            "XR RIGHT FOOT 3 VIEWS | AP, oblique and lateral views of the foot. | Diabetic foot ulcer; Foot pain",
        ),
        modality="radiographic",
        organs=(
            _organ(
                "The ankle mortise is congruent. | The cortices are intact.",
                "fracture=of the lateral malleolus;of the base of the fifth metatarsal;^transverse, "
                "dislocation=of the second metatarsophalangeal joint, lytic bone lesion=in the calcaneus",
            ),
            _organ(
                "Joint spaces are preserved. | Bone mineralization is normal.",
                "osteoarthritis=of the first metatarsophalangeal joint;of the midfoot, osteopenia, joint effusion=at the tibiotalar joint",
            ),
            _organ(
                "No soft tissue gas. | Soft tissues are unremarkable.",
                "edema=of the soft tissues;^lateral, osteomyelitis=of the great toe distal phalanx;of the calcaneus, "
                "calcification=^punctate",
            ),
        ),
        extras=(),
        all_clear=("No acute osseous abnormality.", "Negative radiographs."),
        caveats=("Limited lateral view because of a splint.",),
    ),
    _Exam(
        variants=_variants(
            "XR LEFT HIP 2 VIEWS | AP pelvis and frog-leg lateral views of the hip. | Hip pain after a fall; Unable to bear weight",
            "XR PELVIS AND RIGHT HIP | AP pelvis and cross-table lateral of the hip. | Fall from standing; Groin pain",
        ),
        modality="radiographic",
        organs=(
            _organ(
                "The femoral heads are seated. | The pelvic ring is intact.",
                "hip fracture, fracture=of the right superior pubic ramus;of the left inferior pubic ramus, "
                "dislocation=of the hip;^posterior, lytic bone lesion=in the proximal femur;in the iliac wing",
            ),
            _organ(
                "Joint spaces are maintained. | Bone density is normal.",
                "osteoarthritis=of both hips;of the left hip, osteopenia",
            ),
        ),
        extras=(),
        all_clear=("No acute fracture or malalignment.",),
        caveats=("Overlying bowel gas.",),
    ),
    _Exam(
        variants=_variants(
            "XR LUMBAR SPINE 3 VIEWS | AP, lateral and coned-down lateral views. | Low back pain; Fall",
            "XR THORACOLUMBAR SPINE | AP and lateral views of the thoracolumbar spine. | Back pain; Height loss",
        ),
        modality="radiographic",
        organs=(
            _organ(
                "Vertebral body heights are maintained. | Alignment is normal.",
                "vertebral compression fracture, spondylolisthesis, scoliosis, lytic bone lesion=in the L3 vertebral body",
            ),
            _organ(
                "Disc spaces are preserved. | Bone mineralization is normal.",
                "degenerative disc disease, osteopenia, osteoarthritis=of the lower lumbar facet joints",
            ),
        ),
        extras=(),
        all_clear=("No acute osseous abnormality.",),
        caveats=("Overlying bowel gas limits evaluation of the sacrum.",),
    ),
    _Exam(
        variants=_variants(
            "MRI RIGHT KNEE WITHOUT CONTRAST | Multiplanar proton density and T2 fat-suppressed images of the knee. | "
            "Twisted knee; Locking and medial joint line pain; Instability after a fall",
            "MR knee, left | Routine noncontrast MR protocol of the knee. | Pain and swelling; Hurt playing sports",
        ),
        modality="MR",
        organs=(
            _organ(
                "The menisci are intact. | The cruciate and collateral ligaments are intact. | The ACL is intact.",
                "meniscal tear, anterior cruciate ligament tear",
            ),
            _organ(
                "Articular cartilage is preserved. | Marrow signal is normal.",
                "joint effusion, osteoarthritis=of the medial compartment;^tricompartmental, "
                "fracture=of the lateral tibial plateau, "
                "edema=in the lateral femoral condyle, cyst=in the proximal tibia",
            ),
        ),
        extras=(),
        all_clear=("Normal MRI of the knee.", "No internal derangement."),
        caveats=("Mild motion on the axial images.",),
    ),
    _Exam(
        variants=_variants(
            "MRI LEFT SHOULDER W/O | Multiplanar noncontrast MR images of the shoulder. | Shoulder pain with overhead "
            "activity; Weakness",
            "MRI RIGHT SHOULDER WITHOUT CONTRAST | Routine MR protocol of the shoulder. | Fall onto the shoulder; Pain",
        ),
        modality="MR",
        organs=(
            _organ(
                "The rotator cuff tendons are intact. | The labrum is unremarkable.",
                "rotator cuff tear, dislocation=of the glenohumeral joint;^anterior",
            ),
            _organ(
                "Marrow signal is normal. | The biceps tendon is normally located.",
                "joint effusion=in the glenohumeral joint, osteoarthritis=of the acromioclavicular joint;of the glenohumeral joint, "
                "fracture=of the greater tuberosity, cyst=in the humeral head",
            ),
        ),
        extras=(),
        all_clear=("Normal MRI of the shoulder.",),
        caveats=("Mild motion degradation.",),
    ),
    _Exam(
        variants=_variants(
            "MRI LUMBAR SPINE WITHOUT CONTRAST | Sagittal T1, T2 and STIR and axial T2 images. | Low back pain "
            "radiating to the left leg; Bilateral leg numbness",
            "MRI CERVICAL SPINE W/O | Multiplanar multisequence MR of the cervical spine without contrast. | Neck pain "
            "with radiculopathy; Hand numbness",
        ),
        modality="MR",
        organs=(
            _organ(
                "Vertebral body heights are maintained. | Alignment is normal.",
                "vertebral compression fracture, spondylolisthesis, scoliosis, lytic bone lesion=in the T10 vertebral body, "
                "metastasis=in the L2 vertebral body;^osseous",
            ),
            _organ(
                "The intervertebral discs are normal in height and signal. | The neural foramina are patent.",
                "degenerative disc disease, disc herniation, spinal stenosis",
            ),
            _organ(
                "The conus terminates normally. | Paraspinal soft tissues are normal.",
                "osteomyelitis=involving the L3 and L4 vertebral bodies, cyst=adjacent to the right L4-L5 facet",
            ),
        ),
        extras=(),
        all_clear=("No significant abnormality of the spine.",),
        caveats=("Mild motion artifact on the axial images.",),
    ),
    _Exam(
        variants=_variants(
            "MAMMOGRAM BILATERAL SCREENING WITH TOMOSYNTHESIS | Standard CC and MLO views with tomosynthesis. | "
            "Screening; Annual screening",
            "DIAGNOSTIC MAMMOGRAM LEFT | CC, MLO and spot compression views of the left breast. | Palpable lump; "
            "Callback from screening",
            "US BREAST RIGHT, TARGETED | Targeted grayscale and color Doppler ultrasound. | Palpable lump; Focal breast pain",
        ),
        modality="mammographic",
        organs=(
            _organ(
                "The breasts are heterogeneously dense. | There are scattered areas of fibroglandular density.",
                "breast mass, architectural distortion, focal asymmetry, fibroadenoma, breast cyst, "
                "mass=in the left breast at 2 o'clock;^oval",
            ),
            _organ(
                "The parenchymal pattern is stable.",
                "breast calcifications, calcification=^coarse;in the right breast",
            ),
            _organ(
                "The skin and nipples are unremarkable. | The axillae are unremarkable.",
                "skin thickening, axillary lymphadenopathy",
            ),
        ),
        extras=("lumpectomy", "mastectomy"),
        all_clear=("BI-RADS 1: Negative.", "Negative study. BI-RADS 1."),
        caveats=("The breast tissue is extremely dense, which lowers sensitivity.",),
        weight=2,
    ),
    _Exam(
        variants=_variants(
            "US THYROID | Grayscale and color Doppler images of the thyroid and neck. | Palpable neck fullness; Follow-up",
            "Ultrasound of the thyroid and neck | High-frequency sonography of the thyroid. | Abnormal thyroid function tests",
        ),
        modality="sonographic",
        organs=(
            _organ(
                "The thyroid gland is normal in size and echotexture. | Vascularity is normal.",
                "thyroid nodule, nodule=in the left lobe;in the isthmus, cyst=in the right lobe, calcification=^punctate",
            ),
            _organ("No abnormal cervical lymph nodes.", "lymphadenopathy=in the right neck;at left level III"),
        ),
        extras=("thyroidectomy",),
        all_clear=("Normal thyroid ultrasound.",),
        caveats=("The lower pole of the left lobe is partly obscured by the clavicle.",),
    ),
    _Exam(
        variants=_variants(
            "US VENOUS DOPPLER LEFT LOWER EXTREMITY | Grayscale compression, color and spectral Doppler of the deep "
            "veins from the common femoral vein to the calf. | Leg swelling; Calf pain",
            "DUPLEX VENOUS BILATERAL LOWER EXTREMITIES | Compression and color Doppler sonography of both legs. | "
            "Leg swelling, on anticoagulation; Shortness of breath",
        ),
        modality="sonographic",
        organs=(
            _organ(
                "The deep veins are fully compressible with normal flow and augmentation.",
                "deep vein thrombosis, thrombus",
            ),
            _organ(
                "The subcutaneous tissues are unremarkable.",
                "edema=of the calf soft tissues, cyst=in the popliteal fossa, aneurysm=of the right popliteal artery",
            ),
        ),
        extras=(),
        all_clear=("Patent deep veins in the examined segments.",),
        caveats=("The calf veins are incompletely seen because of swelling.",),
    ),
)

# =============================================================================================
# Phrase banks
# =============================================================================================

_MODIFIERS: dict[str, tuple[str, ...]] = {
    "fluid": ("trace", "small", "small", "moderate", "large", "tiny", "small to moderate"),
    "volume": ("trace", "small-volume", "moderate", "large-volume", "minimal"),
    "size": ("small", "moderate", "large", "moderate-sized"),
    "grade": ("mild", "mild", "moderate", "severe", "minimal", "marked"),
    "extent": ("patchy", "focal", "multifocal", "mild", "subtle"),
    "focal": ("4 mm", "6 mm", "8 mm", "1.2 cm", "2.4 x 1.8 cm", "3 cm", "11 mm"),
    "fracture": ("nondisplaced", "minimally displaced", "displaced", "comminuted", "acute", "old healed"),
    "acute": ("acute", "acute", "early"),
    "collection": ("small", "thin", "acute", "chronic", "mixed-density", "6 mm"),
    "stage": ("acute", "subacute", "chronic", "small"),
    "measure": ("3 mm", "5 mm", "8 mm", "slight"),
    "thickness": ("full-thickness", "partial-thickness", "high-grade partial-thickness"),
    "tear": ("horizontal", "complex", "radial", "vertical"),
    "ligament": ("complete", "partial", "high-grade partial"),
    "herniation": ("small", "broad-based", "left paracentral", "right foraminal", "large extruded"),
    "listhesis": ("grade 1", "grade 2", "mild"),
}
_MANY = ("multiple", "several", "two", "scattered", "innumerable")
# Forms that are plural as written ("breast calcifications are"), and mass-noun forms of fluid
# concepts that take volume words ("moderate pleural fluid", not "a moderate pleural fluid").
_PLURAL_FORMS = {"breast calcifications"}
_VOLUME_FORMS = ("fluid", "air")
# Kinds that read oddly as history ("history of trace free fluid").
_NO_HISTORY_KINDS = {"volume", "measure", "grade", "extent"}
_SPECIAL_KINDS = {"procedure", "device"}

_PRESENT = (
    "There {is} {A}.",
    "{A} {is} again seen.",
    "{A} {is} noted.",
    "{A}, unchanged from the prior study.",
    "Redemonstrated {A}.",
    "Findings are consistent with {A}.",
    "Appearance compatible with {A}.",
    "{A} {is} present.",
    "Known {A}, stable.",
    "No interval change in the {A}.",
    "Persistent {A}.",
    "Interval development of {A}.",
    "{A}.",
    "Again demonstrated {is} {A}, not significantly changed.",
    "Findings are diagnostic of {a}.",
    "{A} {is} identified.",
    "Stable {A}.",
    "New {A}.",
    "{A}, decreased compared with the prior examination.",
    "{A}, slightly increased since the last study.",
    "There has been no change in the {A}.",
    "{A} {is} unchanged.",
)
_ABSENT = (
    "No {a}.",
    "No evidence of {a}.",
    "Negative for {a}.",
    "{a} is not seen.",
    "{a} is not identified.",
    "No {a} is visualized.",
    "There is no {a}.",
    "No {modality} evidence of {a}.",
    "Previously seen {a} has resolved.",
    "The {a} has resolved.",
    "{a} is excluded.",
    "{a} has been ruled out.",
    "Free of {a}.",
    "{a} is absent.",
    "No definite {a}.",
)
_ABSENT_LIST = (
    "No {or_list}.",
    "No evidence of {or_list}.",
    "There is no {or_list}.",
    "Negative for {or_list}.",
    "{and_list} are not seen.",
    "No {or_list} is identified.",
    "No {modality} evidence of {or_list}.",
)
_UNCERTAIN = (
    "Possible {A}.",
    "{A} cannot be excluded.",
    "Cannot exclude {a}.",
    "Findings may represent {a}.",
    "Questionable {A}.",
    "Suspicious for {a}.",
    "Findings concerning for {a}.",
    "Appearance suggestive of {a}.",
    "Likely {a}.",
    "Probable {A}.",
    "Equivocal {a}.",
    "{A} {is} not excluded.",
    "Cannot rule out {a}.",
    "Possibly {a}, clinical correlation recommended.",
    "{A} cannot be ruled out.",
)
_UNCERTAIN_PAIR = (
    "{A} versus {b}.",
    "Differential includes {a} and {b}.",
    "Possible {a} or {b}.",
    "{A} vs {b}, recommend follow-up.",
)
# (template, statuses of the slots a, b, c in order)
_MIXED: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("No {a}, but {B} {is_b} present.", ("absent", "present")),
    ("No {a}; however, there {is_b} {B}.", ("absent", "present")),
    ("{a} is not seen, although {B} {is_b} noted.", ("absent", "present")),
    ("Aside from {B}, there is no {a}.", ("absent", "present")),
    ("No {a} or {b}, but {C} cannot be excluded.", ("absent", "absent", "uncertain")),
    ("No {a}. Possible {B}.", ("absent", "uncertain")),
    ("{a} has resolved, though {B} persists.", ("absent", "present")),
    ("There {is} not only {A} but also {B}.", ("present", "present")),
    ("No {a} apart from {B}.", ("absent", "present")),
    ("Negative for {a}, with the exception of {B}.", ("absent", "present")),
    ("{A} {is} present, without {b}.", ("present", "absent")),
    ("{A} {is} seen; no {b}.", ("present", "absent")),
    ("No {a}, no {b}, no {c}.", ("absent", "absent", "absent")),
)
_HISTORICAL = (
    "History of {a}.",
    "Remote history of {a}.",
    "h/o {a}.",
    "Patient with prior {a}, treated.",
    "Known history of {a}.",
)
_PROCEDURE = (
    "Status post {A}.",
    "S/p {A}.",
    "Prior {A}.",
    "The patient is status post {A}.",
    "Previous {A}.",
)
_PROCEDURE_HISTORY = ("S/p {A}.", "Status post {A}.", "Prior {A}.", "History of {A}.")
_DEVICE = (
    "{A}.",
    "There is {A}.",
    "{A} in satisfactory position.",
    "{A} {is} unchanged in position.",
    "Interval placement of {A}.",
)
_INDICATION = (
    "Rule out {a}.",
    "Evaluate for {a}.",
    "History of {a}.",
    "{a}.",
    "Follow-up of {a}.",
    "Known {a}.",
    "Concern for {a}.",
    "r/o {a}?",
    "Prior {a}.",
    "Assess {a}.",
)
# Indication wording for a concept the findings then answer.
_QUESTION = ("Rule out {a}.", "Evaluate for {a}.", "Concern for {a}.", "r/o {a}?", "Assess for {a}.")
_IMPRESSION_PRESENT = ("{A}.", "Findings consistent with {A}.", "{A} as described above.")
_IMPRESSION_UNCERTAIN = ("Possible {a}.", "{A} cannot be excluded; follow-up suggested.", "Probable {a}.")
_IMPRESSION_ABSENT = ("No {a}.", "No evidence of {a}.")
_HISTORY_HEADERS = ("CLINICAL HISTORY", "HISTORY", "INDICATION", "REASON FOR EXAM", "CLINICAL INDICATION")
_IMPRESSION_HEADERS = ("IMPRESSION", "IMPRESSION", "CONCLUSION")
_COMPARISONS = (
    "None.",
    "None available.",
    "Prior study from 6 months ago.",
    "Most recent prior examination from 2 days earlier.",
    "Outside study from last year, report only.",
    "Multiple prior examinations, most recent 3 weeks ago.",
)
_CLOSERS = (
    "Findings were discussed with the ordering clinician at the time of interpretation.",
    "Electronically signed by the attending radiologist.",
    "Dictated by the radiology resident and reviewed by the attending radiologist.",
    "Recommend clinical correlation.",
    "I have personally reviewed the images and agree with the findings.",
)
# Technique add-ons per modality adjective: dose, contrast and equipment lines name no finding.
_TECHNIQUE_NOTES: dict[str, tuple[str, ...]] = {
    "CT": (
        "Dose: CTDIvol 7.9 mGy, DLP 312 mGy-cm.",
        "Contrast: 100 mL iohexol 350 intravenously, without complication.",
        "Automated exposure control and iterative reconstruction were used to reduce dose.",
        "Axial 2.5 mm images with coronal and sagittal reformats were reviewed on a PACS workstation.",
    ),
    "MR": (
        "Contrast: 7.5 mL gadobutrol intravenously.",
        "Examination performed on a 3 T scanner.",
        "Examination performed on a 1.5 T scanner with a dedicated coil.",
    ),
    "sonographic": (
        "Images were obtained with a curvilinear and a high-frequency linear transducer.",
        "Grayscale, color and spectral Doppler images were stored in PACS.",
    ),
    "radiographic": ("Digital radiographs were reviewed at full resolution.", "Number of images: 3."),
    "mammographic": ("Computer-aided detection was used.", "Breast composition: heterogeneously dense (ACR category C)."),
}
_RECOMMENDATIONS = (
    "Recommend follow-up imaging as clinically indicated.",
    "Recommend comparison with outside studies if they become available.",
    "Recommend short-interval follow-up in 3 months.",
    "No further imaging is needed for these findings.",
)
_STATUS_WEIGHTS = {"present": 40, "absent": 28, "uncertain": 16, "historical": 16}

# =============================================================================================
# Writing one report
# =============================================================================================


@dataclass
class _Item:
    """A concept chosen for a report, how it is written and the status it is written with."""

    concept: Concept
    organ: int
    status: str
    bare: str  # the name as written without modifiers, plural when the item is
    plural: bool  # takes "are"
    np: str  # the noun phrase with modifiers, no article


def _is_mass_form(form: str) -> bool:
    """True for forms read as mass nouns whatever the concept ("nephrolithiasis" beside "kidney stone")."""
    return form.endswith(("iasis", "osis", "itis") + _VOLUME_FORMS)


def _with_article(np: str, item: _Item) -> str:
    first = np.split()[0]
    if item.plural or not item.concept.countable or _is_mass_form(item.bare) or first in {"trace", "mild", "minimal"}:
        return np
    # Spoken, not spelled: "an 8 mm nodule", "an 11 mm cyst", "a 1.2 cm mass".
    vowel = first[0].lower() in "aeiou" or first.startswith(("8", "11", "18"))
    return ("an " if vowel else "a ") + np


def _make_item(rng: random.Random, spot: _Spot, status: str) -> _Item:
    concept = CONCEPTS[spot.name]
    # Abbreviations and synonyms turn up often enough to be exercised, never as the rule.
    form = concept.forms[0] if len(concept.forms) == 1 or rng.random() < 0.6 else rng.choice(concept.forms[1:])
    described = status in {"present", "uncertain"}
    countable = concept.countable and not _is_mass_form(form) and not is_abbreviation(form)
    many = countable and concept.kind in {"focal", "fracture"} and described and rng.random() < 0.25
    kind = "volume" if concept.kind == "fluid" and form.endswith(_VOLUME_FORMS) else concept.kind
    words: list[str] = []
    sizeable = countable or kind != "focal"
    if described and sizeable and kind in _MODIFIERS and rng.random() < 0.75:
        words.append(rng.choice(_MANY) if many and kind == "focal" else rng.choice(_MODIFIERS[kind]))
    prefixes = spot.prefixes if concept.countable else tuple(p for p in spot.prefixes if p != "bilateral")
    if prefixes and (concept.kind == "procedure" or (status != "absent" and rng.random() < 0.5)):
        prefix = rng.choice(prefixes)
        many = many or (prefix == "bilateral" and countable)
        words.append(prefix)
    bare = plural(form) if many else form
    np = " ".join([*words, bare])
    if described and spot.suffixes and not many and rng.random() < 0.45:
        np += " " + rng.choice(spot.suffixes)
    if described and kind == "focal" and rng.random() < 0.3:
        np += f" (series {rng.randint(2, 8)}, image {rng.randint(10, 240)})"
    return _Item(concept, spot.organ, status, bare, many or form in _PLURAL_FORMS, np)


def _fill(template: str, items: Sequence[_Item], modality: str) -> str:
    values = {"modality": modality}
    for slot, item in zip("abc", items):
        values[slot] = item.bare
        upper = "{" + slot.upper() + "}"
        before = template.split(upper, 1)[0].rstrip().lower() if upper in template else ""
        # "There is a small effusion", "not only a nodule": an article only where English needs one.
        needs_article = before.endswith(("{is}", "{is_b}", " is", "only", "also", "from", "of", "with"))
        values[slot.upper()] = _with_article(item.np, item) if needs_article else item.np
        values["is" if slot == "a" else f"is_{slot}"] = "are" if item.plural else "is"
    text = template.format(**values)
    return text[0].upper() + text[1:]


def _join(words: Sequence[str], conj: str) -> str:
    if len(words) <= 2:
        return f" {conj} ".join(words)
    return ", ".join(words[:-1]) + f", {conj} {words[-1]}"


class _ReportBuilder:
    """Chooses a report's concepts and statuses, writes its sections and records every mention."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.exam = rng.choices(_EXAMS, weights=[e.weight for e in _EXAMS])[0]
        self.title, self.technique, self.complaints = rng.choice(self.exam.variants)
        self.mentions: list[tuple[str, str, int]] = []

    def _say(self, template: str, items: Sequence[_Item], statuses: Sequence[str], weight: int) -> str:
        self.mentions.extend((i.concept.name, s, weight) for i, s in zip(items, statuses, strict=True))
        return _fill(template, items, self.exam.modality)

    def _choose_items(self) -> list[_Item]:
        rng = self.rng
        spots = {s.name: s for s in self.exam.spots()}
        chosen = rng.sample(sorted(spots), k=min(len(spots), rng.randint(6, 11)))
        items = []
        for name in chosen:
            status = rng.choices(list(_STATUS_WEIGHTS), weights=list(_STATUS_WEIGHTS.values()))[0]
            if status == "historical" and CONCEPTS[name].kind in _NO_HISTORY_KINDS:
                status = "absent"
            items.append(_make_item(rng, spots[name], status))
        for name in self.exam.extras:
            if rng.random() < 0.3:
                concept = CONCEPTS[name]
                spot = _Spot(name, -1, concept.prefixes, concept.suffixes)
                items.append(_make_item(rng, spot, "historical" if concept.kind == "procedure" else "present"))
        return items

    def _findings(self, items: list[_Item], weight: int) -> list[str]:
        """Sentences that mention each item once with its status."""
        rng = self.rng
        pending = list(items)
        rng.shuffle(pending)
        out: list[str] = []

        def take(status: str, organ: int | None = None) -> _Item | None:
            for item in pending:
                if item.status == status and item.concept.kind not in _SPECIAL_KINDS and organ in (None, item.organ):
                    pending.remove(item)
                    return item
            return None

        while pending:
            if rng.random() < 0.3 and (mixed := self._mixed(take, pending, weight)):
                out.append(mixed)
                continue
            item = pending.pop(0)
            kind, status = item.concept.kind, item.status
            if kind in _SPECIAL_KINDS:
                out.append(self._say(rng.choice(_PROCEDURE if kind == "procedure" else _DEVICE), [item], [status], weight))
            elif status == "absent":
                group = [item]
                while len(group) < 6 and rng.random() < 0.65 and (other := take("absent")):
                    group.append(other)
                out.append(self._absent(group, weight))
            elif status == "uncertain":
                other = take("uncertain", item.organ) if rng.random() < 0.4 else None
                if other:
                    out.append(self._say(rng.choice(_UNCERTAIN_PAIR), [item, other], ["uncertain"] * 2, weight))
                else:
                    borderline = ("Borderline {a}.",) if kind == "grade" else ()
                    out.append(self._say(rng.choice(_UNCERTAIN + borderline), [item], [status], weight))
            elif status == "historical":
                out.append(self._say(rng.choice(_HISTORICAL), [item], [status], weight))
            else:
                out.append(self._say(rng.choice(_PRESENT), [item], [status], weight))
        return out

    def _absent(self, group: list[_Item], weight: int) -> str:
        if len(group) == 1:
            return self._say(self.rng.choice(_ABSENT), group, ["absent"], weight)
        self.mentions.extend((i.concept.name, "absent", weight) for i in group)
        names = [i.bare for i in group]
        text = self.rng.choice(_ABSENT_LIST).format(
            or_list=_join(names, "or"), and_list=_join(names, "and"), modality=self.exam.modality
        )
        return text[0].upper() + text[1:]

    def _mixed(self, take: Callable[[str, int | None], _Item | None], pending: list[_Item], weight: int) -> str | None:
        # One organ per sentence: "No pneumothorax, but a small pleural effusion".
        template, statuses = self.rng.choice(_MIXED)
        picked: list[_Item] = []
        for status in statuses:
            item = take(status, picked[0].organ if picked else None)
            if item is None:
                pending[:0] = picked  # put them back where the next sentence will find them
                return None
            picked.append(item)
        return self._say(template, picked, statuses, weight)

    def _normals(self, items: list[_Item]) -> list[str]:
        # An organ with a finding does not also get "normal" wording.
        busy = {i.organ for i in items if i.status in {"present", "uncertain"}}
        lines = []
        for index, organ in enumerate(self.exam.organs):
            if index not in busy:
                lines.extend(organ.normals if self.rng.random() < 0.85 else [self.rng.choice(organ.normals)])
        return lines

    def _impression(self, items: list[_Item]) -> list[str]:
        rng = self.rng
        lines: list[str] = []
        banks = {"present": _IMPRESSION_PRESENT, "uncertain": _IMPRESSION_UNCERTAIN, "absent": _IMPRESSION_ABSENT}
        for item in items:
            if item.status in banks and item.concept.kind not in _SPECIAL_KINDS and rng.random() < 0.75:
                lines.append(self._say(rng.choice(banks[item.status]), [item], [item.status], 2))
        if not any(i.status in {"present", "uncertain"} for i in items):
            lines.insert(0, rng.choice(self.exam.all_clear))
        elif rng.random() < 0.5:
            lines.append(rng.choice(_RECOMMENDATIONS))
        return lines or [rng.choice(self.exam.all_clear)]

    def build(self) -> str:
        """The report text; `self.mentions` then holds every concept mention written."""
        rng = self.rng
        items = self._choose_items()
        if rng.random() < 0.15:
            return self._unsectioned(items)
        only_in_history = [i for i in items if i.status == "historical" and rng.random() < 0.5]
        in_findings = [i for i in items if i not in only_in_history]
        history = [f"{rng.randint(19, 88)}-year-old patient.", rng.choice(self.complaints)][rng.random() < 0.4 :]
        for item in only_in_history:
            bank = _PROCEDURE_HISTORY if item.concept.kind == "procedure" else _INDICATION
            history.append(self._say(rng.choice(bank), [item], ["historical"], 1))
        for item in in_findings:
            if item.status != "historical" and item.concept.kind not in _SPECIAL_KINDS and rng.random() < 0.12:
                history.append(self._say(rng.choice(_QUESTION), [item], ["historical"], 1))
        body = self._findings(in_findings, 2) + self._normals(items)
        rng.shuffle(body)
        if rng.random() < 0.4:
            body.append(rng.choice(self.exam.caveats))
        return self._layout(history, body, self._impression(in_findings))

    def _layout(self, history: list[str], findings: list[str], impression: list[str]) -> str:
        rng = self.rng
        block = rng.random() < 0.5  # header on its own line, or inline with a colon
        title_case = rng.random() < 0.3
        numbered = len(impression) > 1 and rng.random() < 0.5
        sections = [
            (rng.choice(_HISTORY_HEADERS), " ".join(history)),
            ("COMPARISON", rng.choice(_COMPARISONS)),
            ("TECHNIQUE", " ".join([self.technique, *rng.sample(_TECHNIQUE_NOTES[self.exam.modality], k=rng.randint(0, 2))])),
            ("FINDINGS", self._paragraphs(findings)),
            (
                rng.choice(_IMPRESSION_HEADERS),
                "\n".join(f"{n}. {s}" for n, s in enumerate(impression, 1)) if numbered else " ".join(impression),
            ),
        ]
        parts = [f"EXAM: {self.title}" if rng.random() < 0.6 else self.title]
        for header, body in sections:
            header = header.title() if title_case else header
            parts.append(f"{header}:\n{body}" if block or body.startswith("1.") else f"{header}: {body}")
        if rng.random() < 0.7:
            parts.append(rng.choice(_CLOSERS))
        text = "\n\n".join(parts)
        return text.upper() if rng.random() < 0.05 else text

    def _paragraphs(self, sentences: list[str]) -> str:
        if len(sentences) < 4 or self.rng.random() < 0.5:
            return " ".join(sentences)
        cut = len(sentences) // 2
        return " ".join(sentences[:cut]) + "\n" + " ".join(sentences[cut:])

    def _unsectioned(self, items: list[_Item]) -> str:
        rng = self.rng
        body = self._findings(items, 2) + self._normals(items)
        rng.shuffle(body)
        closing = self._impression(items)
        return f"{self.title}: {rng.choice(self.complaints)}\n" + " ".join(body) + "\n" + " ".join(closing)


def generate_finding_reports(count: int, seed: int = 0) -> list[LabelledReport]:
    """`count` labelled reports; the same seed gives the same reports, a prefix for a smaller count."""
    reports = []
    for index in range(count):
        builder = _ReportBuilder(random.Random(f"finding-reports:{seed}:{index}"))
        text = builder.build()
        labels = report_label(builder.mentions)
        reports.append(LabelledReport(f"syn-{seed}-{index:05d}", text, dict(sorted(labels.items()))))
    return reports
