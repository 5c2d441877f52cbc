"""The dataset card (data/README.md) of an export: what it holds, how it was made, how to cite its provenance."""
from __future__ import annotations

import json


def dataset_card(manifest: dict) -> str:
    """Return the Markdown card for an export's manifest."""
    counts, profile = manifest["counts"], manifest["profile"]
    quarantined = ", ".join(f"{n} {reason}" for reason, n in manifest["quarantined"].items()) or "none"
    splits = ", ".join(f"{name} {share:.0%}" for name, share in manifest["splits"].items())
    return f"""# De-identified research cohort

Produced by Cleanroom {manifest['software_version']}, the hospital's honest broker.

## What it holds

- {counts['patients']} patients, {counts['studies']} studies, {counts['instances']} DICOM instances,
  {counts['reports']} reports.
- Outputs: {', '.join(manifest['outputs'])}.
- Studies selected but left out because none of their images could be proven clean: {counts['studies_left_out']}.
- Files not released (quarantined by reason): {quarantined}.

## How it was made

- Cohort definition (SHA-256 `{manifest['definition_hash']}`):

  ```json
  {json.dumps(manifest['definition'], sort_keys=True)}
  ```
- De-identification profile `{profile['name']}` version {profile['version']} (SHA-256 `{profile['hash']}`).
- Finding labels from ontology version `{manifest['ontology_version']}`.
- Patient-level splits ({splits}) with seed {manifest['seed']}: a patient's studies are all in one split.

## Files

- `dicom/<patient>/<study>/<series>/<instance>.dcm`: de-identified images.
- `reports.jsonl`: de-identified reports, `{{"patient", "study", "text"}}` per line.
- `labels.csv`: `patient,study,<concept>...`; 1 present, 0 absent, -1 uncertain, blank not mentioned.
- `splits.csv`: `patient,split`.
- `datalist.json`: MONAI-style `training`, `validation`, `test` lists of `{{"image", "label", ...}}`.
- `manifest.json`: all of the above as data.

Patients and studies are pseudonyms and remapped UIDs, the same in every file. The link to the
source records is held only by the honest broker. Use under the approved IRB protocol only.
"""
