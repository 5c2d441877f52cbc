"""Labelled synthetic radiology reports for scoring report-text de-identification.

Each report is free text as a reporting system would export it (header, CLINICAL HISTORY,
COMPARISON, TECHNIQUE, FINDINGS, IMPRESSION, communication, signature, addenda, footer) together
with gold spans for every PHI string placed in it (`gold`, eleven kinds, see `KINDS`) and spans
for clinical text that a de-identifier must leave alone (`clinical_terms`: eponyms that look like
names, vertebral levels, measurements, reporting categories, series/image references, doses,
contrast agents, devices, laterality ...).

Everything comes from seeded generators (Faker through `PhiFactory`, plus `random.Random`), so
a seed always yields the same corpus, and `generate_report_corpus(n, s)` is a prefix of
`generate_report_corpus(m, s)` for n < m. Synthetic names never equal an eponym or any word of
the templates, so every label is unambiguous.

Labelling conventions (what a gold span covers):
  * PERSON covers the name only: "Dr. [Kessler]", "[Ana Kessler], MD", "[KESSLER, ANA M]",
    "[Kessler AM]"; titles and credentials (Dr., Mr., MD, DO, RT(R), RN, PA-C, NP) stay outside.
  * AGE is only the number of an age over 89: "[92]-year-old", "[ninety-three] year old",
    "Age: [092]Y". Ages of 89 and under are in the text unlabelled.
  * DATE is the date expression without leading words: "on [03/14/2021]", "since the [14th]",
    "in [March 2021]". A bare year is not PHI and is never labelled.
  * ADDRESS is the street line and the "City, ST" part as two spans; ZIP is separate.
  * PHONE includes an extension written with it: "[(555) 123-4567 ext. 231]".
  * TIME keeps AM/PM inside the span but not a trailing unit word: "[2:32 PM]", "[1432] hours".
  * ID is the identifier only: "MRN: [48213377]", "Acc# [RAD-2021-00123]".
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import phi as phi_mod

KINDS: tuple[str, ...] = (
    "PERSON",
    "DATE",
    "TIME",
    "ID",
    "PHONE",
    "EMAIL",
    "URL",
    "ADDRESS",
    "ZIP",
    "ORGANIZATION",
    "AGE",
)

REPORT_TYPES: tuple[str, ...] = (
    "chest",
    "neuro",
    "abdomen",
    "msk",
    "breast",
    "ultrasound",
    "nuclear",
    "fluoroscopy",
    "vascular",
    "pediatric",
)

# Eponyms a name recogniser is most likely to mistake for people; the corpus contains each of
# them at least once per few hundred reports (dealt from shuffled decks, not left to chance).
REQUIRED_EPONYMS: tuple[str, ...] = (
    "Hodgkin",
    "non-Hodgkin",
    "Parkinson",
    "Crohn",
    "Wilms",
    "Barrett",
    "Bankart",
    "Hill-Sachs",
    "Colles",
    "Smith fracture",
    "Baker cyst",
    "Morison pouch",
    "circle of Willis",
    "Schatzki ring",
    "Zenker diverticulum",
    "Chiari",
    "Dandy-Walker",
    "Klatskin",
    "Meckel",
    "Monteggia",
    "Galeazzi",
    "Jones fracture",
    "Lisfranc",
    "Segond",
    "Osgood-Schlatter",
    "Legg-Calve-Perthes",
    "Paget",
    "Graves",
    "Hashimoto",
    "Cushing",
    "Addison",
    "Alzheimer",
    "Huntington",
    "Budd-Chiari",
    "Virchow",
    "Kerley B lines",
    "Fleischner",
    "Hounsfield units",
    "Gleason",
    "Bosniak",
    "Couinaud",
    "Glisson capsule",
    "Gerota fascia",
    "Douglas pouch",
    "Wharton duct",
    "Stensen duct",
    "Sylvian fissure",
    "Luschka",
    "Magendie",
    "Monro",
    "Eustachian",
)

CLINICAL_CATEGORIES: tuple[str, ...] = (
    "eponym",
    "anatomy",
    "finding",
    "measurement",
    "vertebral_level",
    "birads",
    "lirads",
    "tirads",
    "pirads",
    "lungrads",
    "series_image",
    "dose",
    "contrast",
    "device",
    "laterality",
    "lab_value",
    "code",
    "guideline",
)

# A rendered fragment: (text, PHI kind or None, clinical category or None).
Piece = tuple[str, str | None, str | None]


# =============================================================================================
# Template data. Slots are written {name} (a capitalised name capitalises the first letter of
# what it renders); [category:text] marks literal clinical text. Eponyms, measurements, reporting
# categories and laterality are also found automatically after rendering (see _AUTO_TERMS).
# =============================================================================================


@dataclass(frozen=True)
class _Exam:
    """One study type and the wording its reports use."""

    code: str
    report_type: str
    modality: str  # CT, MR, US, XR, MG, NM, FL: decides generic technique lines
    titles: tuple[str, ...]
    indications: tuple[str, ...]
    technique: tuple[str, ...]
    findings: tuple[tuple[str, tuple[str, ...]], ...]  # (heading, [normal, abnormal...])
    impressions: tuple[str, ...]  # [normal impression, abnormal impressions...]
    eponyms: tuple[str, ...] = ()  # sentences with eponyms, one dealt per report
    priors: tuple[str, ...] = ("prior study",)
    ages: tuple[int, int] = (18, 89)
    elderly: bool = True  # may the patient be over 89
    sex: str = ""  # "F"/"M" when the exam implies it
    contrast: bool = False
    weight: int = 1


_EXAMS: tuple[_Exam, ...] = (
    # ------------------------------------------------------------------------ chest
    _Exam(
        code="XR_CHEST",
        report_type="chest",
        modality="XR",
        weight=3,
        titles=("XR CHEST 2 VIEWS", "CHEST PA AND LATERAL", "RADIOGRAPH OF THE CHEST, 2 VIEWS"),
        indications=(
            "cough and fever",
            "shortness of breath",
            "preoperative evaluation",
            "chest pain",
            "follow-up of pneumonia",
            "hypoxia",
        ),
        technique=(
            "PA and lateral views of the chest.",
            "Frontal and lateral radiographs of the chest were obtained.",
            "Two views of the chest, PA and lateral.",
        ),
        findings=(
            (
                "Lungs",
                (
                    "The lungs are clear. No focal consolidation.",
                    "Patchy airspace opacity in the {side} lower lobe, concerning for pneumonia.",
                    "Streaky bibasilar opacities, likely atelectasis.",
                    "Possible nodular opacity in the {side} upper lobe measuring {m1}; no prior for comparison.",
                ),
            ),
            (
                "Pleura",
                (
                    "No pleural effusion or pneumothorax.",
                    "Small {side} pleural effusion.",
                    "Blunting of the {side} costophrenic angle may represent a small effusion or pleural thickening.",
                ),
            ),
            (
                "Heart and mediastinum",
                (
                    "The cardiomediastinal silhouette is within normal limits.",
                    "Mild cardiomegaly. Atherosclerotic calcification of the aortic arch.",
                    "The heart is upper normal in size without vascular congestion.",
                ),
            ),
            (
                "Bones",
                (
                    "No acute osseous abnormality.",
                    "Degenerative changes of the thoracic spine.",
                    "Healed {side} posterior rib fractures.",
                ),
            ),
        ),
        impressions=(
            "No acute cardiopulmonary process.",
            "{Side} lower lobe pneumonia. Follow-up radiographs in 6 to 8 weeks are recommended to document resolution.",
            "Small {side} pleural effusion.",
            "Possible {side} upper lobe nodule; CT of the chest is recommended for further evaluation.",
        ),
        eponyms=(
            "Interstitial prominence with Kerley B lines at the lung bases, compatible with mild interstitial edema.",
            "No Kerley B lines or other sign of interstitial edema.",
        ),
        priors=("chest radiograph", "CXR", "CT chest"),
    ),
    _Exam(
        code="XR_CHEST_PORTABLE",
        report_type="chest",
        modality="XR",
        titles=("XR CHEST PORTABLE AP", "PORTABLE CHEST, 1 VIEW", "CHEST AP PORTABLE (ICU)"),
        indications=(
            "endotracheal tube placement",
            "central line placement",
            "respiratory distress",
            "post-operative day 1 after CABG",
        ),
        technique=("Single portable AP view of the chest.", "Portable semi-upright AP radiograph of the chest."),
        findings=(
            (
                "Lines and tubes",
                (
                    "Endotracheal tube tip 4 cm above the carina. Enteric tube courses below the diaphragm.",
                    "{Side} internal jugular central venous catheter tip projects over the cavoatrial junction.",
                    "Endotracheal tube tip at the level of the clavicular heads; consider advancing by 2 cm.",
                ),
            ),
            (
                "Lungs",
                (
                    "Low lung volumes. No focal consolidation.",
                    "Diffuse bilateral hazy opacities, likely pulmonary edema.",
                    "Retrocardiac opacity, atelectasis versus pneumonia.",
                ),
            ),
            (
                "Pleura",
                (
                    "No pneumothorax.",
                    "Small {side} apical pneumothorax measuring {mm}.",
                    "Bilateral small pleural effusions.",
                ),
            ),
        ),
        impressions=(
            "Support devices in appropriate position. No pneumothorax.",
            "New {side} apical pneumothorax.",
            "Worsening pulmonary edema.",
            "Endotracheal tube is high and could be advanced 2 cm.",
        ),
        eponyms=(
            "Swan-Ganz catheter tip in the {side} main pulmonary artery.",
            "Dobhoff tube tip in the gastric body.",
            "Septal thickening with Kerley B lines, suggesting fluid overload.",
            "Foley catheter and surgical drains partially imaged.",
        ),
        priors=("portable chest radiograph", "chest radiograph"),
    ),
    _Exam(
        code="CT_CHEST",
        report_type="chest",
        modality="CT",
        contrast=True,
        weight=2,
        titles=("CT CHEST WITH CONTRAST", "CT THORAX W IV CONTRAST", "CT CHEST W CONTRAST"),
        indications=(
            "follow-up of pulmonary nodule",
            "persistent cough",
            "staging of known malignancy",
            "abnormal chest radiograph",
            "weight loss and hemoptysis",
        ),
        technique=(
            "Axial CT images of the chest were obtained after intravenous contrast. Coronal and sagittal reformats were reviewed.",
            "Helical CT of the chest was performed following administration of intravenous contrast.",
        ),
        findings=(
            (
                "Lungs",
                (
                    "The lungs are clear. No suspicious pulmonary nodule.",
                    "A {mm} solid nodule in the {side} upper lobe {img}.",
                    "Mild centrilobular emphysema. Scarring at the {side} lung base.",
                    "Part-solid nodule in the {side} lower lobe measuring {m2} {img}, suspicious.",
                ),
            ),
            (
                "Pleura",
                ("No pleural effusion or pneumothorax.", "Small {side} pleural effusion.", "Pleural plaques, calcified."),
            ),
            (
                "Mediastinum",
                (
                    "No mediastinal or hilar lymphadenopathy.",
                    "Enlarged subcarinal lymph node measuring {mm} in short axis.",
                    "Borderline {side} hilar node, likely reactive.",
                ),
            ),
            (
                "Heart and vessels",
                (
                    "Heart size is normal. No pericardial effusion.",
                    "Coronary artery calcifications. Ascending aorta measures 4.1 cm.",
                    "No central pulmonary embolism on this non-dedicated study.",
                ),
            ),
            (
                "Upper abdomen",
                (
                    "Visualized upper abdomen is unremarkable.",
                    "Small hiatal hernia.",
                    "Low attenuation {side} adrenal nodule measuring {m1}, likely adenoma.",
                ),
            ),
        ),
        impressions=(
            "No acute intrathoracic abnormality.",
            "{Side} upper lobe nodule measuring {mm}; follow-up CT in 6 to 12 months is recommended.",
            "Part-solid {side} lower lobe nodule, suspicious for adenocarcinoma. Tissue sampling or PET/CT recommended.",
            "Mediastinal lymphadenopathy, nonspecific.",
        ),
        eponyms=(
            "The {mm} nodule in the {side} upper lobe warrants follow-up per Fleischner Society guidelines.",
            "The {side} adrenal nodule measures -8 Hounsfield units, consistent with a lipid-rich adenoma.",
            "Enlarged {side} supraclavicular (Virchow) node measuring {mm}.",
            "No enlarged Virchow node.",
            "Per Fleischner guidelines, no follow-up is needed for this {mm} nodule in a low-risk patient.",
        ),
        priors=("CT chest", "chest CT", "PET/CT", "chest radiograph"),
    ),
    _Exam(
        code="CTA_PE",
        report_type="chest",
        modality="CT",
        contrast=True,
        titles=("CTA CHEST PULMONARY EMBOLISM PROTOCOL", "CT ANGIOGRAM CHEST (PE)", "CTA CHEST W CONTRAST PE STUDY"),
        indications=("pleuritic chest pain and tachycardia", "elevated D-dimer", "hypoxia after surgery", "syncope"),
        technique=(
            "CT angiography of the chest was performed with bolus tracking in the main pulmonary artery.",
            "Thin-section CT pulmonary angiography with multiplanar and MIP reconstructions.",
        ),
        findings=(
            (
                "Pulmonary arteries",
                (
                    "No filling defect in the pulmonary arteries to the subsegmental level.",
                    "Filling defects in the {side} lower lobe segmental and subsegmental arteries {img}.",
                    "Saddle embolus extending into both main pulmonary arteries.",
                    "Contrast bolus is suboptimal; subsegmental emboli cannot be excluded.",
                ),
            ),
            (
                "Right heart",
                (
                    "The RV/LV ratio is 0.8. No reflux of contrast into the hepatic veins.",
                    "RV/LV ratio of 1.3 with straightening of the interventricular septum, suggesting right heart strain.",
                ),
            ),
            (
                "Lungs and pleura",
                (
                    "Dependent atelectasis. No consolidation.",
                    "Wedge-shaped peripheral opacity in the {side} lower lobe, likely infarct.",
                    "Small {side} pleural effusion.",
                ),
            ),
        ),
        impressions=(
            "No pulmonary embolism.",
            "Acute pulmonary emboli in the {side} lower lobe arteries without CT evidence of right heart strain.",
            "Saddle pulmonary embolism with evidence of right heart strain.",
            "Probable {side} lower lobe pulmonary infarct.",
        ),
        eponyms=(
            "Peripheral wedge-shaped opacity (Hampton hump) in the {side} lower lobe.",
            "Regional oligemia (Westermark sign) in the {side} upper lobe.",
            "No Kerley B lines or interstitial edema.",
        ),
        priors=("CTA chest", "chest radiograph", "CT chest"),
    ),
    _Exam(
        code="LDCT_SCREEN",
        report_type="chest",
        modality="CT",
        titles=("CT CHEST LOW DOSE LUNG CANCER SCREENING", "LDCT LUNG SCREENING"),
        indications=(
            "lung cancer screening, 40 pack-year smoker",
            "annual lung cancer screening",
            "former smoker, quit 8 years ago",
        ),
        technique=("Low-dose helical CT of the chest without contrast.", "Non-contrast low-dose CT of the chest."),
        findings=(
            (
                "Lungs",
                (
                    "No pulmonary nodules.",
                    "Solid nodule in the {side} upper lobe measuring {mm} {img}.",
                    "Stable {mm} {side} lower lobe nodule, unchanged since the baseline exam.",
                ),
            ),
            ("Other", ("Mild emphysema.", "Coronary artery calcification, moderate.", "No significant incidental finding.")),
        ),
        impressions=(
            "Lung-RADS 1: negative. Continue annual screening in 12 months.",
            "Lung-RADS 2: benign appearance or behavior. Continue annual screening.",
            "Lung-RADS 3: probably benign. 6-month low-dose CT recommended.",
            "Lung-RADS 4A: suspicious. 3-month low-dose CT or PET/CT recommended.",
        ),
        eponyms=(
            "Screening findings are categorized by Lung-RADS; Fleischner Society guidelines do not apply to screening.",
            "Perifissural nodule along the {side} major fissure, {mm}, benign morphology; Fleischner criteria not applied.",
        ),
        priors=("low-dose CT chest", "screening CT"),
        ages=(50, 80),
    ),
    # ------------------------------------------------------------------------ neuro
    _Exam(
        code="CT_HEAD",
        report_type="neuro",
        modality="CT",
        weight=2,
        titles=("CT HEAD WITHOUT CONTRAST", "CT BRAIN WO CONTRAST", "CT HEAD/BRAIN NON-CONTRAST"),
        indications=(
            "headache",
            "fall with head strike",
            "altered mental status",
            "dizziness",
            "acute left-sided weakness",
            "syncope",
        ),
        technique=(
            "Axial CT images of the head were obtained without intravenous contrast.",
            "Non-contrast CT of the head with axial, coronal and sagittal reformats.",
        ),
        findings=(
            (
                "Brain",
                (
                    "No intracranial hemorrhage, mass effect or midline shift.",
                    "Chronic small vessel ischemic changes.",
                    "Possible subtle hypodensity in the {side} basal ganglia, which may represent a lacunar infarct.",
                    "Acute {side} subdural hematoma measuring {mm} in thickness {img}.",
                ),
            ),
            (
                "Ventricles",
                (
                    "The ventricles and sulci are normal for age.",
                    "Mild generalized volume loss with ex vacuo ventricular enlargement.",
                    "No hydrocephalus.",
                ),
            ),
            (
                "Calvarium",
                (
                    "No acute fracture.",
                    "Questionable nondisplaced fracture of the {side} parietal bone.",
                    "{Side} frontal scalp hematoma without underlying fracture.",
                ),
            ),
        ),
        impressions=(
            "No acute intracranial abnormality.",
            "Acute {side} subdural hematoma without midline shift.",
            "Chronic microvascular ischemic changes. No acute abnormality.",
            "Possible {side} basal ganglia lacunar infarct; MRI could be obtained if clinically indicated.",
        ),
        eponyms=(
            "The Sylvian fissures are symmetric.",
            "Blood products layer in the {side} Sylvian fissure.",
            "No obstruction at the foramen of Monro.",
            "Disproportionate medial temporal volume loss, which can be seen with Alzheimer disease.",
        ),
        priors=("CT head", "MRI brain", "head CT"),
    ),
    _Exam(
        code="MR_BRAIN",
        report_type="neuro",
        modality="MR",
        contrast=True,
        titles=("MRI BRAIN WITH AND WITHOUT CONTRAST", "MR BRAIN W/WO GADOLINIUM", "MRI HEAD W WO CONTRAST"),
        indications=(
            "seizure",
            "headache with visual changes",
            "follow-up of meningioma",
            "numbness of the left arm",
            "memory loss",
            "tremor",
        ),
        technique=(
            "Multiplanar, multisequence MR images of the brain were obtained before and after intravenous gadolinium.",
            "Sagittal T1, axial T2, FLAIR, DWI, SWI and post-contrast T1 images of the brain.",
        ),
        findings=(
            (
                "Parenchyma",
                (
                    "No restricted diffusion. No abnormal enhancement.",
                    "Scattered T2 hyperintense foci in the periventricular white matter, nonspecific.",
                    "Possible tiny focus of enhancement in the {side} frontal lobe {img}.",
                    "Acute infarct in the {side} MCA territory with restricted diffusion.",
                ),
            ),
            (
                "Extra-axial spaces",
                ("No extra-axial collection.", "Stable {mm} {side} parafalcine meningioma.", "Small arachnoid cyst."),
            ),
            (
                "Ventricles",
                ("The ventricles are normal in size.", "Mild ventriculomegaly out of proportion to sulcal enlargement."),
            ),
            (
                "Orbits and sinuses",
                (
                    "The orbits are unremarkable. The paranasal sinuses are clear.",
                    "Mucosal thickening of the maxillary sinuses.",
                ),
            ),
        ),
        impressions=(
            "No acute intracranial abnormality.",
            "Acute {side} MCA territory infarct.",
            "Stable {side} parafalcine meningioma.",
            "Nonspecific white matter T2 hyperintensities, most commonly microangiopathic.",
        ),
        eponyms=(
            "Cerebellar tonsils extend 7 mm below the foramen magnum, consistent with a Chiari I malformation.",
            "Enlarged posterior fossa with vermian hypoplasia; findings are on the Dandy-Walker continuum.",
            "The foramina of Luschka and Magendie are patent.",
            "The foramen of Monro is patent; no colloid cyst.",
            "Atrophy of the caudate heads, which can be seen in Huntington disease.",
            "Loss of the swallow tail sign in the substantia nigra, which can be seen with Parkinson disease.",
        ),
        priors=("MRI brain", "CT head", "MR brain"),
    ),
    _Exam(
        code="CTA_HEAD_NECK",
        report_type="neuro",
        modality="CT",
        contrast=True,
        titles=("CTA HEAD AND NECK", "CT ANGIOGRAM HEAD/NECK W CONTRAST"),
        indications=("stroke alert", "transient ischemic attack", "carotid stenosis on ultrasound"),
        technique=(
            "CT angiography of the head and neck with MIP and 3D reconstructions.",
            "Helical CTA from the aortic arch to the vertex during intravenous contrast injection.",
        ),
        findings=(
            (
                "Neck",
                (
                    "No hemodynamically significant stenosis of the cervical carotid arteries.",
                    "Approximately 70% stenosis of the proximal {side} internal carotid artery by NASCET criteria.",
                    "Vertebral arteries are patent; {side} vertebral artery is dominant.",
                ),
            ),
            (
                "Head",
                (
                    "No large vessel occlusion.",
                    "Occlusion of the {side} M1 segment {img}.",
                    "No aneurysm larger than 2 mm.",
                ),
            ),
        ),
        impressions=(
            "No large vessel occlusion or significant stenosis.",
            "{Side} M1 occlusion. Findings communicated to the stroke team.",
            "High-grade {side} ICA stenosis.",
        ),
        eponyms=(
            "The circle of Willis is complete.",
            "Fetal origin of the {side} PCA; otherwise normal circle of Willis.",
            "Hypoplastic {side} A1 segment, a normal variant of the circle of Willis.",
        ),
        priors=("CTA head and neck", "carotid ultrasound", "MRA head"),
    ),
    _Exam(
        code="MR_LSPINE",
        report_type="neuro",
        modality="MR",
        titles=("MRI LUMBAR SPINE WITHOUT CONTRAST", "MR L-SPINE WO", "MRI LUMBAR SPINE"),
        indications=(
            "low back pain radiating to the left leg",
            "lumbar radiculopathy",
            "back pain after lifting",
            "cauda equina symptoms",
        ),
        technique=("Sagittal and axial T1 and T2 weighted images of the lumbar spine.",),
        findings=(
            (
                "Alignment",
                (
                    "Normal lumbar lordosis. No spondylolisthesis.",
                    "Grade 1 anterolisthesis of [vertebral_level:L4] on [vertebral_level:L5].",
                ),
            ),
            (
                "Conus",
                ("The conus terminates at {tlevel} and is normal in signal.",),
            ),
            (
                "Disc levels",
                (
                    "{llevel}: Mild disc bulge without stenosis.",
                    "{llevel}: Broad-based disc protrusion with mild {side} neural foraminal narrowing.",
                    "{llevel}: {Side} paracentral disc extrusion contacting the traversing [vertebral_level:S1] nerve root.",
                    "{llevel}: Moderate central canal stenosis due to disc bulge and facet hypertrophy.",
                ),
            ),
        ),
        impressions=(
            "Mild lumbar spondylosis without significant stenosis.",
            "{llevel} {side} paracentral disc extrusion with nerve root contact.",
            "Moderate central canal stenosis at {llevel}.",
        ),
        eponyms=(
            "Schmorl nodes at the {tlevel} and [vertebral_level:L1] endplates.",
            "Modic type 1 endplate changes at {llevel}.",
            "Incidental Tarlov cyst at [vertebral_level:S2] measuring {mm}.",
        ),
        priors=("MRI lumbar spine", "lumbar spine radiographs", "CT lumbar spine"),
    ),
    _Exam(
        code="MR_CSPINE",
        report_type="neuro",
        modality="MR",
        titles=("MRI CERVICAL SPINE WITHOUT CONTRAST", "MR C-SPINE WO"),
        indications=("neck pain with arm numbness", "cervical radiculopathy", "myelopathy"),
        technique=("Sagittal T1, T2 and STIR and axial T2 images of the cervical spine.",),
        findings=(
            (
                "Cord",
                (
                    "Normal cord signal.",
                    "Focal T2 hyperintensity in the cord at {clevel}, compatible with myelomalacia.",
                ),
            ),
            (
                "Disc levels",
                (
                    "{clevel}: Disc osteophyte complex with mild canal narrowing.",
                    "{clevel}: Uncovertebral hypertrophy causing moderate {side} foraminal stenosis.",
                    "{clevel}: No significant stenosis.",
                ),
            ),
        ),
        impressions=(
            "Mild degenerative changes without high-grade stenosis.",
            "Moderate {side} foraminal stenosis at {clevel}.",
            "Cord signal abnormality at {clevel}, likely myelomalacia.",
        ),
        eponyms=(
            "The cerebellar tonsils are normally positioned; no Chiari malformation.",
            "Low-lying cerebellar tonsils, 4 mm below the foramen magnum, without Chiari I malformation criteria.",
        ),
        priors=("MRI cervical spine", "cervical spine radiographs", "CT cervical spine"),
    ),
    _Exam(
        code="CT_NECK",
        report_type="neuro",
        modality="CT",
        contrast=True,
        titles=("CT SOFT TISSUE NECK WITH CONTRAST", "CT NECK W CONTRAST"),
        indications=("neck swelling", "submandibular swelling with meals", "palpable neck mass", "dysphagia"),
        technique=("Axial CT images of the neck were obtained after intravenous contrast.",),
        findings=(
            (
                "Aerodigestive tract",
                ("The nasopharynx, oropharynx and larynx are unremarkable.", "Asymmetric fullness of the {side} tonsil."),
            ),
            (
                "Salivary glands",
                (
                    "The parotid and submandibular glands are normal.",
                    "Enlarged, hyperenhancing {side} submandibular gland with surrounding stranding.",
                ),
            ),
            (
                "Lymph nodes",
                (
                    "No cervical lymphadenopathy.",
                    "Enlarged {side} level II lymph node measuring {m2} with central necrosis.",
                ),
            ),
        ),
        impressions=(
            "No acute abnormality of the neck.",
            "{Side} submandibular sialadenitis.",
            "Necrotic {side} level II node, suspicious for metastasis.",
        ),
        eponyms=(
            "A {mm} calculus in the {side} Wharton duct with upstream ductal dilation.",
            "No calculus along the Stensen duct.",
            "Enlarged {side} supraclavicular Virchow node.",
            "The fossa of Rosenmuller is symmetric.",
        ),
        priors=("CT neck", "neck ultrasound", "MRI neck"),
    ),
    _Exam(
        code="CT_TEMPORAL",
        report_type="neuro",
        modality="CT",
        titles=("CT TEMPORAL BONES WITHOUT CONTRAST", "CT SINUS WITHOUT CONTRAST", "CT MAXILLOFACIAL WO CONTRAST"),
        indications=("chronic otitis media", "hearing loss", "chronic sinusitis", "facial pain"),
        technique=("Thin-section axial CT with coronal and sagittal bone algorithm reformats.",),
        findings=(
            (
                "Middle ear and mastoids",
                (
                    "The middle ear cavities and mastoid air cells are clear.",
                    "Opacification of the {side} mastoid air cells and middle ear.",
                ),
            ),
            (
                "Sinuses",
                (
                    "The paranasal sinuses are clear. Ostiomeatal units are patent.",
                    "Mucosal thickening of the {side} maxillary sinus with obstruction of the ostiomeatal unit.",
                ),
            ),
        ),
        impressions=(
            "No acute abnormality.",
            "{Side} mastoid and middle ear opacification, compatible with otomastoiditis.",
            "Chronic {side} maxillary sinusitis.",
        ),
        eponyms=(
            "Soft tissue at the {side} Eustachian tube orifice, which may contribute to middle ear effusion.",
            "The Eustachian tubes are patent bilaterally.",
        ),
        priors=("CT sinus", "CT temporal bones", "MRI brain"),
    ),
    # ------------------------------------------------------------------------ abdomen
    _Exam(
        code="CT_AP",
        report_type="abdomen",
        modality="CT",
        contrast=True,
        weight=2,
        titles=("CT ABDOMEN AND PELVIS WITH CONTRAST", "CT A/P W IV CONTRAST", "CT ABD/PELVIS W CONTRAST"),
        indications=(
            "right lower quadrant pain",
            "abdominal pain and fever",
            "weight loss",
            "follow-up of renal cyst",
            "diarrhea and cramping",
            "trauma, motor vehicle collision",
        ),
        technique=(
            "Axial CT images of the abdomen and pelvis were obtained after intravenous and oral contrast.",
            "Helical CT of the abdomen and pelvis in the portal venous phase with coronal and sagittal reformats.",
        ),
        findings=(
            (
                "Liver",
                (
                    "The liver is normal in size and attenuation.",
                    "Hepatic steatosis.",
                    "A {mm} hypodense lesion in the {side} hepatic lobe, too small to characterize.",
                ),
            ),
            (
                "Gallbladder and bile ducts",
                ("Normal gallbladder. No biliary dilation.", "Cholelithiasis without evidence of cholecystitis."),
            ),
            (
                "Kidneys",
                (
                    "No hydronephrosis. No renal calculi.",
                    "Simple {side} renal cyst measuring {m1}.",
                    "Questionable punctate nonobstructing {side} renal calculus.",
                ),
            ),
            (
                "Bowel",
                (
                    "No bowel obstruction. The appendix is normal.",
                    "Dilated appendix measuring {mm} with periappendiceal fat stranding, compatible with appendicitis.",
                    "Sigmoid diverticulosis without diverticulitis.",
                    "Possible mild wall thickening of the terminal ileum.",
                ),
            ),
            (
                "Pelvis",
                (
                    "The bladder is unremarkable. No pelvic lymphadenopathy.",
                    "Small volume pelvic free fluid.",
                    "Enlarged prostate.",
                ),
            ),
        ),
        impressions=(
            "No acute abnormality in the abdomen or pelvis.",
            "Acute uncomplicated appendicitis.",
            "Cholelithiasis without cholecystitis.",
            "Sigmoid diverticulosis without diverticulitis.",
            "Indeterminate {mm} hepatic lesion; MRI may be obtained for further characterization.",
        ),
        eponyms=(
            "No free fluid in Morison pouch or the Douglas pouch.",
            "Trace free fluid in the Douglas pouch, likely physiologic.",
            "Perinephric stranding extends to the {side} Gerota fascia.",
            "A {mm} hypodense lesion in Couinaud segment 7, too small to characterize.",
            "Blind-ending outpouching from the distal ileum likely represents a Meckel diverticulum.",
            "Terminal ileal wall thickening with mural hyperenhancement, compatible with active Crohn disease.",
        ),
        priors=("CT abdomen and pelvis", "CT A/P", "abdominal ultrasound", "MRI abdomen"),
    ),
    _Exam(
        code="MR_LIVER",
        report_type="abdomen",
        modality="MR",
        contrast=True,
        titles=("MRI ABDOMEN LIVER PROTOCOL WITH AND WITHOUT CONTRAST", "MR LIVER W WO CONTRAST"),
        indications=(
            "cirrhosis, hepatocellular carcinoma surveillance",
            "indeterminate liver lesion on CT",
            "elevated AFP",
        ),
        technique=(
            "Multiplanar multisequence MRI of the abdomen including dynamic post-contrast and hepatobiliary phase imaging.",
            "Dynamic contrast-enhanced MRI of the liver. Observations are categorized using [guideline:LI-RADS v2018].",
        ),
        weight=2,
        findings=(
            (
                "Liver",
                (
                    "Cirrhotic morphology. No arterially enhancing observation.",
                    "A {m1} observation in segment 8 with arterial phase hyperenhancement and washout {img}, LR-5.",
                    "A {mm} arterially enhancing observation without washout in segment 6, LR-3.",
                    "A {m1} observation with nonrim arterial phase hyperenhancement and capsule {img}, LI-RADS 4.",
                ),
            ),
            ("Spleen", ("The spleen is normal in size.", "Splenomegaly measuring 15 cm.")),
            ("Vessels", ("The portal vein is patent.", "Nonocclusive thrombus in the {side} portal vein.")),
        ),
        impressions=(
            "LI-RADS 1 (definitely benign): no observation concerning for HCC.",
            "LI-RADS 5 observation in segment 8, definitely HCC.",
            "LI-RADS 3 observation in segment 6; follow-up MRI in 3 to 6 months.",
            "LI-RADS 4 observation, probably HCC; discussion at tumor board recommended.",
        ),
        eponyms=(
            "The observation abuts the Glisson capsule in Couinaud segment 8.",
            "Nodular liver contour with retraction of the Glisson capsule.",
            "Hepatic veins are patent; no findings of Budd-Chiari syndrome.",
        ),
        priors=("MRI liver", "CT abdomen", "liver ultrasound"),
    ),
    _Exam(
        code="MRCP",
        report_type="abdomen",
        modality="MR",
        titles=("MRCP WITHOUT CONTRAST", "MR CHOLANGIOPANCREATOGRAPHY"),
        indications=("jaundice", "elevated bilirubin", "biliary dilation on ultrasound"),
        technique=("Heavily T2 weighted 3D MRCP and axial T2 and T1 images of the upper abdomen.",),
        findings=(
            (
                "Biliary tree",
                (
                    "No intrahepatic or extrahepatic biliary dilation. No choledocholithiasis.",
                    "The common bile duct measures {mm} with a {mm} distal filling defect, compatible with choledocholithiasis.",
                ),
            ),
            ("Pancreas", ("The pancreatic duct is normal in caliber.", "A {mm} side-branch IPMN in the pancreatic head.")),
        ),
        impressions=(
            "Normal MRCP.",
            "Choledocholithiasis with mild biliary dilation.",
            "Hilar stricture suspicious for cholangiocarcinoma.",
        ),
        eponyms=(
            "Hilar stricture involving the confluence of the hepatic ducts, suspicious for a Klatskin tumor.",
            "Small duct of Luschka near the gallbladder fossa, a normal variant.",
            "Impacted cystic duct stone compressing the common hepatic duct (Mirizzi syndrome).",
        ),
        priors=("MRCP", "abdominal ultrasound", "ERCP"),
    ),
    _Exam(
        code="CT_RENAL",
        report_type="abdomen",
        modality="CT",
        contrast=True,
        titles=("CT ABDOMEN RENAL MASS PROTOCOL", "CT UROGRAM", "CT ABDOMEN ADRENAL PROTOCOL"),
        indications=(
            "hematuria",
            "indeterminate renal lesion",
            "adrenal incidentaloma",
            "hypertension and hypokalemia",
        ),
        technique=(
            "Unenhanced, nephrographic and excretory phase CT of the abdomen.",
            "Unenhanced, portal venous and 15-minute delayed CT through the adrenal glands.",
        ),
        findings=(
            (
                "Kidneys",
                (
                    "No solid renal mass. No hydronephrosis.",
                    "A {m1} complex cystic lesion in the {side} kidney with thin septations.",
                    "A {m2} enhancing solid mass in the {side} interpolar kidney {img}.",
                ),
            ),
            (
                "Adrenals",
                (
                    "The adrenal glands are normal.",
                    "A {m1} {side} adrenal nodule with absolute washout of 72%, consistent with adenoma.",
                ),
            ),
            ("Ureters and bladder", ("The ureters and bladder are unremarkable.", "Mild {side} hydroureter.")),
        ),
        impressions=(
            "No renal or adrenal mass.",
            "Enhancing solid {side} renal mass, suspicious for renal cell carcinoma.",
            "Benign {side} adrenal adenoma; no further imaging needed.",
        ),
        eponyms=(
            "The {side} renal cyst is Bosniak 2F; follow-up imaging is recommended.",
            "Minimally complex cyst, Bosniak II, no follow-up needed.",
            "The mass enhances by 45 Hounsfield units and is contained within the Gerota fascia.",
            "Adrenal nodule measuring 8 Hounsfield units on unenhanced images, in this patient with Cushing syndrome.",
            "Small adrenal glands, which can be seen in Addison disease.",
        ),
        priors=("CT abdomen", "renal ultrasound", "MRI abdomen"),
    ),
    _Exam(
        code="MR_PROSTATE",
        report_type="abdomen",
        modality="MR",
        contrast=True,
        sex="M",
        ages=(45, 85),
        titles=("MRI PROSTATE WITH AND WITHOUT CONTRAST", "MP-MRI PROSTATE"),
        indications=("elevated PSA", "active surveillance of prostate cancer", "rising PSA after negative biopsy"),
        technique=("Multiparametric MRI of the prostate including T2, DWI and DCE sequences.",),
        findings=(
            ("Prostate", ("Gland volume 42 cc.", "Gland volume 68 cc. Benign prostatic hyperplasia.")),
            (
                "Lesions",
                (
                    "No focal lesion in the peripheral zone.",
                    "A {mm} lesion in the {side} posterolateral peripheral zone at the mid gland with marked restricted diffusion {img}.",
                ),
            ),
        ),
        impressions=(
            "PI-RADS 2: clinically significant cancer is unlikely.",
            "PI-RADS 4 lesion in the {side} peripheral zone; targeted biopsy recommended.",
            "PI-RADS 5 lesion with possible extraprostatic extension.",
        ),
        eponyms=(
            "The lesion corresponds to the site of prior biopsy with Gleason score 3+4=7 disease.",
            "Prior biopsy showed Gleason 3+3 cancer in the {side} apex.",
        ),
        priors=("MRI prostate", "prostate biopsy"),
    ),
    # ------------------------------------------------------------------------ msk
    _Exam(
        code="MR_KNEE",
        report_type="msk",
        modality="MR",
        titles=("MRI KNEE WITHOUT CONTRAST", "MR {side_upper} KNEE WO CONTRAST", "MRI {side_upper} KNEE"),
        indications=("knee pain after twisting injury", "locking of the knee", "medial knee pain", "instability"),
        technique=("Multiplanar proton density and T2 fat-saturated images of the {side} knee.",),
        findings=(
            (
                "Menisci",
                (
                    "The menisci are intact.",
                    "Oblique tear of the posterior horn of the medial meniscus extending to the inferior articular surface.",
                    "Possible small radial tear of the body of the lateral meniscus.",
                ),
            ),
            (
                "Ligaments",
                (
                    "The cruciate and collateral ligaments are intact.",
                    "Complete tear of the anterior cruciate ligament.",
                    "Grade 2 sprain of the medial collateral ligament.",
                ),
            ),
            (
                "Cartilage and bone",
                (
                    "Articular cartilage is preserved. No bone marrow edema.",
                    "Bone contusions of the lateral femoral condyle and posterolateral tibial plateau.",
                ),
            ),
            ("Joint", ("No joint effusion.", "Moderate joint effusion.")),
        ),
        impressions=(
            "No internal derangement of the knee.",
            "Complete ACL tear with pivot shift pattern bone contusions.",
            "Tear of the posterior horn of the medial meniscus.",
        ),
        eponyms=(
            "Small Baker cyst measuring {m2}.",
            "Ruptured Baker cyst with fluid tracking into the calf.",
            "Avulsion fragment at the lateral tibial plateau, a Segond fracture.",
            "Edema in the Hoffa fat pad.",
            "Intact meniscofemoral ligament of Wrisberg.",
        ),
        priors=("knee radiographs", "MRI knee"),
    ),
    _Exam(
        code="MR_SHOULDER",
        report_type="msk",
        modality="MR",
        titles=("MRI SHOULDER WITHOUT CONTRAST", "MR {side_upper} SHOULDER WO", "MR ARTHROGRAM {side_upper} SHOULDER"),
        indications=("shoulder dislocation", "shoulder pain and weakness", "recurrent instability"),
        technique=("Multiplanar MR images of the {side} shoulder.",),
        findings=(
            (
                "Rotator cuff",
                (
                    "The rotator cuff tendons are intact.",
                    "Full-thickness tear of the supraspinatus tendon with {mm} retraction.",
                    "Supraspinatus tendinosis without tear.",
                ),
            ),
            ("Labrum", ("The labrum is intact.", "Tear of the anteroinferior labrum.", "SLAP tear extending into the biceps anchor.")),
            ("Joint", ("No joint effusion.", "Small glenohumeral joint effusion.")),
        ),
        impressions=(
            "No rotator cuff tear.",
            "Full-thickness supraspinatus tear.",
            "Anteroinferior labral tear, sequelae of prior anterior dislocation.",
        ),
        eponyms=(
            "Anteroinferior labral tear consistent with a Bankart lesion.",
            "Posterolateral humeral head impaction, compatible with a Hill-Sachs lesion.",
            "No Hill-Sachs deformity. No bony Bankart fragment.",
        ),
        priors=("shoulder radiographs", "MRI shoulder"),
    ),
    _Exam(
        code="XR_WRIST",
        report_type="msk",
        modality="XR",
        titles=("XR WRIST 3 VIEWS", "XR {side_upper} WRIST COMPLETE", "RADIOGRAPHS {side_upper} WRIST"),
        indications=("fall on outstretched hand", "wrist pain and swelling", "follow-up fracture after casting"),
        technique=("PA, oblique and lateral views of the {side} wrist.", "Three views of the {side} wrist."),
        findings=(
            (
                "Bones",
                (
                    "No acute fracture or dislocation.",
                    "Comminuted intra-articular fracture of the distal radius with 3 mm step-off.",
                    "Nondisplaced fracture of the scaphoid waist.",
                ),
            ),
            ("Soft tissues", ("Soft tissues are unremarkable.", "Dorsal soft tissue swelling.")),
        ),
        impressions=(
            "No acute osseous abnormality.",
            "Distal radius fracture as described.",
            "Scaphoid waist fracture.",
        ),
        eponyms=(
            "Dorsally angulated extra-articular distal radius fracture, consistent with a Colles fracture.",
            "Volar angulation of the distal fragment, compatible with a Smith fracture.",
            "Distal radius fracture with disruption of the distal radioulnar joint (Galeazzi fracture-dislocation).",
            "Healed Colles fracture.",
        ),
        priors=("wrist radiographs", "CT wrist"),
    ),
    _Exam(
        code="XR_FOREARM",
        report_type="msk",
        modality="XR",
        titles=("XR FOREARM 2 VIEWS", "XR {side_upper} FOREARM", "XR {side_upper} ELBOW 3 VIEWS"),
        indications=("fall, forearm deformity", "elbow pain after fall"),
        technique=("AP and lateral views of the {side} forearm.",),
        findings=(
            (
                "Bones",
                (
                    "No fracture.",
                    "Displaced fracture of the proximal ulnar shaft.",
                    "Fracture of the distal third of the radial shaft.",
                ),
            ),
            ("Joints", ("The radiocapitellar line is intact.", "Anterior dislocation of the radial head.")),
        ),
        impressions=("No acute fracture.", "Forearm fracture-dislocation as described."),
        eponyms=(
            "Proximal ulnar fracture with radial head dislocation, a Monteggia fracture-dislocation.",
            "Distal radial shaft fracture with DRUJ dislocation, a Galeazzi fracture.",
            "No Monteggia or Galeazzi pattern.",
        ),
        priors=("forearm radiographs", "elbow radiographs"),
    ),
    _Exam(
        code="XR_FOOT",
        report_type="msk",
        modality="XR",
        titles=("XR FOOT 3 VIEWS", "XR {side_upper} FOOT COMPLETE", "XR {side_upper} FOOT WEIGHT BEARING"),
        indications=("inversion injury", "midfoot pain", "lateral foot pain after running"),
        technique=("AP, oblique and lateral views of the {side} foot.",),
        findings=(
            (
                "Bones",
                (
                    "No acute fracture.",
                    "Transverse fracture at the base of the fifth metatarsal.",
                    "Widening between the first and second metatarsal bases.",
                ),
            ),
            ("Alignment", ("Alignment is anatomic.", "Dorsal subluxation at the tarsometatarsal joints.")),
        ),
        impressions=("No acute fracture.", "Fracture of the fifth metatarsal base.", "Midfoot ligamentous injury."),
        eponyms=(
            "Fracture at the metaphyseal-diaphyseal junction of the fifth metatarsal, a Jones fracture.",
            "Widening of the first intermetatarsal space, concerning for Lisfranc injury.",
            "The Lisfranc joint is congruent.",
        ),
        priors=("foot radiographs", "ankle radiographs"),
    ),
    _Exam(
        code="XR_KNEE",
        report_type="msk",
        modality="XR",
        titles=("XR KNEE 3 VIEWS", "XR {side_upper} KNEE", "RADIOGRAPHS {side_upper} KNEE 4 VIEWS"),
        indications=("knee pain", "anterior knee pain in an athlete", "twisting injury"),
        technique=("AP, lateral and sunrise views of the {side} knee.",),
        findings=(
            (
                "Bones",
                (
                    "No fracture.",
                    "Moderate medial compartment joint space narrowing with osteophytes.",
                    "Fragmentation of the tibial tubercle.",
                ),
            ),
            ("Joint", ("No joint effusion.", "Small suprapatellar joint effusion.")),
        ),
        impressions=("No acute osseous abnormality.", "Moderate medial compartment osteoarthritis."),
        eponyms=(
            "Fragmentation of the tibial tubercle with overlying soft tissue swelling, compatible with Osgood-Schlatter disease.",
            "Small avulsion fracture of the lateral tibial plateau (Segond fracture), associated with ACL tear.",
        ),
        priors=("knee radiographs", "MRI knee"),
    ),
    # ------------------------------------------------------------------------ breast
    _Exam(
        code="MG_SCREEN",
        report_type="breast",
        modality="MG",
        sex="F",
        ages=(40, 89),
        weight=2,
        titles=("SCREENING MAMMOGRAM BILATERAL WITH TOMOSYNTHESIS", "MAMMO SCREENING BILATERAL DIGITAL"),
        indications=("routine screening", "annual screening mammogram", "screening, family history of breast cancer"),
        technique=(
            "Bilateral CC and MLO views with digital breast tomosynthesis.",
            "Bilateral digital mammography with tomosynthesis. Assessment per the [guideline:ACR BI-RADS Atlas].",
        ),
        findings=(
            (
                "Breast composition",
                (
                    "The breasts are heterogeneously dense, which may obscure small masses.",
                    "There are scattered areas of fibroglandular density.",
                    "The breasts are almost entirely fatty.",
                ),
            ),
            (
                "Findings",
                (
                    "No suspicious mass, architectural distortion or calcifications.",
                    "Possible asymmetry in the {side} breast upper outer quadrant, seen on the CC view only.",
                    "Stable benign-appearing calcifications in the {side} breast.",
                ),
            ),
        ),
        impressions=(
            "BI-RADS 1: Negative. Recommend annual screening mammography.",
            "BI-RADS 2: Benign. Recommend annual screening mammography.",
            "BI-RADS 0: Incomplete. Additional imaging evaluation of the {side} breast is recommended.",
        ),
        eponyms=(
            "No nipple retraction or skin change to suggest Paget disease of the nipple.",
            "Cooper ligaments are not distorted.",
        ),
        priors=("screening mammogram", "diagnostic mammogram"),
    ),
    _Exam(
        code="MG_DIAG",
        report_type="breast",
        modality="MG",
        sex="F",
        ages=(30, 89),
        titles=("DIAGNOSTIC MAMMOGRAM {side_upper}", "MAMMO DIAGNOSTIC UNILATERAL"),
        indications=("palpable lump", "callback from screening", "nipple discharge", "focal breast pain"),
        technique=("Spot compression and magnification views of the {side} breast.",),
        findings=(
            (
                "Findings",
                (
                    "The screening asymmetry resolves on spot compression views.",
                    "Irregular mass with spiculated margins at 2 o'clock, 6 cm from the nipple, measuring {m1}.",
                    "Grouped amorphous calcifications spanning {m1} in the {side} breast.",
                ),
            ),
        ),
        impressions=(
            "BI-RADS 1: Negative.",
            "BI-RADS 3: Probably benign. Recommend short-interval follow-up diagnostic mammogram in 6 months.",
            "BI-RADS 4A: Low suspicion for malignancy. Stereotactic biopsy recommended.",
            "BI-RADS 5: Highly suggestive of malignancy. Ultrasound-guided biopsy recommended.",
        ),
        eponyms=(
            "Skin thickening and nipple changes; clinical evaluation for Paget disease of the nipple is recommended.",
            "Architectural distortion with tethering of Cooper ligaments.",
        ),
        priors=("screening mammogram", "breast ultrasound"),
    ),
    _Exam(
        code="US_BREAST",
        report_type="breast",
        modality="US",
        sex="F",
        ages=(25, 89),
        titles=("ULTRASOUND {side_upper} BREAST LIMITED", "US BREAST TARGETED"),
        indications=("palpable lump", "mammographic mass", "follow-up of probably benign mass"),
        technique=("Targeted grayscale and color Doppler ultrasound of the {side} breast.",),
        findings=(
            (
                "Findings",
                (
                    "No solid or cystic mass in the area of palpable concern.",
                    "Oval circumscribed hypoechoic mass at 10 o'clock, 4 cm from the nipple, measuring {m3}, likely fibroadenoma.",
                    "Irregular hypoechoic mass with angular margins at 2 o'clock measuring {m2}.",
                    "Simple cyst at 12 o'clock measuring {m1}.",
                ),
            ),
            ("Axilla", ("No abnormal axillary lymph nodes.", "{Side} axillary node with cortical thickening of 4 mm.")),
        ),
        impressions=(
            "BI-RADS 1: Negative.",
            "BI-RADS 2: Benign simple cyst.",
            "BI-RADS 3: Probably benign; 6-month follow-up ultrasound.",
            "BI-RADS 4B: Moderate suspicion for malignancy. Ultrasound-guided core biopsy recommended.",
        ),
        eponyms=("The mass does not disrupt the Cooper ligaments.",),
        priors=("diagnostic mammogram", "breast ultrasound"),
    ),
    _Exam(
        code="MR_BREAST",
        report_type="breast",
        modality="MR",
        contrast=True,
        sex="F",
        ages=(30, 80),
        titles=("MRI BREAST BILATERAL WITH AND WITHOUT CONTRAST",),
        indications=("high-risk screening", "extent of disease, newly diagnosed breast cancer"),
        technique=("Bilateral breast MRI with dynamic contrast-enhanced sequences and subtraction images.",),
        findings=(
            (
                "Background",
                ("Minimal background parenchymal enhancement.", "Moderate background parenchymal enhancement."),
            ),
            (
                "Findings",
                (
                    "No suspicious enhancement.",
                    "Irregular enhancing mass in the {side} breast measuring {m2} with washout kinetics {img}.",
                    "Clumped non-mass enhancement spanning {m1} in the {side} breast.",
                ),
            ),
        ),
        impressions=(
            "BI-RADS 1: Negative.",
            "BI-RADS 6: Known biopsy-proven malignancy.",
            "BI-RADS 4C: High suspicion. MRI-guided biopsy recommended.",
        ),
        eponyms=("Biopsy-proven Paget disease of the nipple with underlying enhancement.",),
        priors=("breast MRI", "diagnostic mammogram"),
    ),
    # ------------------------------------------------------------------------ ultrasound
    _Exam(
        code="US_THYROID",
        report_type="ultrasound",
        modality="US",
        titles=("US THYROID", "ULTRASOUND THYROID AND NECK"),
        indications=("palpable neck nodule", "follow-up of thyroid nodules", "hyperthyroidism", "hypothyroidism"),
        technique=(
            "Grayscale and color Doppler ultrasound of the thyroid gland.",
            "Grayscale and color Doppler ultrasound of the thyroid; nodules are scored with [guideline:ACR TI-RADS].",
        ),
        weight=2,
        findings=(
            (
                "Right lobe",
                (
                    "The right lobe measures {m3}, normal in size and echotexture.",
                    "A solid hypoechoic nodule in the right lobe measuring {m3} with irregular margins, TI-RADS TR5.",
                    "A mixed cystic and solid isoechoic nodule in the right lobe measuring {m3}, ACR TI-RADS TR3.",
                    "A solid hypoechoic nodule with punctate echogenic foci measuring {m1} {img}, TR4.",
                ),
            ),
            (
                "Left lobe",
                (
                    "The left lobe measures {m3}, normal in size.",
                    "A spongiform nodule in the left lobe measuring {m1}, TI-RADS TR1.",
                    "A solid hypoechoic nodule in the left lobe measuring {m1}, TI-RADS category TR4 (5 points).",
                ),
            ),
            ("Isthmus", ("The isthmus measures 3 mm.", "The isthmus measures 6 mm.")),
        ),
        impressions=(
            "Normal thyroid ultrasound.",
            "Right lobe nodule, ACR TI-RADS TR5; fine-needle aspiration recommended.",
            "Left lobe nodule, TI-RADS TR2; no further follow-up.",
            "TI-RADS TR4 nodule measuring {m1}; FNA is recommended.",
            "TR3 nodule; follow-up ultrasound in 1 year.",
        ),
        eponyms=(
            "Diffusely enlarged hypervascular gland, compatible with Graves disease.",
            "Heterogeneous, coarsened echotexture with micronodularity, typical of Hashimoto thyroiditis.",
            "No sonographic features of Hashimoto thyroiditis.",
        ),
        priors=("thyroid ultrasound", "CT neck"),
    ),
    _Exam(
        code="US_RUQ",
        report_type="ultrasound",
        modality="US",
        titles=("US ABDOMEN RIGHT UPPER QUADRANT", "ULTRASOUND LIVER WITH DOPPLER", "US ABDOMEN COMPLETE"),
        indications=(
            "right upper quadrant pain",
            "elevated liver enzymes",
            "hepatocellular carcinoma surveillance in cirrhosis",
            "abdominal distension",
        ),
        technique=("Real-time grayscale and color Doppler ultrasound of the right upper quadrant.",),
        findings=(
            (
                "Liver",
                (
                    "The liver is normal in size and echotexture.",
                    "Diffusely increased hepatic echogenicity, compatible with steatosis.",
                    "Nodular liver contour. A {m1} hypoechoic observation in the right lobe.",
                ),
            ),
            (
                "Gallbladder",
                (
                    "No gallstones or gallbladder wall thickening.",
                    "Cholelithiasis with gallbladder wall thickening to {mm} and pericholecystic fluid.",
                    "Possible gallbladder sludge.",
                ),
            ),
            ("Bile ducts", ("The common bile duct measures 4 mm.", "The common bile duct is dilated to {mm}.")),
        ),
        impressions=(
            "Normal right upper quadrant ultrasound.",
            "Acute calculous cholecystitis.",
            "Hepatic steatosis.",
            "US LI-RADS category US-3 observation; multiphase MRI recommended.",
        ),
        eponyms=(
            "Positive sonographic Murphy sign.",
            "Negative sonographic Murphy sign.",
            "Hepatic veins are patent with phasic flow; no evidence of Budd-Chiari syndrome.",
            "Small amount of fluid in Morison pouch.",
        ),
        priors=("abdominal ultrasound", "CT abdomen", "MRI liver"),
    ),
    _Exam(
        code="US_RENAL",
        report_type="ultrasound",
        modality="US",
        titles=("US RENAL BILATERAL", "ULTRASOUND KIDNEYS AND BLADDER"),
        indications=("acute kidney injury", "hematuria", "flank pain", "recurrent urinary tract infections"),
        technique=("Grayscale and color Doppler ultrasound of the kidneys and bladder.",),
        findings=(
            (
                "Right kidney",
                ("The right kidney measures 11.2 cm without hydronephrosis.", "Mild right hydronephrosis."),
            ),
            (
                "Left kidney",
                (
                    "The left kidney measures 10.9 cm without hydronephrosis.",
                    "A {m1} simple cyst in the left lower pole.",
                    "A {mm} echogenic shadowing focus in the left kidney, compatible with calculus.",
                ),
            ),
            ("Bladder", ("The bladder is unremarkable.", "Bladder wall thickening; post-void residual 180 mL.")),
        ),
        impressions=("Normal renal ultrasound.", "Mild right hydronephrosis.", "Nonobstructing left renal calculus."),
        eponyms=(
            "Perinephric fluid confined by the Gerota fascia.",
            "Septated cyst in the left kidney; CT or MRI is recommended for Bosniak classification.",
        ),
        priors=("renal ultrasound", "CT abdomen"),
    ),
    _Exam(
        code="US_PELVIS",
        report_type="ultrasound",
        modality="US",
        sex="F",
        ages=(18, 75),
        titles=("US PELVIS TRANSABDOMINAL AND TRANSVAGINAL", "ULTRASOUND PELVIS COMPLETE"),
        indications=("pelvic pain", "abnormal uterine bleeding", "adnexal mass on CT"),
        technique=("Transabdominal and transvaginal grayscale and Doppler imaging of the pelvis.",),
        findings=(
            (
                "Uterus",
                (
                    "The uterus measures {m3}. Endometrial stripe measures 6 mm.",
                    "Enlarged fibroid uterus; dominant intramural fibroid measures {m1}.",
                ),
            ),
            (
                "Ovaries",
                (
                    "Both ovaries are normal with normal arterial and venous flow.",
                    "A {m1} simple cyst in the {side} ovary.",
                    "Complex {side} adnexal mass measuring {m2} with internal vascularity.",
                ),
            ),
        ),
        impressions=("Normal pelvic ultrasound.", "Fibroid uterus.", "Complex {side} adnexal mass; MRI recommended."),
        eponyms=(
            "Small volume free fluid in the Douglas pouch.",
            "No free fluid in the pouch of Douglas.",
            "Nabothian cysts in the cervix.",
        ),
        priors=("pelvic ultrasound", "CT abdomen and pelvis"),
    ),
    # ------------------------------------------------------------------------ nuclear
    _Exam(
        code="NM_BONE",
        report_type="nuclear",
        modality="NM",
        titles=("NM BONE SCAN WHOLE BODY", "WHOLE BODY BONE SCINTIGRAPHY"),
        indications=(
            "staging of prostate cancer",
            "elevated alkaline phosphatase",
            "diffuse bone pain",
            "breast cancer restaging",
        ),
        technique=("Whole body planar images were obtained 3 hours after intravenous injection of {radiotracer}.",),
        findings=(
            (
                "Skeleton",
                (
                    "Physiologic radiotracer distribution. No suspicious osseous uptake.",
                    "Multiple foci of increased uptake in the spine, ribs and pelvis.",
                    "Degenerative uptake in the knees and lower lumbar spine.",
                ),
            ),
        ),
        impressions=(
            "No scintigraphic evidence of osseous metastatic disease.",
            "Widespread osseous metastases.",
            "Degenerative changes only.",
        ),
        eponyms=(
            "Intense uptake throughout the expanded {side} hemipelvis, typical of Paget disease.",
            "Uptake pattern is not typical of Paget disease of bone.",
        ),
        priors=("bone scan", "CT chest abdomen pelvis"),
    ),
    _Exam(
        code="PET_CT",
        report_type="nuclear",
        modality="NM",
        titles=("PET/CT SKULL BASE TO MID THIGH", "FDG PET-CT WHOLE BODY"),
        indications=(
            "lymphoma staging",
            "restaging after chemotherapy",
            "lung nodule characterization",
            "melanoma surveillance",
        ),
        technique=(
            "{radiotracer} was administered intravenously. After a 60-minute uptake period, PET and low-dose CT were acquired. Blood glucose 98 mg/dL.",
        ),
        findings=(
            (
                "Head and neck",
                (
                    "No hypermetabolic cervical lymph nodes.",
                    "Hypermetabolic {side} level III node, SUVmax 8.4, measuring {mm}.",
                ),
            ),
            (
                "Chest",
                (
                    "No hypermetabolic pulmonary or mediastinal lesions.",
                    "Bulky hypermetabolic mediastinal adenopathy, SUVmax 12.1.",
                ),
            ),
            (
                "Abdomen and pelvis",
                ("Physiologic activity only.", "Hypermetabolic retroperitoneal nodes, SUVmax 9.3."),
            ),
        ),
        impressions=(
            "No FDG-avid disease.",
            "FDG-avid lymphadenopathy above and below the diaphragm.",
            "Complete metabolic response, Deauville score 2.",
        ),
        eponyms=(
            "Findings compatible with known Hodgkin lymphoma, stage II.",
            "Interval response of known non-Hodgkin lymphoma; residual uptake is Deauville 3.",
            "Hypermetabolic {side} supraclavicular Virchow node.",
        ),
        priors=("PET/CT", "CT chest abdomen pelvis"),
    ),
    _Exam(
        code="NM_MECKEL",
        report_type="nuclear",
        modality="NM",
        ages=(2, 16),
        elderly=False,
        titles=("NM MECKEL DIVERTICULUM SCAN", "MECKEL SCAN (TC-99M PERTECHNETATE)"),
        indications=("painless rectal bleeding", "lower GI bleeding", "anemia and heme-positive stool"),
        technique=("Dynamic imaging of the abdomen for 60 minutes after intravenous {radiotracer}.",),
        findings=(
            (
                "Findings",
                (
                    "Normal activity in the stomach, bladder and kidneys. No focal ectopic uptake.",
                    "Focal uptake in the right lower quadrant appearing with gastric activity and persisting.",
                ),
            ),
        ),
        impressions=("No scintigraphic evidence of ectopic gastric mucosa.", "Positive study."),
        eponyms=(
            "Focal right lower quadrant uptake, compatible with a Meckel diverticulum containing ectopic gastric mucosa.",
            "Negative Meckel scan.",
        ),
        priors=("abdominal radiograph", "ultrasound abdomen"),
    ),
    _Exam(
        code="NM_THYROID",
        report_type="nuclear",
        modality="NM",
        titles=("NM THYROID UPTAKE AND SCAN", "I-123 THYROID UPTAKE AND SCAN"),
        indications=("hyperthyroidism", "suppressed TSH", "thyroid nodule with low TSH"),
        technique=("Imaging of the thyroid after oral administration of {radiotracer}; uptake measured at 4 and 24 hours.",),
        findings=(
            (
                "Uptake",
                ("The 24-hour uptake is 22% (normal 10-30%).", "The 24-hour uptake is elevated at 61%."),
            ),
            (
                "Scan",
                (
                    "Homogeneous tracer distribution.",
                    "Focal hot nodule in the {side} lobe with suppression of the remaining gland.",
                ),
            ),
        ),
        impressions=("Normal thyroid uptake and scan.", "Toxic adenoma in the {side} lobe."),
        eponyms=(
            "Diffusely increased uptake, consistent with Graves disease.",
            "Low, patchy uptake, which can be seen with Hashimoto thyroiditis.",
        ),
        priors=("thyroid ultrasound", "thyroid scan"),
    ),
    # ------------------------------------------------------------------------ fluoroscopy
    _Exam(
        code="FL_ESOPHAGRAM",
        report_type="fluoroscopy",
        modality="FL",
        titles=("ESOPHAGRAM (BARIUM SWALLOW)", "FL UPPER GI SERIES", "MODIFIED BARIUM SWALLOW"),
        indications=("dysphagia to solids", "globus sensation", "regurgitation of undigested food", "reflux"),
        technique=("Double and single contrast esophagram with thin barium and a 13 mm barium tablet.",),
        findings=(
            (
                "Esophagus",
                (
                    "Normal esophageal motility and mucosa.",
                    "Tertiary contractions in the distal esophagus.",
                    "Small sliding hiatal hernia with gastroesophageal reflux to the thoracic inlet.",
                ),
            ),
            ("Stomach and duodenum", ("Normal.", "Mild duodenal fold thickening.")),
        ),
        impressions=("Normal esophagram.", "Esophageal dysmotility.", "Hiatal hernia with reflux."),
        eponyms=(
            "Thin ring at the gastroesophageal junction, a Schatzki ring, which impeded passage of the barium tablet.",
            "Posterior outpouching above the cricopharyngeus, compatible with a Zenker diverticulum measuring {m1}.",
            "Reticular mucosal pattern in the distal esophagus; correlate for Barrett esophagus.",
            "No Zenker diverticulum.",
        ),
        priors=("esophagram", "upper GI series", "CT chest"),
    ),
    _Exam(
        code="FL_SBFT",
        report_type="fluoroscopy",
        modality="FL",
        titles=("SMALL BOWEL FOLLOW-THROUGH", "FL SMALL BOWEL SERIES"),
        indications=("chronic diarrhea", "abdominal pain, suspected inflammatory bowel disease", "iron deficiency anemia"),
        technique=("Serial images of the small bowel after oral barium; total transit time 75 minutes.",),
        findings=(
            (
                "Small bowel",
                (
                    "Normal caliber and fold pattern.",
                    "Narrowing of the terminal ileum with a string sign and separation of adjacent loops.",
                ),
            ),
        ),
        impressions=("Normal small bowel follow-through.", "Terminal ileal stricture."),
        eponyms=(
            "Terminal ileal narrowing with cobblestoning, typical of Crohn disease.",
            "No Meckel diverticulum identified.",
        ),
        priors=("small bowel follow-through", "CT enterography"),
    ),
    # ------------------------------------------------------------------------ vascular
    _Exam(
        code="US_CAROTID",
        report_type="vascular",
        modality="US",
        titles=("US CAROTID DUPLEX BILATERAL", "CAROTID DOPPLER ULTRASOUND"),
        indications=("carotid bruit", "transient ischemic attack", "preoperative evaluation before CABG"),
        technique=("Grayscale, color and spectral Doppler ultrasound of both carotid and vertebral arteries.",),
        findings=(
            (
                "Right",
                (
                    "Peak systolic velocity in the right ICA is 88 cm/s. Mild plaque.",
                    "Heterogeneous plaque with PSV of 245 cm/s in the right ICA.",
                ),
            ),
            (
                "Left",
                (
                    "Peak systolic velocity in the left ICA is 76 cm/s. No plaque.",
                    "Calcified plaque with PSV of 140 cm/s in the left ICA.",
                ),
            ),
            ("Vertebrals", ("Antegrade flow in both vertebral arteries.", "Retrograde flow in the left vertebral artery.")),
        ),
        impressions=(
            "Less than 50% stenosis of both internal carotid arteries.",
            "70% or greater stenosis of the right ICA.",
            "50-69% stenosis of the left ICA.",
        ),
        eponyms=(),
        priors=("carotid ultrasound", "CTA neck"),
    ),
    _Exam(
        code="US_LE_VENOUS",
        report_type="vascular",
        modality="US",
        titles=("US VENOUS DOPPLER LOWER EXTREMITY {side_upper}", "DUPLEX ULTRASOUND {side_upper} LEG VEINS"),
        indications=("leg swelling", "calf pain", "elevated D-dimer"),
        technique=("Compression and Doppler ultrasound of the {side} lower extremity deep veins.",),
        findings=(
            (
                "Deep veins",
                (
                    "The common femoral, femoral and popliteal veins are compressible with normal flow.",
                    "Occlusive thrombus in the popliteal vein extending into the posterior tibial veins.",
                ),
            ),
        ),
        impressions=("No deep venous thrombosis.", "Acute deep venous thrombosis of the {side} popliteal vein."),
        eponyms=(
            "A {m2} Baker cyst in the popliteal fossa.",
            "Ruptured Baker cyst with fluid dissecting into the medial calf.",
        ),
        priors=("venous duplex", "CTA chest"),
    ),
    # ------------------------------------------------------------------------ pediatric
    _Exam(
        code="XR_PELVIS_PEDS",
        report_type="pediatric",
        modality="XR",
        ages=(3, 14),
        elderly=False,
        titles=("XR PELVIS AP AND FROG LEG", "XR HIPS PEDIATRIC 2 VIEWS"),
        indications=("limp", "hip pain", "knee pain, evaluate hips"),
        technique=("AP and frog-leg lateral views of the pelvis.",),
        findings=(
            (
                "Hips",
                (
                    "The femoral heads are normally located and symmetric in size and density.",
                    "Flattening and sclerosis of the {side} femoral capital epiphysis.",
                    "Widening of the {side} proximal femoral physis with posterior slippage.",
                ),
            ),
        ),
        impressions=("Normal pelvis.", "{Side} femoral head osteonecrosis.", "{Side} slipped capital femoral epiphysis."),
        eponyms=(
            "Flattening and fragmentation of the {side} femoral head, compatible with Legg-Calve-Perthes disease.",
            "No radiographic sign of Legg-Calve-Perthes disease.",
            "Physeal widening, a Salter-Harris type I injury pattern.",
        ),
        priors=("pelvis radiographs", "hip ultrasound"),
    ),
    _Exam(
        code="US_ABD_PEDS",
        report_type="pediatric",
        modality="US",
        ages=(1, 10),
        elderly=False,
        titles=("US ABDOMEN PEDIATRIC", "ULTRASOUND ABDOMEN AND RETROPERITONEUM (PEDIATRIC)"),
        indications=("palpable abdominal mass", "abdominal distension", "hematuria"),
        technique=("Grayscale and color Doppler ultrasound of the abdomen.",),
        findings=(
            (
                "Kidneys",
                (
                    "Both kidneys are normal in size and echogenicity.",
                    "Large heterogeneous solid mass arising from the {side} kidney measuring {m3}.",
                ),
            ),
            ("Vessels", ("The IVC and renal veins are patent.", "Tumor thrombus extends into the {side} renal vein.")),
        ),
        impressions=("Normal abdominal ultrasound.", "Large {side} renal mass. CT or MRI for staging recommended."),
        eponyms=(
            "Large solid {side} renal mass with a claw sign, most likely a Wilms tumor.",
            "Post-nephrectomy bed is clear in this patient with prior Wilms tumor.",
        ),
        priors=("abdominal ultrasound", "abdominal radiograph"),
    ),
)

# Past history; eponymous diseases are dealt from a shuffled deck so each appears regularly.
_PMH: tuple[str, ...] = (
    "Hodgkin lymphoma in remission",
    "Hodgkin disease treated with mantle radiation",
    "non-Hodgkin lymphoma",
    "Parkinson disease",
    "Crohn disease",
    "Barrett esophagus",
    "Paget disease of bone",
    "Graves disease",
    "Hashimoto thyroiditis",
    "Cushing syndrome",
    "Addison disease",
    "Alzheimer dementia",
    "Huntington disease",
    "Budd-Chiari syndrome",
    "Wilms tumor in childhood",
    "prostate cancer, Gleason score 4+3",
    "hypertension",
    "type 2 diabetes",
    "COPD",
    "congestive heart failure",
    "atrial fibrillation on apixaban",
    "chronic kidney disease stage 3",
    "breast cancer status post lumpectomy",
    "40 pack-year smoking history",
    "cirrhosis",
    "coronary artery disease status post stenting",
    "rheumatoid arthritis",
    "HIV on antiretroviral therapy",
    "status post Whipple procedure",
    "status post Nissen fundoplication",
    "Roux-en-Y gastric bypass",
)

_HISTORY: tuple[str, ...] = (
    "{Age_adj} {sex_word} with {indication}.",
    "{Age_adj} {sex_word} with history of {pmh}, now with {indication}.",
    "{age_short} with hx of {pmh} presenting with {indication} per {ref}.",
    "{Indication}.",
    "{Indication}. History of {pmh}.",
    "{Indication}; ordered by {ref}.",
    "{pt} is a {age_adj} {sex_word} who presents with {indication} since {past_date}.",
    "Patient {pt}, {age_pred}, with {indication}.",
    "Fall at home on {past_date} at approximately {time}. {Indication}.",
    "Transferred from {org_ext} on {past_date} for {indication}.",
    "{Indication}. Outside imaging at {org_ext} on {past_date} reportedly abnormal; images not available.",
    "History of {pmh} diagnosed in {month_year}. Now with {indication}.",
    "Per {nurse}, patient reports {indication} beginning on {ordinal}.",
    "{Indication}. Patient's {relative} can be reached at {rel_phone} for scheduling.",
    "Known {pmh}. Referred by {ref} ({clinic}).",
    "Preoperative evaluation before surgery scheduled for {future_date} with {ref}. {Indication}.",
    "Seen in the emergency department on {past_date} at {time} for {indication}.",
    "{Indication}. {vital}, {vital}.",
    "{Age_adj} {sex_letter}. {Indication}. Symptoms started {past_date}.",
    "Reason for exam: {indication}. Ordering provider: {app}.",
    "{Indication} x 3 days. PMH: {pmh}. Please call results to {ref} at {ref_phone}.",
    "{Age_adj} {sex_word}, resident of {org_ext}, with {indication}.",
    "Follow-up of abnormality seen on {prior_exam} dated {prior_date}. History of {pmh}.",
    "{Indication} after motor vehicle collision on {past_date}.",
    "{Age_adj} {sex_word} with {pmh}, on treatment since {month_year}; {indication}.",
    "Clinical concern for {indication}. Please compare with outside study from {org_ext}.",
    "{Indication}. Patient states symptoms are worse since {ordinal}.",
    "Inpatient, admitted {past_date} to {org}. {Indication}.",
    "{Indication}. Patient seen in clinic by {app} on {past_date}.",
    "{Indication}; {vital}. Hx {pmh}.",
    "ED triage note ({past_date} {time}): {indication}.",
    "{Indication} in a {age_adj} with {pmh}.",
    "Evaluate for {indication}. {ref} requests comparison with prior imaging.",
    "{Indication}. Patient is {age_pred}. Lives with {relative}.",
    "Provided history: {indication}. Additional history obtained from {relative} by telephone at {rel_phone}.",
    "{Indication}. Second opinion requested by {ref} of {org_ext}.",
    "{Age_adj} {sex_word} with {indication}. Prior workup at {org_ext} in {month_year}.",
    "Re-evaluation of {indication}. Last seen {past_date}.",
    "{Indication}. {lab} on {past_date}.",
    "{Age_adj} {sex_word} with {indication}; {pronoun} is accompanied by {relative}.",
    "{Indication}. See note by {ref} dated {past_date}.",
    "{age_pred_cap} {sex_word}; {indication}. History of {pmh}.",
    "{pt_title}, a {age_adj} with {pmh}, presents with {indication}.",
)

_COMPARISON: tuple[str, ...] = (
    "None.",
    "None available.",
    "No prior studies available for comparison.",
    "{prior_exam} dated {prior_date}.",
    "{Prior_exam} {prior_date}.",
    "{prior_date} {prior_exam}.",
    "{Prior_exam} from {prior_date} and {prior_exam} from {prior_date2}.",
    "Comparison is made to {prior_exam} performed at {org_ext} on {prior_date}.",
    "Prior {prior_exam} of {prior_date} (accession {acc_prior}).",
    "Outside {prior_exam} from {org_ext}, dated {prior_date}, uploaded to PACS.",
    "Most recent {prior_exam} on {prior_date} at {time}.",
    "{Prior_exam}, {prior_date}; {prior_exam}, {prior_date2}.",
    "Multiple prior examinations, most recently {prior_exam} dated {prior_date}.",
    "{Prior_exam} performed {prior_date} at this institution.",
    "Report only from {org_ext} dated {prior_date}; images unavailable.",
    "Prior exam ({prior_date}) reviewed.",
    "{Prior_exam} obtained earlier the same day at {time}.",
    "{Prior_exam} from {month_year}.",
    "Correlation made with {prior_exam} {prior_date} (Acc# {acc_prior}).",
    "Prior {prior_exam} dated {prior_date}, read by {rad_other}.",
    "{Prior_exam} {prior_date}, {prior_exam} {prior_date2} and {prior_exam} {prior_date3}.",
    "None. Outside films from {org_ext} were requested by {nurse}.",
    "Same-day {prior_exam}.",
    "{Prior_exam} of {prior_date} and clinic note of {past_date}.",
    "Prior {prior_exam} at {org_ext} ({prior_date}).",
    "No relevant prior imaging. {Prior_exam} from {prior_date} covers a different body region.",
    "Baseline {prior_exam} dated {prior_date}.",
    "{Prior_exam}: {prior_date}.",
    "{Prior_exam} dated {prior_date}, obtained at {org}.",
    "{Prior_exam} {prior_date} at {time} (accession number {acc_prior}).",
    "Compared to {prior_exam} of {prior_date}, performed at {org_ext}, {ext_city}.",
    "{Prior_exam} from {org_ext} on {prior_date}, report reviewed in the shared record.",
    "{Prior_exam} ({prior_date}) and {prior_exam} ({prior_date2}).",
    "Prior {prior_exam} dated {prior_date}, interpreted by {rad_other} at {org_ext}.",
    "{Prior_exam} dated {prior_date}. Outside report faxed from {ext_fax}.",
    "Comparison {prior_exam} {prior_date} {time}.",
    "{Prior_exam} {prior_date} (Acc {acc_prior}) and {prior_exam} {prior_date2}.",
    "Prior imaging from {month_year} at {org_ext} is not available for direct comparison.",
    "{Prior_exam} dated {prior_date} per the report of {rad_other}.",
    "Prior outside {prior_exam} ({org_ext}, {ext_city}) dated {prior_date}.",
    "Most recent prior: {prior_exam} on {prior_date}. Earliest: {prior_exam} on {prior_date3}.",
    "{Prior_exam} on {ordinal} of last month, at {org_ext}.",
)

# Cross-references added to a findings line: where PHI turns up in the middle of FINDINGS.
_FINDINGS_EXTRA: tuple[str, ...] = (
    "Unchanged compared with the {prior_exam} of {prior_date}.",
    "This was not present on {prior_date}.",
    "Otherwise stable since {prior_date}.",
    "Previously measured {m1} on {prior_date} {img}.",
    "Findings are similar to the outside study from {org_ext}.",
    "New since the {prior_exam} performed at {org_ext} on {prior_date}.",
    "As discussed with {ref} on {comm_date}, this corresponds to the palpable abnormality.",
    "This was biopsied at {org_ext} in {month_year}.",
    "Measured {m1} on {prior_date} and {m1} today {img}.",
    "Per {ref}, the patient had surgery on {past_date}.",
    "Compare with {prior_exam} accession {acc_prior}.",
    "Reviewed at the multidisciplinary conference on {past_date} with {ref_other}.",
)

# Generic technique sentences, added after the exam's own technique line.
_TECHNIQUE_CT: tuple[str, ...] = (
    "Dose reduction techniques were used, including automated exposure control. {dose}.",
    "{dose}.",
    "CT dose: {dose}. All CT scans at this facility use dose optimization techniques.",
    "Radiation dose: {dose}.",
)
_TECHNIQUE_CONTRAST: tuple[str, ...] = (
    "{vol} of {contrast} was administered intravenously.",
    "Contrast: {vol} {contrast} IV.",
    "{contrast}, {vol}, administered without immediate complication.",
    "Intravenous contrast: {contrast} ({vol}). Creatinine {lab_cr} on {past_date}.",
    "{vol} of {contrast} injected by {nurse}; no adverse reaction.",
)
_TECHNIQUE_ANY: tuple[str, ...] = (
    "Images were acquired on a {device} scanner.",
    "Technologist: {tech}.",
    "Examination performed on {study_date} at {time}.",
    "Exam began at {time} and was completed at {time2}.",
    "Images were sent to PACS and reviewed on a dedicated workstation.",
    "3D reformats were created by {tech} on an independent workstation.",
    "Performed at {org} ({ext_city}).",
    "Premedicated for contrast allergy per protocol ordered by {ref}.",
    "Order number {order}.",
    "Limited by patient motion.",
    "Exam performed by {tech} on {study_date}.",
    "Study performed at {org}, {address}.",
    "CPT [code:{cpt}].",
    "Scanner: {device}. Protocol reviewed by {res}.",
    "Informed consent was obtained by {res} on {study_date}.",
)
_TECHNIQUE_FL: tuple[str, ...] = (
    "Fluoroscopy time: [dose:{fluoro_min} minutes]. Dose area product: [dose:{dap} uGy*m2].",
    "Fluoroscopy performed by {res} under supervision of {rad}. Fluoroscopy time [dose:{fluoro_min} min].",
)

# Communication of results: usually the last line of the impression.
_COMMUNICATION: tuple[str, ...] = (
    "Findings were discussed with {ref} by telephone at {time} on {comm_date}.",
    "Critical result communicated to {ref} at {time} on {comm_date} with read-back confirmation.",
    "These results were called to {nurse} at {time}.",
    "Discussed with {app} at {time}, who acknowledged receipt.",
    "Preliminary findings were given to the ED by {res} at {time} on {comm_date}; no discrepancy.",
    "Findings discussed with {ref} by telephone at {time} on {comm_date}.",
    "Results were conveyed to {ref}'s office ({ref_phone}) at {time}.",
    "Called to {ref} on {comm_date} at {time}; message left with {nurse}.",
    "Dr. {ref_family} was paged at {pager} at {time} and the findings were discussed.",
    "Findings communicated to the covering provider, {app}, on {comm_date} at {time}.",
    "Urgent findings sent via secure message to {ref} ({email}) on {comm_date}.",
    "Per {ref_family}, clinical correlation was requested; discussed at {time} on {comm_date}.",
    "D/w {app} at {time} on {comm_date}.",
    "The referring clinician, {ref}, was notified at {time} on {comm_date}.",
)

_FOLLOW_UP: tuple[str, ...] = (
    "Recommend follow-up imaging in 3 months.",
    "Follow-up has been scheduled for {future_date} at {org}.",
    "Clinical correlation recommended.",
    "Recommend comparison with outside studies from {org_ext} if available.",
    "Please contact the reading room at {reading_phone} with questions.",
    "Management per [guideline:American College of Radiology] incidental findings recommendations.",
    "Recommendation per the [guideline:Society of Radiologists in Ultrasound] consensus statement.",
)

_SIGNATURE: tuple[str, ...] = (
    "Electronically signed by: {rad_sig} on {sign_date} at {sign_time}",
    "Dictated by: {res_sig}    Transcribed by: {transcriptionist}\nD: {sign_date} {sign_time}    T: {sign_date2} {sign_time2}    Job #: {job}",
    "Read by: {rad_sig}",
    "Resident: {res_sig}\nAttending: {rad_sig}",
    "I have personally reviewed the images and agree with the above report. {rad_sig}",
    "Signed: {rad_upper} {sign_date} {sign_time}",
    "Radiologist: {rad} | Pager {pager} | Reading room {reading_phone}",
    "Attending radiologist: {rad_sig}. Electronically signed {sign_date} {sign_time}.",
    "Final report signed by {rad_sig} on {sign_date}.",
    "This report was electronically signed by {rad_sig} at {sign_time} on {sign_date}.",
    "Signed by {rad_sig} ({sign_date} {sign_time})",
    "Preliminary report by {res_sig} on {sign_date} at {sign_time}; final report by {rad_sig}.",
    "Interpreting physician: {rad_sig}    Date signed: {sign_date}",
    "Dictated: {sign_date} {sign_time} by {rad}. Transcribed: {sign_date2} by {transcriptionist}.",
    "Reviewed and approved: {rad_sig}, {sign_date}",
    "Teleradiology interpretation by {rad_sig}, {org_ext}. Signed {sign_date} {sign_time}.",
    "Technologist: {tech}. Radiologist: {rad_sig}.",
    "Read by {rad_sig}; supervised by {rad_other}. {sign_date} {sign_time}",
    "Electronically Signed By: {rad_upper}    {sign_date} {sign_time}",
    "Report approved on {sign_date} {sign_time} by {rad_sig}",
    "Electronically signed: {rad_sig}\nDate/Time: {sign_date} {sign_time}",
    "Dictating radiologist: {rad_sig}. Dictated {sign_date} {sign_time}; signed {sign_date2} {sign_time2}.",
    "RADIOLOGIST: {rad_upper}\nSIGNED: {sign_date} {sign_time}",
    "Verified by {rad_sig} on {sign_date}.",
    "Interpreted by: {res_sig} (resident) and {rad_sig} (attending).",
    "Attending attestation: I have reviewed the images and the resident's interpretation and agree. {rad_sig} {sign_date}",
    "Signed electronically by {rad} on {sign_date} at {sign_time}. Pager {pager}.",
    "{rad_sig}\n{org}\nPhone {reading_phone}",
    "Reading radiologist: {rad_sig}; performing technologist: {tech}.",
    "Transcriptionist: {transcriptionist}    Job ID: {job}    Dictated: {sign_date} {sign_time}",
    "Report finalized {sign_date} {sign_time} by {rad_sig}.",
    "Released to the referring provider, {ref}, on {sign_date} at {sign_time}.",
    "Electronically signed by {rad_sig}, Section of Body Imaging, {sign_date} {sign_time}",
    "Read remotely by {rad_sig} for {org}.",
    "Authenticated by {rad_sig} on {sign_date} {sign_time}",
    "Signing physician: {rad_upper}    Signed on: {sign_date}",
    "Fellow: {res_sig}. Attending: {rad_sig}. Finalized {sign_date}.",
    "Images reviewed by {rad_sig}; report prepared by {res_sig} on {sign_date}.",
    "Sign-out: {rad_sig} | {sign_date} {sign_time} | {reading_phone}",
    "Final | {rad_upper} | {sign_date} {sign_time}",
)

_FOOTER: tuple[str, ...] = (
    "For questions please call the reading room at {reading_phone} or email {email}.",
    "Report available on the patient portal: {url}",
    "cc: {ref}; {ref_other}",
    "Radiology fax: {fax} | Phone: {phone}",
    "{org} Department of Radiology, {address} {zip}",
    "Pager: {pager}. Email: {email}",
    "Copies to: {ref}, {clinic}, fax {fax}.",
    "Results communicated via secure message to {ref} ({email}).",
    "Scheduling: {phone}. Online: {url}",
    "{org} | {address} {zip} | Tel {phone} | {url}",
    "Questions about this report: {rad} at {reading_phone}.",
    "Patient contact on file: {pt_phone}.",
    "Billing inquiries: {phone}. Patient ID {pid}. Visit {encounter}.",
)

_ADDENDUM: tuple[str, ...] = (
    "ADDENDUM ({add_date} {add_time}): Outside images from {org_ext} were reviewed with {ref}. The findings are unchanged. Signed by {rad_sig}.",
    "ADDENDUM: Additional history obtained from {ref} on {add_date}: patient has {pmh}. Impression unchanged. {rad_sig}, {add_date} {add_time}.",
    "ADDENDUM {add_date}: Laterality corrected in the findings. Discussed with {nurse} at {add_time}.",
    "Addendum by {rad_sig}, {add_date}: Comparison was made with {prior_exam} dated {prior_date}, which shows the finding to be stable.",
    "ADDENDUM: The critical result was communicated to {ref} at {add_time} on {add_date} by {res}.",
    "**ADDENDUM** {add_date} {add_time}\nPer {relative}, the patient had a procedure at {org_ext} in {month_year}. No change to the impression.\nSigned: {rad_sig}",
    "ADDENDUM ({add_date}): Accession {acc_prior} from {org_ext} has been merged into this record. {rad_sig}",
)

_SECTION_NAMES: dict[str, tuple[str, ...]] = {
    "history": ("CLINICAL HISTORY", "HISTORY", "INDICATION", "CLINICAL INDICATION", "REASON FOR EXAM"),
    "comparison": ("COMPARISON", "COMPARISONS", "PRIOR STUDIES", "Comparison"),
    "technique": ("TECHNIQUE", "PROCEDURE", "TECHNIQUE", "Technique"),
    "findings": ("FINDINGS", "FINDINGS", "REPORT", "Findings"),
    "impression": ("IMPRESSION", "IMPRESSION", "CONCLUSION", "Impression", "SUMMARY"),
}

_INDICATION_SUFFIX: tuple[str, ...] = ("", "", "", "", " Evaluate for acute process.", " Please evaluate.")

_CONTRASTS: tuple[str, ...] = (
    "Omnipaque 350",
    "Omnipaque 300",
    "Isovue-370",
    "Visipaque 320",
    "Optiray 350",
    "Ultravist 370",
)
_MR_CONTRASTS: tuple[str, ...] = ("Gadavist", "Dotarem", "MultiHance", "Eovist", "ProHance", "Clariscan")
_DEVICES: dict[str, tuple[str, ...]] = {
    "CT": ("Siemens SOMATOM Force", "GE Revolution CT", "Canon Aquilion ONE", "Philips IQon Spectral CT"),
    "MR": ("Siemens MAGNETOM Vida 3T", "GE Signa Premier 3T", "Philips Ingenia 1.5T", "Siemens MAGNETOM Aera 1.5T"),
    "US": ("GE LOGIQ E10", "Philips EPIQ 7", "Siemens ACUSON Sequoia", "Canon Aplio i800"),
    "XR": ("Carestream DRX-Evolution", "Fujifilm FDR D-EVO", "GE Definium 8000", "Philips DigitalDiagnost"),
    "MG": ("Hologic Selenia Dimensions", "Hologic 3Dimensions", "GE Senographe Pristina", "Siemens MAMMOMAT Revelation"),
    "NM": ("Siemens Biograph Vision", "GE Discovery MI", "GE NM/CT 870 DR", "Philips Vereos"),
    "FL": ("Siemens Luminos dRF", "GE Precision 500D", "Philips CombiDiagnost R90", "Canon Ultimax-i"),
}
_RADIOTRACERS: dict[str, tuple[str, ...]] = {
    "NM_BONE": ("Tc-99m MDP",),
    "PET_CT": ("F-18 FDG",),
    "NM_MECKEL": ("Tc-99m pertechnetate",),
    "NM_THYROID": ("I-123 sodium iodide",),
}
_CPT: dict[str, tuple[str, ...]] = {
    "CT": ("71260", "74177", "70450", "71275", "70496"),
    "MR": ("70553", "72148", "74183", "73721", "72141"),
    "US": ("76536", "76700", "76770", "93880", "76856"),
    "XR": ("71046", "73110", "73630", "73562", "72170"),
    "MG": ("77067", "77066", "77065"),
    "NM": ("78306", "78815", "78290", "78014"),
    "FL": ("74220", "74250", "74240"),
}

_SAINTS = (
    "Mary",
    "Joseph",
    "Luke",
    "Vincent",
    "Francis",
    "Anthony",
    "Elizabeth",
    "Jude",
    "Catherine",
    "Agnes",
    "Clare",
    "Bernard",
    "Raphael",
    "Michael",
    "Gabriel",
    "Anne",
    "Margaret",
    "Peter",
)
_PLACES = (
    "Riverside",
    "Lakeside",
    "Northside",
    "Valley",
    "Summit",
    "Harborview",
    "Cedar Ridge",
    "Oakwood",
    "Pinecrest",
    "Bayview",
    "Fairview",
    "Highland",
    "Meadowbrook",
    "Crestview",
    "Westfield",
    "Brookside",
    "Willow Creek",
    "Stonebridge",
    "Maple Grove",
    "Sunrise",
    "Mountain View",
    "Seaside",
    "Prairie",
    "Red Rock",
    "Silver Lake",
    "Eastgate",
)
# Reading sites (hospitals, imaging centres) and other organizations (outside hospitals, clinics).
_INSTITUTION_TEMPLATES = (
    "St. {saint_poss} Medical Center",
    "St. {saint_poss} Hospital",
    "St. {saint} Medical Center",
    "Saint {saint} Regional Medical Center",
    "{place} Imaging Associates",
    "{place} Radiology Group",
    "{place} Medical Center",
    "{place} Community Hospital",
    "{surname} Memorial Hospital",
    "{city} General Hospital",
    "University of {state} Medical Center",
    "{city} Veterans Affairs Medical Center",
)
_ORG_TEMPLATES = _INSTITUTION_TEMPLATES + (
    "{place} Orthopedic Clinic",
    "{place} Family Medicine",
    "{place} Women's Health Center",
    "{place} Children's Hospital",
    "{place} Cancer Center",
    "{place} Nursing and Rehabilitation Center",
    "{surname} Clinic",
    "{surname}-{surname2} Heart Institute",
    "{place} Urgent Care",
    "{place} Internal Medicine Associates",
)

_LUMBAR_LEVELS = ("L4-L5", "L5-S1", "L3-L4", "L4-5", "L5-S1", "L2-3", "L1-L2", "L3-4")
_CERVICAL_LEVELS = ("C5-6", "C6-C7", "C4-C5", "C3-4", "C5-C6", "C6-7")

_RELATIONS = ("daughter", "son", "husband", "wife", "sister", "brother", "niece", "grandson")


# =============================================================================================
# Automatic labelling of clinical terms in rendered text.
# =============================================================================================

_POSS = r"(?:'s|')?"
_EPONYM_PATTERNS: tuple[str, ...] = (
    rf"non-Hodgkin{_POSS} lymphoma",
    r"non-Hodgkin",
    rf"Hodgkin{_POSS} (?:lymphoma|disease)",
    r"Hodgkin",
    rf"Parkinson{_POSS} disease",
    r"Parkinson",
    rf"Crohn{_POSS} (?:disease|ileitis|colitis)",
    r"Crohn",
    rf"Wilms{_POSS} tumor",
    rf"Barrett{_POSS} esophagus",
    r"(?:bony )?Bankart (?:lesion|fragment|repair)",
    r"Bankart",
    r"Hill-Sachs (?:lesion|deformity|defect)",
    r"Hill-Sachs",
    rf"Colles{_POSS} fracture",
    rf"Smith{_POSS} fracture",
    rf"Baker{_POSS} cyst",
    rf"Morison{_POSS} pouch",
    r"pouch of Douglas",
    r"Douglas pouch",
    r"circle of Willis",
    rf"Schatzki{_POSS} ring",
    rf"Zenker{_POSS} diverticulum",
    r"Budd-Chiari syndrome",
    r"Budd-Chiari",
    r"Chiari (?:I|II|1|2) malformation",
    r"Chiari malformation",
    r"Chiari",
    r"Dandy-Walker (?:malformation|variant|continuum)",
    r"Dandy-Walker",
    r"Klatskin tumor",
    rf"Meckel{_POSS} (?:diverticulum|scan)",
    r"Meckel",
    r"MECKEL",
    r"Monteggia (?:fracture-dislocation|fracture|lesion|pattern)",
    r"Monteggia",
    r"Galeazzi (?:fracture-dislocation|fracture|pattern)",
    r"Galeazzi",
    r"Jones fracture",
    r"Lisfranc (?:injury|joint|ligament|fracture-dislocation)",
    r"Lisfranc",
    r"Segond fracture",
    r"Osgood-Schlatter disease",
    r"Osgood-Schlatter",
    r"Legg-Calv[eé]-Perthes disease",
    r"Legg-Calv[eé]-Perthes",
    rf"Paget{_POSS} disease(?: of (?:bone|the nipple))?",
    r"Paget",
    rf"Graves{_POSS} disease",
    r"Graves",
    rf"Hashimoto{_POSS} thyroiditis",
    r"Hashimoto",
    rf"Cushing{_POSS} (?:syndrome|disease)",
    rf"Addison{_POSS} disease",
    rf"Alzheimer{_POSS} (?:disease|dementia)",
    r"Alzheimer",
    rf"Huntington{_POSS} disease",
    r"Huntington",
    rf"(?:supraclavicular )?Virchow{_POSS} node",
    r"Virchow",
    r"Kerley B lines",
    r"Fleischner Society guidelines",
    r"Fleischner Society",
    r"Fleischner (?:guidelines|criteria)",
    r"Fleischner",
    r"Hounsfield units",
    r"Gleason score",
    r"Gleason",
    r"Bosniak (?:classification|category \w+|IIF|IV|III|II|I|[1-4]F?)",
    r"Bosniak",
    r"Couinaud segment (?:[1-8]|VIII|VII|VI|IV[AB]?|V|III|II|I)",
    r"Couinaud",
    rf"Glisson{_POSS} capsule",
    rf"Gerota{_POSS} fascia",
    rf"Wharton{_POSS} duct",
    rf"Stensen{_POSS} duct",
    r"Sylvian fissures?",
    r"foramina of Luschka and Magendie",
    r"(?:foramen|foramina|ducts?) of (?:Luschka|Magendie|Monro)",
    r"Luschka",
    r"Magendie",
    r"Monro",
    r"Eustachian tubes?",
    r"Eustachian",
    r"Swan-Ganz catheter",
    r"Dobhoff tube",
    r"Foley catheter",
    r"Hampton hump",
    r"Westermark sign",
    r"Schmorl nodes?",
    r"Modic type [123](?: endplate)? changes",
    r"Tarlov cysts?",
    r"Hoffa fat pad",
    r"ligament of Wrisberg",
    r"Salter-Harris type (?:IV|V|III|II|I)(?: injury| fracture)?",
    r"(?:sonographic )?Murphy sign",
    r"Mirizzi syndrome",
    r"Cooper ligaments",
    r"Nabothian cysts?",
    r"Deauville(?: score)? [1-5]",
    r"Whipple procedure",
    r"Nissen fundoplication",
    r"Roux-en-Y gastric bypass",
    r"fossa of Rosenmuller",
)

_AUTO_TERMS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("eponym", re.compile(r"(?<![\w-])(?:" + "|".join(_EPONYM_PATTERNS) + r")(?![\w-])")),
    ("birads", re.compile(r"\bBI-RADS(?: [Cc]ategory)?:? ?[0-6][ABC]?\b")),
    (
        "lirads",
        re.compile(r"\b(?:US )?LI-RADS(?: category)?:? ?(?:LR-)?(?:[1-5]|M|TIV)\b|\bUS-[123]\b|\bLR-(?:[1-5]|M|TIV)\b"),
    ),
    ("tirads", re.compile(r"\b(?:ACR )?TI-RADS(?: category)?:? ?TR ?[1-5]\b|\bTR[1-5]\b")),
    ("pirads", re.compile(r"\bPI-RADS(?: category)?:? ?[1-5]\b")),
    ("lungrads", re.compile(r"\bLung-RADS(?: category)?:? ?(?:[1-4][ABX]?|0)\b")),
    (
        "measurement",
        re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?: ?x ?\d+(?:\.\d+)?){0,2} ?(?:cm/s|cm|mm|mL|cc|HU)(?![\w/])"),
    ),
    ("laterality", re.compile(r"\b(?:[Rr]ight|[Ll]eft|RIGHT|LEFT|[Bb]ilateral(?:ly)?|BILATERAL)\b")),
)


# =============================================================================================
# Generation.
# =============================================================================================


def _template_strings() -> Iterator[str]:
    """Yield every literal string the generator can write (names must avoid all their words)."""
    for exam in _EXAMS:
        yield from exam.titles
        yield from exam.indications
        yield from exam.technique
        yield from exam.impressions
        yield from exam.eponyms
        yield from exam.priors
        for heading, options in exam.findings:
            yield heading
            yield from options
    for group in (
        _PMH,
        _HISTORY,
        _COMPARISON,
        _TECHNIQUE_CT,
        _TECHNIQUE_CONTRAST,
        _TECHNIQUE_ANY,
        _TECHNIQUE_FL,
        _COMMUNICATION,
        _FOLLOW_UP,
        _SIGNATURE,
        _FOOTER,
        _ADDENDUM,
        _EPONYM_PATTERNS,
        _CONTRASTS,
        _MR_CONTRASTS,
        _SAINTS,
        _PLACES,
        _ORG_TEMPLATES,
        _RELATIONS,
        _FINDINGS_EXTRA,
        _INDICATION_SUFFIX,
        REQUIRED_EPONYMS,
    ):
        yield from group
    for names in _SECTION_NAMES.values():
        yield from names
    for names in (*_DEVICES.values(), *_RADIOTRACERS.values()):
        yield from names
    yield _HEADER_WORDS


_HEADER_WORDS = """Patient Name MRN DOB Age Sex Accession Exam Date Service Ordering Referring Physician Location
Address Home Phone Encounter Visit Department Radiology Report Medical Record Number Birth Fax Tel Tech Nurse
Resident Attending Pager Email Portal Smith Jones Douglas Willis Wilson Murphy Foley Weber Bennett Hartmann
Whipple Nissen Cooper Hoffa Wrisberg Deauville Rosenmuller Salter Harris Modic Tarlov Schmorl Hampton
Westermark Dobhoff Swan Ganz Mirizzi Nabothian Roux Lung"""


@lru_cache(maxsize=1)
def _reserved_words() -> frozenset[str]:
    """Lower-case words synthetic names must avoid: eponyms and every template word."""
    words: set[str] = set()
    for text in _template_strings():
        words.update(w.lower() for w in re.findall(r"[A-Za-z]+", text))
    return frozenset(words)


class _NameFactory(phi_mod.PhiFactory):
    """PhiFactory whose names also avoid eponyms and report wording, so labels stay unambiguous."""

    def _acceptable_name(self, name: str) -> bool:
        return super()._acceptable_name(name) and name.lower() not in _reserved_words()


class _Deck:
    """Shuffled deck: every item is dealt once per pass, so rare items still appear."""

    def __init__(self, items: Sequence[Any], rng: random.Random) -> None:
        self._items = list(items)
        self._rng = rng
        self._pile: list[Any] = []

    def draw(self) -> Any:
        """Deal the next item, reshuffling when the deck is empty."""
        if not self._pile:
            self._pile = list(self._items)
            self._rng.shuffle(self._pile)
        return self._pile.pop()


@dataclass(frozen=True)
class _Person:
    """A named person with the credential written after their name (MD, RT(R) ...)."""

    name: phi_mod.PersonName
    sex: str
    credential: str = ""

    @property
    def physician(self) -> bool:
        """True for MD/DO: they go into the patient record's physician list."""
        return self.credential in ("MD", "DO")


@dataclass
class _Institution:
    """A reading site: name, contact details, ID formats and staff."""

    name: str
    domain: str
    street: str
    city_state: str
    zip_code: str
    phone: str
    fax: str
    reading_phone: str
    mrn_style: int
    acc_style: int
    radiologists: list[_Person] = field(default_factory=list)
    residents: list[_Person] = field(default_factory=list)
    referrers: list[_Person] = field(default_factory=list)
    apps: list[_Person] = field(default_factory=list)
    techs: list[_Person] = field(default_factory=list)
    nurses: list[_Person] = field(default_factory=list)
    transcriptionists: list[_Person] = field(default_factory=list)


class _Builder:
    """Accumulates report text and the gold/clinical spans placed in it."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0
        self.gold: list[dict[str, Any]] = []
        self.terms: list[dict[str, Any]] = []

    def add(self, text: str, kind: str | None = None, category: str | None = None) -> None:
        """Append text, labelling it as PHI of `kind` or as a clinical term of `category`."""
        if not text:
            return
        end = self.pos + len(text)
        if kind:
            self.gold.append({"type": kind, "start": self.pos, "end": end, "text": text})
        elif category:
            self.terms.append({"start": self.pos, "end": end, "text": text, "category": category})
        self.parts.append(text)
        self.pos = end

    @property
    def text(self) -> str:
        """The text so far."""
        return "".join(self.parts)


_TOKEN = re.compile(r"\{(\w+)\}|\[(\w+):([^\]]+)\]")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_ONES = ("", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TEENS = (
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
)
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")


def _number_words(n: int) -> str:
    """Spell out 1..109 the way ages are dictated ("ninety-three", "one hundred two")."""
    if n >= 100:
        rest = n - 100
        return "one hundred" + (f" {_number_words(rest)}" if rest else "")
    if n < 10:
        return _ONES[n]
    if n < 20:
        return _TEENS[n - 10]
    return _TENS[n // 10] + (f"-{_ONES[n % 10]}" if n % 10 else "")


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _format_date(d: date, style: int) -> str:
    """Render a date in one of the formats found in US radiology reports."""
    month, mon = _MONTHS[d.month - 1], _MONTHS[d.month - 1][:3]
    return (
        f"{d.month:02d}/{d.day:02d}/{d.year}",  # 03/14/2021
        f"{d.month}/{d.day}/{d.year % 100:02d}",  # 3/14/21
        f"{d.day:02d}-{mon}-{d.year}",  # 14-Mar-2021
        f"{month} {d.day}, {d.year}",  # March 14, 2021
        f"{mon} {d.day} {d.year}",  # Mar 14 2021
        d.isoformat(),  # 2021-03-14
        f"{d.year}{d.month:02d}{d.day:02d}",  # 20210314
        f"{d.day} {month} {d.year}",  # 14 March 2021
        f"{d.month}/{d.day}/{d.year}",  # 3/14/2021
        f"{mon}. {d.day}, {d.year}",  # Mar. 14, 2021
        f"{d.month:02d}-{d.day:02d}-{d.year}",  # 03-14-2021
        f"{d.day:02d}-{mon.upper()}-{d.year}",  # 14-MAR-2021
        f"{month.upper()} {d.day}, {d.year}",  # MARCH 14, 2021
        f"{mon} {d.day}, {d.year}",  # Mar 14, 2021
        f"{d.month}/{d.day}",  # 3/14 (year implied by context)
        f"{d.year}.{d.month:02d}.{d.day:02d}",  # 2021.03.14
        f"{mon}. {_ordinal(d.day)}",  # Mar. 14th
        f"{_ordinal(d.day)} of {month}",  # 14th of March
    )[style]


_HEADER_DATE_STYLES = (0, 0, 0, 1, 2, 5, 6, 8, 10, 11, 3)
_NARRATIVE_DATE_STYLES = tuple(range(14)) + (0, 8, 3, 14, 15, 16, 17)


def _format_time(hour: int, minute: int, second: int, style: int) -> str:
    """Render a time as reports write it (14:32, 2:32 PM, 1432 hours ...)."""
    h12 = hour % 12 or 12
    ampm = "AM" if hour < 12 else "PM"
    return (
        f"{hour:02d}:{minute:02d}",
        f"{h12}:{minute:02d} {ampm}",
        f"{hour:02d}{minute:02d} hours",
        f"{h12}:{minute:02d} {ampm.lower()[0]}.m.",
        f"{hour:02d}:{minute:02d}:{second:02d}",
        f"{h12}:{minute:02d}{ampm}",
        f"{hour:02d}{minute:02d} hrs",
        f"{h12}:{minute:02d} {ampm.lower()}",
    )[style]


class _Corpus:
    """Shared state for one corpus: generators, institutions, decks and used identifiers."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.factory = _NameFactory(seed)
        self.fake = self.factory.fake
        self._used: set[str] = set()
        self._orgs: set[str] = set()
        self.outside_orgs = [self.org_name() for _ in range(14)]
        self.clinics = [self.org_name() for _ in range(10)]
        self.institutions = [self._institution() for _ in range(4)]
        self.remote_radiologists = [self.person(self.rng.choice("FM"), "MD") for _ in range(3)]
        exams: list[_Exam] = []
        for exam in _EXAMS:
            exams.extend([exam] * exam.weight)
        self.exam_deck = _Deck(exams, self.rng)
        self.pmh_deck = _Deck(_PMH, self.rng)
        self.eponym_decks = {e.code: _Deck(e.eponyms, self.rng) for e in _EXAMS if e.eponyms}

    # ----------------------------------------------------------------- primitives
    def unique(self, make: Callable[[], str]) -> str:
        """Return a value from `make` not handed out before (IDs must point at one report)."""
        for _ in range(1000):
            value = make()
            if value not in self._used:
                self._used.add(value)
                return value
        raise RuntimeError("could not generate a unique value")

    def digits(self, pattern: str) -> str:
        """Fill `#` with digits and `?` with letters."""
        return self.fake.bothify(pattern, letters="ABCDEFGHJKLMNPRSTUVWXYZ")

    def person(self, sex: str, credential: str = "", *, middle: bool | None = None) -> _Person:
        """Return a new person with a distinctive name."""
        with_middle = self.rng.random() < 0.6 if middle is None else middle
        return _Person(self.factory.person_name(sex, middle=with_middle), sex, credential)

    def phone_digits(self) -> tuple[str, str, str]:
        """Return a unique (area, exchange, line) triple; area and exchange never start with 0 or 1."""
        rng = self.rng
        value = self.unique(lambda: f"{rng.randint(201, 989)}-{rng.randint(201, 989)}-{rng.randint(0, 9999):04d}")
        a, b, c = value.split("-")
        return a, b, c

    def phone(self, *, extension: bool = False) -> str:
        """Return a US phone number in one of the common layouts."""
        a, b, c = self.phone_digits()
        text = self.rng.choice(
            (
                f"({a}) {b}-{c}",
                f"({a}) {b}-{c}",
                f"{a}-{b}-{c}",
                f"{a}.{b}.{c}",
                f"{a} {b} {c}",
                f"1-{a}-{b}-{c}",
                f"+1 {a}-{b}-{c}",
                f"({a}){b}-{c}",
            )
        )
        if extension:
            ext = str(self.rng.randint(10, 9999))
            text += self.rng.choice((f" ext. {ext}", f" x{ext}", f" ext {ext}", f", extension {ext}"))
        return text

    def org_name(self, *, institution: bool = False) -> str:
        """Return a new fictional organization name (a hospital or imaging centre if `institution`)."""
        templates = _INSTITUTION_TEMPLATES if institution else _ORG_TEMPLATES
        for _ in range(200):
            template = self.rng.choice(templates)
            saint = self.rng.choice(_SAINTS)
            fields = {
                "saint": saint,
                "saint_poss": saint + ("'" if saint.endswith("s") else "'s"),
                "place": self.rng.choice(_PLACES),
                "city": self.fake.city(),
                "state": self.fake.state(),
            }
            if "{surname" in template:
                fields["surname"] = self.factory.family_name()
                fields["surname2"] = self.factory.family_name()
            name = template.format(**fields)
            if name not in self._orgs:
                self._orgs.add(name)
                return name
        raise RuntimeError("ran out of organization names")

    def street(self) -> str:
        """Return a unique street address line."""
        return self.unique(
            lambda: self.rng.choice(
                (
                    self.fake.street_address(),
                    self.fake.street_address(),
                    f"{self.fake.building_number()} {self.fake.street_name()}, Suite {self.rng.randint(100, 900)}",
                    f"{self.fake.building_number()} {self.fake.street_name()}",
                )
            )
        )

    def zip_code(self) -> str:
        """Return a 5-digit or ZIP+4 code."""
        return self.fake.zipcode_plus4() if self.rng.random() < 0.3 else self.fake.zipcode()

    def city_state(self) -> str:
        """Return "City, ST" (sometimes the state spelled out)."""
        state = self.fake.state_abbr() if self.rng.random() < 0.8 else self.fake.state()
        return f"{self.fake.city()}, {state}"

    def _domain(self, name: str) -> str:
        words = [w.lower() for w in re.findall(r"[A-Za-z]+", name) if w.lower() not in ("of", "and", "the", "s")]
        stem = "".join(words[:2]) if self.rng.random() < 0.6 else "-".join(words[:2])
        return self.unique(lambda: stem + self.rng.choice((".org", ".com", "health.org", "-health.org", ".net")))

    def _institution(self) -> _Institution:
        name = self.org_name(institution=True)
        inst = _Institution(
            name=name,
            domain=self._domain(name),
            street=self.street(),
            city_state=self.city_state(),
            zip_code=self.zip_code(),
            phone=self.phone(),
            fax=self.phone(),
            reading_phone=self.phone(extension=self.rng.random() < 0.4),
            mrn_style=self.rng.randrange(5),
            acc_style=self.rng.randrange(6),
        )
        pick = self.rng.choice
        inst.radiologists = [self.person(pick("FM"), pick(("MD", "MD", "MD", "DO"))) for _ in range(5)]
        inst.residents = [self.person(pick("FM"), "MD") for _ in range(3)]
        inst.referrers = [self.person(pick("FM"), pick(("MD", "MD", "DO"))) for _ in range(8)]
        inst.apps = [self.person(pick("FM"), pick(("NP", "PA-C", "PA", "NP"))) for _ in range(3)]
        inst.techs = [self.person(pick("FM"), pick(("RT(R)", "RT", "RT(R)(CT)", "RDMS", "RT(MR)"))) for _ in range(4)]
        inst.nurses = [self.person(pick("FM"), "RN") for _ in range(3)]
        inst.transcriptionists = [self.person(pick("FM")) for _ in range(2)]
        return inst

    def mrn(self, style: int) -> str:
        """Return a unique MRN in an institution's format."""
        pattern = ("%#######", "E#######", "MR-######", "00%######", "??######?")[style]
        return self.unique(lambda: self.digits(pattern))

    def accession(self, style: int, when: date, modality: str) -> str:
        """Return a unique accession number in an institution's format."""
        ymd = f"{when.year}{when.month:02d}{when.day:02d}"
        pattern = (
            f"RAD-{when.year}-#####",
            "%######",
            f"{modality}{when.year % 100:02d}-######",
            f"A{ymd}-####",
            "E########",
            f"{ymd}{modality}####",
        )[style]
        return self.unique(lambda: self.digits(pattern))


class _ReportWriter:
    """Writes one report; slot methods render PHI and clinical values as labelled pieces."""

    def __init__(self, corpus: _Corpus, index: int) -> None:
        self.c = corpus
        self.rng = corpus.rng
        self.index = index
        self.out = _Builder()
        self.physicians: list[str] = []
        rng = self.rng
        self.exam: _Exam = corpus.exam_deck.draw()
        self.inst: _Institution = rng.choice(corpus.institutions)
        exam = self.exam
        self.sex = exam.sex or rng.choice("FM")
        if exam.elderly and rng.random() < 0.2:
            self.age = rng.choice((90, 91, 91, 92, 93, 94, 95, 96, 97, 98, 99, 101, 103))
        else:
            self.age = rng.randint(*exam.ages)
        self.study_date = date(2015, 1, 1) + timedelta(days=rng.randint(0, 3650))
        # Born between one day and a year before the age-th birthday, so the stated age is exact.
        anniversary = date(self.study_date.year - self.age, self.study_date.month, min(self.study_date.day, 28))
        self.birth_date = anniversary - timedelta(days=rng.randint(1, 360))
        self.age = (
            self.study_date.year
            - self.birth_date.year
            - ((self.study_date.month, self.study_date.day) < (self.birth_date.month, self.birth_date.day))
        )
        self.patient = corpus.person(self.sex, middle=rng.random() < 0.7)
        self.mrn = corpus.mrn(self.inst.mrn_style)
        self.accession = corpus.accession(self.inst.acc_style, self.study_date, exam.modality)
        self.ref: _Person = rng.choice(self.inst.referrers)
        self.ref_other: _Person = rng.choice([p for p in self.inst.referrers if p is not self.ref])
        self.rad: _Person = rng.choice(self.inst.radiologists)
        self.rad_other: _Person = rng.choice(
            [p for p in self.inst.radiologists if p is not self.rad] + corpus.remote_radiologists
        )
        self.res: _Person = rng.choice(self.inst.residents)
        self.tech: _Person = rng.choice(self.inst.techs)
        self.nurse: _Person = rng.choice(self.inst.nurses)
        self.app: _Person = rng.choice(self.inst.apps)
        self.transcriptionist: _Person = rng.choice(self.inst.transcriptionists)
        self.org_ext = rng.choice(corpus.outside_orgs)
        self.clinic = rng.choice(corpus.clinics)
        self.relation = rng.choice(_RELATIONS)
        rel_sex = "M" if self.relation in ("son", "husband", "brother", "grandson") else "F"
        rel_name = corpus.factory.given_name(rel_sex)
        family = self.patient.name.family if rng.random() < 0.6 else corpus.factory.family_name()
        self.relative = _Person(phi_mod.PersonName(family=family, given=rel_name), rel_sex)
        self.priors = sorted(
            (self.study_date - timedelta(days=rng.randint(20, 1500)) for _ in range(3)), reverse=True
        )
        self.eponym_sentences: list[str] = []
        self.lumbar_level = rng.choice(_LUMBAR_LEVELS)
        self.cervical_level = rng.choice(_CERVICAL_LEVELS)
        self.side = rng.choice(("right", "left"))  # one side per report keeps findings coherent
        self.hour = rng.randint(7, 22)
        self.minute = rng.randint(0, 59)
        self.sign_date = self.study_date + timedelta(days=rng.choice((0, 0, 0, 1)))
        self.add_date = self.sign_date + timedelta(days=rng.randint(0, 4))

    # ----------------------------------------------------------------- rendering
    def emit(self, template: str) -> None:
        """Render a template: literal text, {slot}s and [category:term] marks."""
        pos = 0
        for m in _TOKEN.finditer(template):
            self.out.add(template[pos : m.start()])
            if m.group(1):
                self._emit_slot(m.group(1))
            else:
                self.emit_term(m.group(2), m.group(3))
            pos = m.end()
        self.out.add(template[pos:])

    def emit_term(self, category: str, template: str) -> None:
        """Render a marked clinical term; its text may itself contain (non-PHI) slots."""
        sub = _Builder()
        saved, self.out = self.out, sub
        try:
            self.emit(template)
        finally:
            self.out = saved
        if sub.gold:
            raise ValueError(f"PHI slot inside clinical term {template!r}")
        self.out.add(sub.text, category=category)

    def _emit_slot(self, name: str) -> None:
        cap = name[0].isupper()
        key = name[0].lower() + name[1:]
        # Slot {name} is rendered by method _s_name: a template string or labelled pieces.
        filler: Callable[[], str | list[Piece]] | None = getattr(self, "_s_" + key, None)
        if filler is None:
            raise KeyError(f"unknown template slot {{{name}}}")
        value = filler()
        if isinstance(value, str):
            self.emit(value[:1].upper() + value[1:] if cap else value)
            return
        for i, (text, kind, category) in enumerate(value):
            if cap and i == 0:
                text = text[:1].upper() + text[1:]
            self.out.add(text, kind, category)

    def line(self, template: str = "") -> None:
        """Render a template followed by a newline."""
        self.emit(template)
        self.out.add("\n")

    # ----------------------------------------------------------------- people
    def _name(self, person: _Person, form: str) -> str:
        n = person.name
        mi = n.middle[:1]
        return {
            "natural": f"{n.given} {n.family}",
            "full": f"{n.given} {mi}. {n.family}" if mi else f"{n.given} {n.family}",
            "last_first": f"{n.family}, {n.given}",
            "last_first_upper": f"{n.family.upper()}, {n.given.upper()}" + (f" {mi}" if mi else ""),
            "upper": f"{n.given.upper()} {n.family.upper()}",
            "initial": f"{n.given[0]}. {n.family}",
            "family_initials": f"{n.family} {n.given[0]}{mi}",
            "family": n.family,
            "given": n.given,
            "dicom": f"{n.family.upper()}^{n.given.upper()}" + (f"^{mi}" if mi else ""),
        }[form]

    def _staff(self, person: _Person, forms: Sequence[tuple[str, str, str]]) -> list[Piece]:
        """Render a staff mention as (before, name form, after) with the name labelled."""
        if person.physician:
            dicom = person.name.dicom(upper=True)
            if dicom not in self.physicians:
                self.physicians.append(dicom)
        before, form, after = self.rng.choice(forms)
        cred = person.credential
        return [
            (before.replace("CRED", cred), None, None),
            (self._name(person, form), "PERSON", None),
            (after.replace("CRED", cred), None, None),
        ]

    def _doctor(self, person: _Person) -> list[Piece]:
        return self._staff(
            person,
            (
                ("Dr. ", "family", ""),
                ("Dr. ", "natural", ""),
                ("Dr. ", "natural", ""),
                ("", "natural", ", CRED"),
                ("", "initial", ", CRED"),
                ("", "full", ", CRED"),
                ("", "last_first", ", CRED"),
                ("", "family_initials", ""),
                ("Dr ", "family", ""),
                ("", "natural", " CRED"),
                ("Dr. ", "initial", ""),
                ("Dr. ", "full", ""),
                ("", "last_first_upper", ""),
                ("", "upper", ", CRED"),
            ),
        )

    def _signature(self, person: _Person) -> list[Piece]:
        return self._staff(
            person,
            (
                ("", "natural", ", CRED"),
                ("", "full", ", CRED"),
                ("", "initial", ", CRED"),
                ("", "natural", " CRED"),
                ("Dr. ", "natural", ""),
                ("", "last_first", ", CRED"),
                ("", "upper", ", CRED"),
                ("", "family_initials", ", CRED"),
            ),
        )

    def _s_ref(self) -> list[Piece]:
        return self._doctor(self.ref)

    def _s_ref_other(self) -> list[Piece]:
        return self._doctor(self.ref_other)

    def _s_ref_family(self) -> list[Piece]:
        return self._staff(self.ref, (("", "family", ""),))

    def _s_rad(self) -> list[Piece]:
        return self._doctor(self.rad)

    def _s_rad_other(self) -> list[Piece]:
        return self._doctor(self.rad_other)

    def _s_rad_sig(self) -> list[Piece]:
        return self._signature(self.rad)

    def _s_rad_upper(self) -> list[Piece]:
        return self._staff(self.rad, (("", "last_first_upper", ", CRED"), ("", "dicom", ""), ("", "upper", " CRED")))

    def _s_res(self) -> list[Piece]:
        return self._doctor(self.res)

    def _s_res_sig(self) -> list[Piece]:
        return self._signature(self.res)

    def _s_tech(self) -> list[Piece]:
        return self._staff(
            self.tech,
            (
                ("", "natural", ", CRED"),
                ("", "initial", " CRED"),
                ("", "natural", ""),
                ("", "given", " (tech)"),
                ("", "last_first", ", CRED"),
            ),
        )

    def _s_nurse(self) -> list[Piece]:
        return self._staff(
            self.nurse,
            (
                ("", "natural", ", RN"),
                ("RN ", "natural", ""),
                ("nurse ", "given", ""),
                ("", "initial", ", RN"),
                ("charge nurse ", "natural", ""),
                ("", "given", " (RN)"),
            ),
        )

    def _s_app(self) -> list[Piece]:
        return self._staff(
            self.app,
            (
                ("", "natural", ", CRED"),
                ("CRED ", "natural", ""),
                ("", "full", ", CRED"),
                ("", "initial", " CRED"),
                ("CRED ", "family", ""),
            ),
        )

    def _s_transcriptionist(self) -> list[Piece]:
        return self._staff(self.transcriptionist, (("", "natural", ""), ("", "initial", ""), ("", "last_first", "")))

    def _s_pt(self) -> list[Piece]:
        title = "Ms. " if self.sex == "F" else "Mr. "
        return self._staff(
            self.patient,
            (
                ("", "natural", ""),
                (title, "family", ""),
                ("", "full", ""),
                (title, "natural", ""),
                ("", "last_first", ""),
            ),
        )

    def _s_pt_title(self) -> list[Piece]:
        title = "Ms. " if self.sex == "F" else "Mr. "
        return [(title, None, None), (self.patient.name.family, "PERSON", None)]

    def _s_pt_hdr(self) -> list[Piece]:
        form = self.rng.choice(("last_first_upper", "last_first_upper", "last_first", "full", "dicom", "upper"))
        return [(self._name(self.patient, form), "PERSON", None)]

    def _s_relative(self) -> list[Piece]:
        form = self.rng.choice(("natural", "natural", "given"))
        sep = self.rng.choice((" ", ", "))
        return [(f"{self.relation}{sep}", None, None), (self._name(self.relative, form), "PERSON", None)]

    # ----------------------------------------------------------------- ages
    def _age_pieces(self, number: str, before: str = "", after: str = "") -> list[Piece]:
        kind = "AGE" if self.age > 89 else None
        return [(before, None, None), (number, kind, None), (after, None, None)]

    def _s_age_adj(self) -> list[Piece]:
        n = str(self.age)
        words = _number_words(self.age)
        number, after = self.rng.choice(
            (
                (n, "-year-old"),
                (n, "-year-old"),
                (n, " yo"),
                (n, " y/o"),
                (n, " y.o."),
                (n, "yo"),
                (words, "-year-old"),
                (words, " year old"),
                (n, "-yr-old"),
                (n, " year old"),
                (n, " YO"),
            )
        )
        return self._age_pieces(number, after=after)

    def _s_age_pred(self) -> list[Piece]:
        n = str(self.age)
        before, number, after = self.rng.choice(
            (
                ("", n, " years old"),
                ("", n, " years of age"),
                ("aged ", n, ""),
                ("age ", n, ""),
                ("age: ", n, ""),
                ("", n, " yrs old"),
                ("", _number_words(self.age), " years old"),
            )
        )
        return self._age_pieces(number, before, after)

    def _s_age_pred_cap(self) -> list[Piece]:
        n = str(self.age)
        before, after = self.rng.choice((("Aged ", ""), ("Age ", ","), ("Age: ", ",")))
        return self._age_pieces(n, before, after)

    def _s_age_hdr(self) -> list[Piece]:
        n = self.age
        number, after = self.rng.choice(
            ((str(n), "Y"), (f"{n:03d}", "Y"), (str(n), " y"), (str(n), ""), (str(n), " years"), (str(n), " yrs"))
        )
        return self._age_pieces(number, after=after)

    def _s_age_short(self) -> list[Piece]:
        n, s = str(self.age), self.sex
        number, after = self.rng.choice(
            ((n, f" yo {s}"), (n, s), (n, f" y/o {s}"), (n, f"-year-old {s}"), (n, f" {s}"), (n, f"{s}"))
        )
        return self._age_pieces(number, after=after)

    def _s_sex_word(self) -> str:
        female = self.sex == "F"
        if self.age < 18:
            return "girl" if female else "boy"
        words = ("woman", "female", "female patient", "lady") if female else ("man", "male", "gentleman")
        return self.rng.choice(words)

    def _s_sex_letter(self) -> str:
        return self.sex

    def _s_pronoun(self) -> str:
        return "she" if self.sex == "F" else "he"

    # ----------------------------------------------------------------- dates and times
    def _date(self, d: date, styles: Sequence[int]) -> list[Piece]:
        return [(_format_date(d, self.rng.choice(styles)), "DATE", None)]

    def _s_study_date(self) -> list[Piece]:
        return self._date(self.study_date, _NARRATIVE_DATE_STYLES[:14])

    def _s_study_date_hdr(self) -> list[Piece]:
        return self._date(self.study_date, _HEADER_DATE_STYLES)

    def _s_dob(self) -> list[Piece]:
        return self._date(self.birth_date, _HEADER_DATE_STYLES)

    def _s_prior_date(self) -> list[Piece]:
        return self._date(self.priors[0], _NARRATIVE_DATE_STYLES)

    def _s_prior_date2(self) -> list[Piece]:
        return self._date(self.priors[1], _NARRATIVE_DATE_STYLES)

    def _s_prior_date3(self) -> list[Piece]:
        return self._date(self.priors[2], _NARRATIVE_DATE_STYLES)

    def _s_past_date(self) -> list[Piece]:
        return self._date(self.study_date - timedelta(days=self.rng.randint(1, 60)), _NARRATIVE_DATE_STYLES)

    def _s_future_date(self) -> list[Piece]:
        return self._date(self.study_date + timedelta(days=self.rng.randint(3, 120)), _NARRATIVE_DATE_STYLES[:14])

    def _s_comm_date(self) -> list[Piece]:
        return self._date(self.sign_date, _NARRATIVE_DATE_STYLES)

    def _s_sign_date(self) -> list[Piece]:
        return self._date(self.sign_date, _HEADER_DATE_STYLES)

    def _s_sign_date2(self) -> list[Piece]:
        return self._date(self.sign_date + timedelta(days=self.rng.randint(0, 1)), _HEADER_DATE_STYLES)

    def _s_add_date(self) -> list[Piece]:
        return self._date(self.add_date, _HEADER_DATE_STYLES)

    def _s_month_year(self) -> list[Piece]:
        d = self.study_date - timedelta(days=self.rng.randint(60, 2000))
        month = _MONTHS[d.month - 1]
        text = self.rng.choice((f"{month} {d.year}", f"{month[:3]} {d.year}", f"{d.month}/{d.year}"))
        return [(text, "DATE", None)]

    def _s_ordinal(self) -> list[Piece]:
        d = self.study_date - timedelta(days=self.rng.randint(1, 25))
        return [("the ", None, None), (_ordinal(d.day), "DATE", None)]

    def _time(self, hour: int, minute: int) -> list[Piece]:
        text = _format_time(hour % 24, minute % 60, self.rng.randint(0, 59), self.rng.randrange(8))
        number, space, unit = text.partition(" h")  # "1432 hours": the unit word is not PHI
        if space:
            return [(number, "TIME", None), (space + unit, None, None)]
        return [(text, "TIME", None)]

    def _s_time(self) -> list[Piece]:
        return self._time(self.rng.randint(0, 23), self.rng.randint(0, 59))

    def _s_time2(self) -> list[Piece]:
        return self._time(self.hour + 1, self.minute + 7)

    def _s_study_time(self) -> list[Piece]:
        return self._time(self.hour, self.minute)

    def _s_sign_time(self) -> list[Piece]:
        return self._time(self.hour + 1, self.minute + 23)

    def _s_sign_time2(self) -> list[Piece]:
        return self._time(self.hour + 3, self.minute + 41)

    def _s_add_time(self) -> list[Piece]:
        return self._time(self.rng.randint(7, 20), self.rng.randint(0, 59))

    # ----------------------------------------------------------------- identifiers and contacts
    def _new_id(self, *patterns: str) -> list[Piece]:
        value = self.c.unique(lambda: self.c.digits(self.rng.choice(patterns)))
        return [(value, "ID", None)]

    def _s_mrn(self) -> list[Piece]:
        return [(self.mrn, "ID", None)]

    def _s_acc(self) -> list[Piece]:
        return [(self.accession, "ID", None)]

    def _s_acc_prior(self) -> list[Piece]:
        return [(self.c.accession(self.rng.randrange(6), self.priors[0], self.exam.modality), "ID", None)]

    def _s_order(self) -> list[Piece]:
        return self._new_id("ORD#######", "%#######", "O-%######")

    def _s_encounter(self) -> list[Piece]:
        return self._new_id("%#########", "V%#######", "%########")

    def _s_job(self) -> list[Piece]:
        return self._new_id("%#####")

    def _s_pid(self) -> list[Piece]:
        return self._new_id("P-%######", "%########", "PT%######")

    def _s_ssn(self) -> list[Piece]:
        return self._new_id("%##-##-####")

    def _s_phone(self) -> list[Piece]:
        return [(self.inst.phone, "PHONE", None)]

    def _s_fax(self) -> list[Piece]:
        return [(self.inst.fax, "PHONE", None)]

    def _s_reading_phone(self) -> list[Piece]:
        return [(self.inst.reading_phone, "PHONE", None)]

    def _s_ref_phone(self) -> list[Piece]:
        return [(self.c.phone(extension=self.rng.random() < 0.3), "PHONE", None)]

    def _s_rel_phone(self) -> list[Piece]:
        return [(self.c.phone(), "PHONE", None)]

    def _s_pt_phone(self) -> list[Piece]:
        return [(self.c.phone(), "PHONE", None)]

    def _s_pager(self) -> list[Piece]:
        if self.rng.random() < 0.5:
            return [(self.c.unique(lambda: self.c.digits(self.rng.choice(("%####", "#%-####")))), "PHONE", None)]
        return [(self.c.phone(), "PHONE", None)]

    def _s_email(self) -> list[Piece]:
        who = self.rng.choice((self.rad, self.ref, self.res))
        g, f = who.name.given.lower(), who.name.family.lower()
        local = self.rng.choice((f"{g}.{f}", f"{g[0]}{f}", f"{f}.{g}", f"{f}{g[0]}", "radiology", "readingroom"))
        return [(f"{local}@{self.inst.domain}", "EMAIL", None)]

    def _s_url(self) -> list[Piece]:
        d = self.inst.domain
        url = self.rng.choice(
            (
                f"https://portal.{d}/results",
                f"www.{d}",
                f"http://www.{d}/radiology",
                f"https://mychart.{d}",
                f"https://{d}/imaging/reports?acc={self.accession}",
                f"{d}/patients",
            )
        )
        return [(url, "URL", None)]

    def _s_org(self) -> list[Piece]:
        return [(self.inst.name, "ORGANIZATION", None)]

    def _s_org_ext(self) -> list[Piece]:
        return [(self.org_ext, "ORGANIZATION", None)]

    def _s_clinic(self) -> list[Piece]:
        return [(self.clinic, "ORGANIZATION", None)]

    def _s_address(self) -> list[Piece]:
        return [
            (self.inst.street, "ADDRESS", None),
            (", ", None, None),
            (self.inst.city_state, "ADDRESS", None),
        ]

    def _s_ext_fax(self) -> list[Piece]:
        return [(self.c.phone(), "PHONE", None)]

    def _s_zip(self) -> list[Piece]:
        return [(self.inst.zip_code, "ZIP", None)]

    def _s_ext_city(self) -> list[Piece]:
        return [(self.c.city_state(), "ADDRESS", None)]

    # ----------------------------------------------------------------- clinical values
    def _s_side(self) -> str:
        return self.side

    def _s_side_upper(self) -> str:
        return self.side.upper()

    def _num(self, low: float, high: float) -> str:
        value = self.rng.uniform(low, high)
        return f"{value:.1f}"

    def _s_m1(self) -> list[Piece]:
        if self.rng.random() < 0.5:
            return [(f"{self._num(0.6, 6.0)} cm", None, "measurement")]
        return [(f"{self.rng.randint(5, 45)} mm", None, "measurement")]

    def _s_m2(self) -> list[Piece]:
        sep = self.rng.choice((" x ", " x ", "x"))
        return [(f"{self._num(1.0, 6.0)}{sep}{self._num(0.5, 4.0)} cm", None, "measurement")]

    def _s_m3(self) -> list[Piece]:
        return [(f"{self._num(1.5, 6.0)} x {self._num(1.0, 4.0)} x {self._num(0.8, 3.5)} cm", None, "measurement")]

    def _s_mm(self) -> list[Piece]:
        return [(f"{self.rng.randint(3, 28)} mm", None, "measurement")]

    def _s_vol(self) -> list[Piece]:
        return [(f"{self.rng.choice((75, 80, 90, 100, 100, 125))} mL", None, "measurement")]

    def _s_img(self) -> list[Piece]:
        s, i = self.rng.randint(2, 9), self.rng.randint(12, 240)
        return [
            self.rng.choice(
                (
                    (f"(series {s}, image {i})", None, "series_image"),
                    (f"({s}:{i})", None, "series_image"),
                    (f"(se {s} im {i})", None, "series_image"),
                    (f"on series {s}0{s} image {i}", None, "series_image"),
                    (f"(image {i} of series {s})", None, "series_image"),
                    (f"(series {s} image {i})", None, "series_image"),
                )
            )
        ]

    def _s_llevel(self) -> list[Piece]:
        # Mostly the report's main level, sometimes another, as multilevel reports do.
        if self.rng.random() < 0.7:
            return [(self.lumbar_level, None, "vertebral_level")]
        return [(self.rng.choice(_LUMBAR_LEVELS), None, "vertebral_level")]

    def _s_clevel(self) -> list[Piece]:
        if self.rng.random() < 0.7:
            return [(self.cervical_level, None, "vertebral_level")]
        return [(self.rng.choice(_CERVICAL_LEVELS), None, "vertebral_level")]

    def _s_tlevel(self) -> list[Piece]:
        return [(self.rng.choice(("T12", "L1", "T12-L1", "T11")), None, "vertebral_level")]

    def _s_dose(self) -> list[Piece]:
        dlp = f"{self.rng.uniform(80, 1400):.{self.rng.choice((0, 1, 2))}f}"
        ctdi = f"{self.rng.uniform(2, 60):.1f}"
        text = self.rng.choice(
            (
                f"DLP {dlp} mGy-cm",
                f"CTDIvol {ctdi} mGy; DLP {dlp} mGy*cm",
                f"Total DLP: {dlp} mGy-cm",
                f"CTDIvol: {ctdi} mGy, DLP: {dlp} mGy.cm",
            )
        )
        return [(text, None, "dose")]

    def _s_contrast(self) -> list[Piece]:
        agents = _MR_CONTRASTS if self.exam.modality == "MR" else _CONTRASTS
        return [(self.rng.choice(agents), None, "contrast")]

    def _s_device(self) -> list[Piece]:
        return [(self.rng.choice(_DEVICES[self.exam.modality]), None, "device")]

    def _s_radiotracer(self) -> list[Piece]:
        tracer = self.rng.choice(_RADIOTRACERS.get(self.exam.code, ("Tc-99m MDP",)))
        mci = f"{self.rng.uniform(4, 26):.1f}"
        return [(f"{mci} mCi", None, "dose"), (" of ", None, None), (tracer, None, "contrast")]

    def _s_cpt(self) -> str:
        return self.rng.choice(_CPT[self.exam.modality])

    def _s_fluoro_min(self) -> str:
        return f"{self.rng.uniform(0.5, 6):.1f}"

    def _s_dap(self) -> str:
        return str(self.rng.randint(120, 4800))

    def _s_vital(self) -> list[Piece]:
        text = self.rng.choice(
            (
                f"SpO2 {self.rng.randint(86, 99)}% on room air",
                f"HR {self.rng.randint(88, 128)} bpm",
                f"temperature {self.rng.uniform(37.5, 39.6):.1f} C",
                f"BP {self.rng.randint(95, 180)}/{self.rng.randint(55, 100)}",
                f"WBC {self.rng.uniform(9, 21):.1f}",
                f"respiratory rate {self.rng.randint(18, 32)}",
            )
        )
        return [(text, None, "lab_value")]

    def _s_lab(self) -> list[Piece]:
        text = self.rng.choice(
            (
                f"Creatinine {self.rng.uniform(0.6, 1.9):.1f} mg/dL",
                f"eGFR {self.rng.randint(35, 110)}",
                f"PSA {self.rng.uniform(2, 19):.1f} ng/mL",
                f"TSH {self.rng.uniform(0.01, 9):.2f}",
                f"AFP {self.rng.randint(4, 400)} ng/mL",
                f"hemoglobin {self.rng.uniform(7, 15):.1f} g/dL",
            )
        )
        return [(text, None, "lab_value")]

    def _s_lab_cr(self) -> list[Piece]:
        return [(f"{self.rng.uniform(0.6, 1.6):.1f} mg/dL", None, "lab_value")]

    def _s_indication(self) -> str:
        return self.rng.choice(self.exam.indications)

    def _s_pmh(self) -> str:
        return self.c.pmh_deck.draw()

    def _s_prior_exam(self) -> str:
        return self.rng.choice(self.exam.priors)

    # ----------------------------------------------------------------- sections
    def _heading(self, key: str) -> str:
        return self.rng.choice(_SECTION_NAMES[key]) + ":"

    def header(self) -> None:
        """Write one of several header layouts (where most structured PHI sits)."""
        rng = self.rng
        layout = rng.randrange(8)
        if rng.random() < 0.55:
            self.line("{org}")
            self.line(
                rng.choice(
                    (
                        "Department of Radiology | {address} {zip} | Tel: {phone} | Fax: {fax}",
                        "Department of Diagnostic Imaging\n{address} {zip}",
                        "Radiology Services  Phone {phone}  Fax {fax}",
                        "{address} {zip}   {url}",
                    )
                )
            )
            self.line()
        if layout == 0:
            self.line("PATIENT: {pt_hdr}    MRN: {mrn}    DOB: {dob} (Age: {age_hdr})")
            self.line("ACCESSION: {acc}    EXAM DATE: {study_date_hdr} {study_time}")
            self.line("REFERRING PHYSICIAN: {ref}")
        elif layout == 1:
            self.line("RADIOLOGY REPORT")
            self.line("Patient Name: {pt_hdr}")
            self.line("Medical Record Number: {mrn}")
            self.line("Date of Birth: {dob}    Age: {age_hdr}    Sex: {sex_letter}")
            self.line("Accession Number: {acc}")
            self.line("Date of Service: {study_date_hdr}")
            self.line("Ordering Physician: {ref}")
            self.line("Location: {org}")
        elif layout == 2:
            self.line("NAME: {pt_hdr} | MRN# {mrn} | DOB {dob} | {age_short} | ACC {acc}")
            self.line("Exam: {study_date_hdr} {study_time}")
        elif layout == 3:
            self.line("Patient ID: {mrn}    Acc#: {acc}    Exam Date: {study_date_hdr}    Age: {age_hdr}")
            self.line("Referring: {ref}    Encounter: {encounter}")
        elif layout == 4:
            self.line("Pt: {pt_hdr}   ID: {mrn}   Birth date: {dob}   Age/Sex: {age_short}   Visit: {encounter}")
            self.line("Accession number {acc}; exam date {study_date_hdr} at {study_time}")
        elif layout == 6:
            self.line("Patient: {pt_hdr} ({sex_letter}, {age_hdr})    MRN {mrn}")
            self.line("Order # {order}    Accession {acc}")
            self.line("Exam date/time: {study_date_hdr} {study_time}    Requested by: {ref}, {clinic}")
        elif layout == 7:
            self.line("Medical record number: {mrn}")
            self.line("Patient name: {pt_hdr}")
            self.line("DOB: {dob}")
            self.line("Acc #: {acc}")
            self.line("Attending: {ref}    Primary care: {ref_other}")
            self.line("Date of exam: {study_date_hdr}")
        else:
            self.line("Patient: {pt_hdr}    DOB: {dob}    Age: {age_hdr}")
            self.line("Address: {pt_street}, {pt_city} {pt_zip}")
            self.line("Home phone: {pt_phone}    Email: {pt_email}")
            self.line("MRN: {mrn}    Encounter: {encounter}    SSN: {ssn}")
            self.line("Accession: {acc}    Ordered by: {ref}    Exam date: {study_date_hdr} {study_time}")
        self.line()

    def _s_pt_street(self) -> list[Piece]:
        return [(self.c.street(), "ADDRESS", None)]

    def _s_pt_city(self) -> list[Piece]:
        return [(self.c.city_state(), "ADDRESS", None)]

    def _s_pt_zip(self) -> list[Piece]:
        return [(self.c.zip_code(), "ZIP", None)]

    def _s_pt_email(self) -> list[Piece]:
        n = self.patient.name
        domain = self.rng.choice(("example.com", "mail.example.org", "example.net"))
        local = self.rng.choice((f"{n.given}.{n.family}", f"{n.given[0]}{n.family}{self.rng.randint(1, 99)}"))
        return [(f"{local.lower()}@{domain}", "EMAIL", None)]

    def title(self) -> None:
        """Write the exam line."""
        label = self.rng.choice(("EXAM", "EXAMINATION", "PROCEDURE", "STUDY", "Exam"))
        title = self.rng.choice(self.exam.titles)
        if self.rng.random() < 0.3:
            self.line(f"{label}: {title} ({{study_date}})")
        else:
            self.line(f"{label}: {title}")
        self.line()

    def history(self) -> None:
        """Write CLINICAL HISTORY / INDICATION."""
        text = self.rng.choice(_HISTORY) + self.rng.choice(_INDICATION_SUFFIX)
        self.line(f"{self._heading('history')} {text}")

    def comparison(self) -> None:
        """Write COMPARISON."""
        self.line(f"{self._heading('comparison')} {self.rng.choice(_COMPARISON)}")

    def technique(self) -> None:
        """Write TECHNIQUE: exam wording plus generic contrast, dose and staff lines."""
        rng = self.rng
        parts = [rng.choice(self.exam.technique)]
        if self.exam.contrast and rng.random() < 0.8:
            parts.append(rng.choice(_TECHNIQUE_CONTRAST))
        if self.exam.modality == "CT" and rng.random() < 0.7:
            parts.append(rng.choice(_TECHNIQUE_CT))
        if self.exam.modality == "FL":
            parts.append(rng.choice(_TECHNIQUE_FL))
        for template in rng.sample(_TECHNIQUE_ANY, rng.choice((0, 1, 1, 2))):
            parts.append(template)
        self.line(f"{self._heading('technique')} " + " ".join(parts))
        self.line()

    def findings(self) -> bool:
        """Write FINDINGS; return True when every organ line is the normal one."""
        rng = self.rng
        exam = self.exam
        sentences: list[tuple[str, str]] = []
        abnormal = False
        for heading, options in exam.findings:
            if len(options) > 1 and rng.random() < 0.4:
                abnormal = True
                sentences.append((heading, rng.choice(options[1:])))
            else:
                sentences.append((heading, options[0]))
        deck = self.c.eponym_decks.get(exam.code)
        if deck is not None:
            # One eponym sentence per report (a second now and then): eponyms are the hard negatives.
            for _ in range(2 if rng.random() < 0.25 else 1):
                eponym = deck.draw()
                self.eponym_sentences.append(eponym)
                where = rng.randrange(len(sentences))
                heading, text = sentences[where]
                sentences[where] = (heading, f"{text} {eponym}")
        if rng.random() < 0.5:
            extra = rng.choice(_FINDINGS_EXTRA)
            i = rng.randrange(len(sentences))
            sentences[i] = (sentences[i][0], f"{sentences[i][1]} {extra}")
        self.line(self._heading("findings"))
        if rng.random() < 0.6:
            for heading, text in sentences:
                self.line(f"{heading}: {text}")
        else:
            self.line(" ".join(text for _, text in sentences))
        self.line()
        return not abnormal

    def impression(self, normal: bool) -> None:
        """Write IMPRESSION, communication and follow-up lines."""
        rng = self.rng
        exam = self.exam
        if normal or len(exam.impressions) == 1:
            items = [exam.impressions[0]]
        else:
            items = rng.sample(exam.impressions[1:], min(len(exam.impressions) - 1, rng.choice((1, 1, 2))))
        if self.eponym_sentences and rng.random() < 0.3:
            items.append(self.eponym_sentences[0])
        if rng.random() < 0.4:
            items.append(rng.choice(_COMMUNICATION))
        if rng.random() < 0.2:
            items.append(rng.choice(_FOLLOW_UP))
        self.line(self._heading("impression"))
        numbered = rng.random() < 0.6
        for n, item in enumerate(items, start=1):
            self.line(f"{n}. {item}" if numbered else item)
        self.line()

    def signature(self) -> None:
        """Write the signature block, sometimes an addendum, sometimes a footer."""
        rng = self.rng
        for template in rng.sample(_SIGNATURE, rng.choice((1, 1, 2))):
            self.line(template)
        if rng.random() < 0.15:
            self.line()
            self.line(rng.choice(_ADDENDUM))
        if rng.random() < 0.45:
            self.line()
            for template in rng.sample(_FOOTER, rng.choice((1, 1, 2))):
                self.line(template)

    def write(self) -> dict[str, Any]:
        """Render the whole report and return it with its labels."""
        self.header()
        self.title()
        self.history()
        self.comparison()
        self.technique()
        self.impression(self.findings())
        self.signature()
        text = self.out.text
        terms = self.out.terms + _auto_terms(text, self.out.gold, self.out.terms)
        terms.sort(key=lambda t: t["start"])
        n = self.patient.name
        # The order always names the referring and reading physicians; others only when mentioned.
        physicians = [self.ref.name.dicom(upper=True), self.rad.name.dicom(upper=True)]
        physicians += [p for p in self.physicians if p not in physicians]
        return {
            "id": f"RPT{self.index:06d}",
            "text": text,
            "patient": {
                "name": n.dicom(upper=True),
                "mrn": self.mrn,
                "birth_date": self.birth_date.isoformat(),
                "accession": self.accession,
                "physicians": physicians,
            },
            "study_date": self.study_date.isoformat(),
            "report_type": self.exam.report_type,
            "gold": self.out.gold,
            "clinical_terms": terms,
        }


def _auto_terms(text: str, gold: Iterable[dict[str, Any]], terms: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Label eponyms, categories, measurements and laterality outside spans already labelled."""
    taken = bytearray(len(text))
    for span in (*gold, *terms):
        taken[span["start"] : span["end"]] = b"\x01" * (span["end"] - span["start"])
    found: list[dict[str, Any]] = []
    for category, pattern in _AUTO_TERMS:
        for m in pattern.finditer(text):
            start, end = m.span()
            if any(taken[start:end]):
                continue
            taken[start:end] = b"\x01" * (end - start)
            found.append({"start": start, "end": end, "text": m.group(0), "category": category})
    return found


def generate_report_corpus(count: int, seed: int) -> list[dict[str, Any]]:
    """Return `count` labelled synthetic radiology reports, identical for the same seed."""
    if count < 0:
        raise ValueError("count must be >= 0")
    corpus = _Corpus(seed)
    return [_ReportWriter(corpus, i).write() for i in range(1, count + 1)]


def write_jsonl(reports: Iterable[dict[str, Any]], path: str | Path) -> Path:
    """Write reports one JSON object per line (UTF-8) and return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for report in reports:
            fh.write(json.dumps(report, ensure_ascii=False, sort_keys=False))
            fh.write("\n")
    return path


def read_jsonl(path: str | Path) -> list[dict[str, Any]]:
    """Read reports written by `write_jsonl`."""
    with Path(path).open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]
