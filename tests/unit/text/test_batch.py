"""A JSONL file of reports de-identified by forked workers: they share the engine and the learned model the parent
loaded, rather than each loading its own on its first report."""
from __future__ import annotations

import json
import os
from functools import partial

from app.identity import IdentityKeys
from app.jsonl import Handler, map_jsonl
from app.profiles import ProfileLibrary, Profile
from app.text import batch
from app.text.ner_model import shared_model

from .conftest import ROOT

# Names no rule finds, so the learned model reads the line (see test_learned_names).
REPORT = "Indication: RLQ pain. Tech Luis \"Lucho\" Barrientos assisted.\nDiscussed with Fitzgerald Oyewumi by phone."


def _observed(profile: Profile, keys: IdentityKeys) -> Handler:
    """The batch's own handler, with each output line saying which process wrote it and which model it saw."""
    handler = batch._handler(profile, keys)

    def observe(item: dict) -> dict:
        return {**handler(item), "pid": os.getpid(), "model": id(shared_model()),
                "loads": shared_model.cache_info().misses}

    return observe


def test_forked_workers_use_the_model_the_parent_loaded(tmp_path):
    source, destination = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text("".join(json.dumps({"id": f"r{i}", "text": REPORT}) + "\n" for i in range(8)))
    profile = ProfileLibrary(ROOT / "profiles").get("basic")
    shared_model.cache_clear()  # so that this run is the one to load it
    run = map_jsonl(source, destination, partial(_observed, profile, IdentityKeys(b"u" * 32, b"p" * 32, b"d" * 32)),
                    workers=2)
    rows = [json.loads(line) for line in destination.read_text().splitlines()]
    assert run.written == len(rows) == 8
    assert os.getpid() not in {row["pid"] for row in rows}  # every report was read in a worker
    # Loaded once, here, before the workers were forked: each worker sees that very model and no load of its own.
    assert shared_model.cache_info().misses == 1
    assert {(row["model"], row["loads"]) for row in rows} == {(id(shared_model()), 1)}
    assert all("Oyewumi" not in row["text"] and "Lucho" not in row["text"] for row in rows)
