"""The de-identification pipeline: one file through header → pixels → descriptors → final proof, batch runs, and
profile runs (resolve the profile, record its version, build its engines, run, audit).

Strings the engines (dicom, pixels, text) together over the shared ground (profiles, keyed identity,
known PHI); the edges, the jobs and the use cases call it. Must not touch HTTP, the terminal or jobs.
"""
