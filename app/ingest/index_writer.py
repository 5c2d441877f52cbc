"""Instance records into patients, studies, series and instances: batched upserts keyed by UID and keyed hash."""
from __future__ import annotations

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.engine import Connection

from ..db import Database
from ..models import Instance, Patient, Series, Study, utcnow
from ..sealed import Sealer
from .dates import age_in_years, parse_date
from .instances import InstanceRecord


def patient_lookup(sealer: Sealer, patient_id: str, study_uid: str) -> str:
    """Return the keyed hash that finds a patient; a file without a patient ID is its study's own patient."""
    return sealer.lookup_key("patient_id", patient_id) if patient_id else sealer.lookup_key("no_patient_id", study_uid)


def patient_row(sealer: Sealer, lookup: str, patient_id: str, name: str, birth_date: str, sex: str) -> dict:
    """Return a patients row: the lookup hash, sealed identifiers, plain sex."""
    return {"patient_lookup": lookup, "patient_id_sealed": sealer.seal(patient_id, "patient_id"),
            "name_sealed": sealer.seal_optional(name, "name"),
            "birth_date_sealed": sealer.seal_optional(birth_date, "birth_date"), "sex": sex.upper() or None}


class IndexWriter:
    """Writes batches of instance records; patients, studies and series are written once per run each."""

    def __init__(self, db: Database, sealer: Sealer):
        self.db, self.sealer = db, sealer
        self._patients: dict[str, int] = {}
        self._studies: dict[str, int] = {}
        self._series: dict[str, int] = {}

    def write(self, records: list[InstanceRecord]) -> list[str]:
        """Index the records in one transaction; return each one's status: "indexed" (new) or "updated"."""
        seal, now = self.sealer.seal_optional, utcnow()
        # Each patient and study is sealed and written once, from its first record (as in later batches).
        keys = [patient_lookup(self.sealer, r.patient_id, r.study_uid) for r in records]
        with self.db.engine.begin() as conn:
            patients = {}
            for r, key in zip(records, keys):
                if key not in self._patients and key not in patients:
                    patients[key] = patient_row(self.sealer, key, r.patient_id, r.patient_name, r.birth_date, r.sex)
            self._patients.update(upsert_rows(conn, Patient.__table__, "patient_lookup", patients)[0])
            studies = {}
            for r, key in zip(records, keys):
                if r.study_uid not in self._studies and r.study_uid not in studies:
                    study_date = parse_date(r.study_date)
                    studies[r.study_uid] = {
                        "study_uid": r.study_uid, "patient_id": self._patients[key],
                        "accession_lookup": self.sealer.lookup_key("accession", r.accession) if r.accession else None,
                        "accession_sealed": seal(r.accession, "accession"),
                        "issuer_sealed": seal(r.issuer, "issuer"), "study_date": study_date,
                        "age_years": age_in_years(parse_date(r.birth_date), study_date, r.patient_age)}
            self._studies.update(upsert_rows(conn, Study.__table__, "study_uid", studies)[0])
            series = {r.series_uid: {"series_uid": r.series_uid, "study_id": self._studies[r.study_uid],
                                     "modality": r.modality.upper() or None, "body_part": r.body_part.upper() or None,
                                     "manufacturer": r.manufacturer or None}
                      for r in records if r.series_uid not in self._series}
            self._series.update(upsert_rows(conn, Series.__table__, "series_uid", series)[0])
            instances = {r.sop_instance_uid: {
                "sop_instance_uid": r.sop_instance_uid, "series_id": self._series[r.series_uid],
                "sop_class_uid": r.sop_class_uid or None, "transfer_syntax": r.transfer_syntax or None,
                "number_of_frames": r.number_of_frames, "burned_in_risk": r.burned_in_reason is not None,
                "burned_in_reason": r.burned_in_reason, "location_sealed": self.sealer.seal(r.location, "location"),
                "indexed_at": now} for r in records}
            new = upsert_rows(conn, Instance.__table__, "sop_instance_uid", instances)[1]
        statuses = []
        for r in records:
            statuses.append("indexed" if r.sop_instance_uid in new else "updated")
            new.discard(r.sop_instance_uid)  # a second copy in one batch is an update
        return statuses


def upsert_rows(conn: Connection, table: Table, key: str, rows: dict[str, dict],
                update_existing: bool = True) -> tuple[dict[str, int], set[str]]:
    """Update the rows whose `key` exists (unless told not to), insert the rest; return key -> id, keys inserted."""
    if not rows:
        return {}, set()
    key_column = table.c[key]
    ids: dict[str, int] = {}
    keys = list(rows)
    for start in range(0, len(keys), 500):  # bound the IN list (SQLite's variable limit)
        ids.update(conn.execute(select(key_column, table.c.id).where(key_column.in_(keys[start:start + 500]))).all())
    # Bound names must differ from column names in an UPDATE's SET clause, hence the prefix.
    existing = [{"_id": ids[k], **{f"_{name}": value for name, value in rows[k].items()}} for k in keys if k in ids]
    if existing and update_existing:
        columns = {name: bindparam(f"_{name}") for name in rows[keys[0]] if name != key}
        conn.execute(update(table).where(table.c.id == bindparam("_id")).values(columns), existing)
    new = [rows[k] for k in keys if k not in ids]
    if new:
        ids.update(conn.execute(insert(table).returning(key_column, table.c.id), new).all())
    return ids, {row[key] for row in new}
