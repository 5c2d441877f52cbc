"""Clinical and report-structure words that are never part of a person's, city's or institution's name.

Used to trim and veto candidates that anchor-based patterns pick up next to real names ("Chest, PA",
"Called Jane Smith", "Diffusion Imaging"). Lower case. It need not be complete: it only has to
cover words likely to sit, capitalised, where a name could be.
"""
from __future__ import annotations

from pathlib import Path

import regex

_WORDS = """
abdomen abdominal acetabulum acromioclavicular acute adenoma adenopathy adnexa adnexal adrenal air airway
airways alveolar anastomosis aneurysm angiogram angiography ankle annulus anterior antrum aorta aortic apex
apical appendicitis appendix arch arm arterial arteries artery arthritis arthroplasty ascites aspect atelectasis
atrium atrophy axial axilla axillary back barium base basal bilateral biliary biopsy bladder bleed blood body
bone bones bowel brain breast breasts bronchi bronchial bronchiectasis bulb bursa bursitis calcaneus calcification
calcifications calcified calculus calyx canal cancer capsule cardiac cardiomegaly carina carotid cartilage cecum
celiac central cerebellar cerebellum cerebral cervical cervix chest cholecystitis chronic cirrhosis clavicle
coccyx colitis collection colon common complex compression condyle consolidation contrast contusion cord
coronal coronary cortex cortical cranial cyst cystic degenerative density diaphragm diffuse disc discs disease
dissection distal diverticulitis diverticulosis dorsal duct ducts duodenum dural echo edema effusion effusions
elbow embolism embolus emphysema endometrium enhancement enlarged enlargement epidural esophagus extremity
facet fallopian fascia fat fatty femoral femur fibroid fibrosis fibula fistula fluid focal foot foramen forearm
fossa fracture fractures frontal fundus gallbladder gallstones ganglion gastric gland glands glenoid gluteal
graft groin gyrus hamstring hand head heart hemangioma hematoma hemorrhage hepatic hernia hilar hilum hip
humerus hydronephrosis ileum iliac impression infarct infarction inferior inflammation infraspinatus inguinal
injury intact interstitial intestine intra intracranial ischemia jejunum joint joints kidney kidneys knee
labrum lacunar laryngeal larynx lateral left lesion lesions ligament ligaments liver lobe lobar lobes lower
lumbar lung lungs lymph lymphadenopathy lymphoma malignancy mandible marrow mass masses maxillary medial
mediastinal mediastinum meniscus mesenteric mesentery metastasis metastases metastatic midline mild moderate
multiple muscle muscles myocardium nasal neck necrosis neoplasm nerve nerves neural node nodes nodular
nodule nodules normal obstruction occipital occlusion opacity opacities orbit orbital ovarian ovary pancreas
pancreatic pancreatitis paraspinal parenchyma parietal patella pelvic pelvis penis pericardial pericardium
perineum peripheral peritoneal peritoneum pharynx pituitary placenta plaque pleura pleural pneumonia
pneumothorax polyp pons popliteal portal posterior prostate proximal pulmonary pylorus radius rectal rectum
renal retroperitoneal retroperitoneum rib ribs right rotator sacral sacrum sagittal scapula sclerosis
scoliosis scrotum segment segmental seminal septal septum severe shoulder sigmoid sinus sinuses skull small
soft spinal spine spleen splenic stenosis sternum stomach stone stones subchondral subcutaneous subdural
superior supraspinatus suture swelling symphysis synovial talus temporal tendon tendons testis testicle
thalamus thigh thoracic thorax thrombosis thrombus thyroid tibia tissue toe toes trachea tract trauma tube
tumor tumour ulna upper ureter ureters urethra urinary uterine uterus vagina valve vascular vein veins venous
ventral ventricle ventricles ventricular vertebra vertebrae vertebral vessel vessels wall wrist
ct cta mri mra mr pet spect xr cxr kub ivp ercp mrcp us doppler duplex dexa dxa fluoroscopy mammogram
mammography tomosynthesis radiograph radiographs radiography ultrasound sonogram sonography scintigraphy
angiogram venogram myelogram arthrogram esophagram swallow enema
axial coronal sagittal oblique frontal lateral ap pa lat decubitus upright supine prone portable standing
weighted diffusion perfusion flair stir gre swi dwi adc mip mpr reformat reformats reconstructions sequence
sequences phase arterial venous delayed noncontrast unenhanced enhanced precontrast postcontrast
intravenous iv oral rectal intrathecal gadolinium iodinated omnipaque isovue visipaque gadavist dotarem
multihance eovist magnevist prohance clariscan optiray ultravist barium
findings impression history indication indications technique comparison procedure exam examination study
report addendum conclusion recommendation recommendations summary opinion note notes clinical reason
protocol dose dlp ctdi ctdivol mgy msv kvp mas
birads bi-rads lirads li-rads tirads ti-rads pirads pi-rads lungrads lung-rads acr category grade stage score
unremarkable stable unchanged new increased decreased improved worsened resolved persistent interval
negative positive suspicious benign malignant indeterminate likely possible probable consistent compatible
head neck brain spine pelvis abdomen chest knee hip shoulder ankle wrist elbow hand foot colon bowel
musculoskeletal msk neuro pediatric bilateral upright abnormal unremarkable acute chronic small large tiny single
ctv mrv spect nm cr dx rf mg fluoro angio ekg ecg
opacity opacities density densities abnormality abnormalities cavity cavities extremity extremities activity
irregularity lucency lucencies intensity intensities heterogeneity viability patency
evaluate evaluation assess assessment rule follow followup follow-up recommend recommended correlation
"""
ANATOMY_WORDS_PATH = Path(__file__).resolve().parents[1] / "data" / "anatomy_words.txt"
CLINICAL_WORDS = frozenset(_WORDS.split()) | frozenset(
    line for line in ANATOMY_WORDS_PATH.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#"))

# Word endings that mark medical vocabulary and (almost) never end a personal name. Not "-gram"
# (Ingram) or "-ity" (Felicity, Trinity): those clinical words are listed instead.
CLINICAL_SUFFIX = regex.compile(
    r"(?:itis|osis|oses|megaly|ectomy|ostomy|otomy|plasty|graphy|[oa]grams?|scopy|pathy|emia|aemia|algia|ectasis"
    r"|rrhage|rrhea|uria|penia|cytosis|ular|otic|ation|ition|ution|ession|ission|ism|cele|genic"
    r"|lytic|trophy|plasia|iasis|oid|ous|ical)$"
)


def looks_clinical(word: str) -> bool:
    """Return whether a lower-case word is clinical vocabulary or has a clinical ending."""
    return word in CLINICAL_WORDS or (len(word) >= 6 and CLINICAL_SUFFIX.search(word) is not None)
