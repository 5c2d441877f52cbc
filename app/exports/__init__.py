"""Export packages of a cohort for AI training (DESIGN.md, "Export package").

A use-case layer over the archive index: it runs the de-identification engines a profile run hands it
(`deid.runs.ProfileRuns.export`, which audits the export and records the files it quarantined) on the
cohort's images and reports and writes labels, splits and a manifest into a BagIt bag. Engines never
import it.
"""
