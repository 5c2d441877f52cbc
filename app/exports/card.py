"""The dataset card (data/README.md) of an export: what it holds, how it was made, how to cite its provenance."""
from __future__ import annotations

import json


def _label_table(manifest: dict) -> str:
    """Return the label definitions with their prevalence among the exported studies, as a Markdown table."""
    if not manifest["prevalence"]:
        return "No labels were requested."
    rows = ["| concept | name | present | absent | uncertain | not mentioned |", "|---|---|---|---|---|---|"]
    for concept, counts in manifest["prevalence"].items():
        rows.append(f"| {concept} | {manifest['label_names'][concept]} | {counts['present']} | {counts['absent']} | "
                    f"{counts['uncertain']} | {counts['unmentioned']} |")
    return "\n".join(rows)


def _missing_volumes(manifest: dict) -> str:
    """Return the card's line on series without a NIfTI volume, when NIfTI was exported."""
    if "nifti" not in manifest["outputs"]:
        return ""
    return (f"- Series without a NIfTI volume (dcm2niix could not make one, as of a structured report): "
            f"{manifest['counts']['series_without_nifti']}.\n")


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
{_missing_volumes(manifest)}
## How it was made

- Cohort definition (SHA-256 `{manifest['definition_hash']}`):

  ```json
  {json.dumps(manifest['definition'], sort_keys=True)}
  ```
- De-identification profile `{profile['name']}` version {profile['version']} (SHA-256 `{profile['hash']}`).
- Finding labels from ontology version `{manifest['ontology_version']}`.
- Patient-level splits ({splits}) with seed {manifest['seed']}: a patient's studies are all in one split.

## Labels

{_label_table(manifest)}

Split sizes (patients): {", ".join(f"{name} {n}" for name, n in manifest["split_sizes"].items())}; the splits are
stratified on the first label.

## Known limits

- Labels come from the reports by an automatic annotator (negation, uncertainty and history from
  ConText-style rules); they are not a radiologist's reading. "uncertain" is -1, not a negative.
- Burned-in text is masked only where the profile cleans pixels; masked regions are black.
- Dates are shifted per patient when the profile shifts them: intervals hold, calendar dates do not.

## Files

- `dicom/<patient>/<study>/<series>/<instance>.dcm`: de-identified images.
- `nifti/<patient>/<study>/<series>.nii.gz` and `png/<patient>/<study>/<series>/<instance>.png` when asked:
  one volume per series (dcm2niix), one windowed 8-bit image per instance (the middle frame of a cine).
- `reports.jsonl`: de-identified reports, `{{"patient", "study", "text"}}` per line.
- `labels.csv`: `patient,study,<concept>...`; 1 present, 0 absent, -1 uncertain, blank not mentioned.
- `splits.csv`: `patient,split`.
- `datalist.json`: MONAI-style `training`, `validation`, `test` lists of `{{"image", "label", ...}}`; a
  study's `image` is its NIfTI volume (a list of volumes for several series) when NIfTI was exported, else
  its DICOM study folder.
- `manifest.json`: all of the above as data.

Patients and studies are pseudonyms and remapped UIDs, the same in every file. The link to the
source records is held only by the honest broker. Use under the approved IRB protocol only.
"""
