"""Export packages of a cohort for AI training (DESIGN.md, "Export package").

A use-case layer over the archive index: it runs the de-identification engines on the cohort's
images and reports and writes labels, splits and a manifest into a BagIt bag. Engines never import it.
"""
