"""The name-swap check's rewriting: stand-ins on no list, structure and case kept, every offset rebuilt."""
import pytest

from app.text.recognizers._gazetteer import given_names, is_english, listed_place, surnames
from tests.synth.name_swap import ENGLISH_SURNAMES, swap_names

TEXT = ("Called Dr. Anna K. Smith at Lakeview Imaging Center, 12 Elm Street, Eau Claire, WI 54701. "
        "SMITH agreed. Circle of Willis intact.")


def _span(kind: str, value: str) -> dict:
    start = TEXT.index(value)
    return {"type": kind, "start": start, "end": start + len(value), "text": value}


REPORT = {"id": "r1", "text": TEXT, "patient": None,
          "gold": [_span("PERSON", "Anna K. Smith"), _span("ORGANIZATION", "Lakeview Imaging Center"),
                   _span("ADDRESS", "12 Elm Street"), _span("ADDRESS", "Eau Claire, WI"), _span("ZIP", "54701"),
                   _span("PERSON", "SMITH")],
          "clinical_terms": [{"category": "eponym", **{k: v for k, v in _span("-", "Circle of Willis").items()
                                                        if k != "type"}}]}


@pytest.mark.parametrize("mode", ["invented", "english"])
def test_every_span_still_points_at_its_rewritten_words(mode):
    swapped = swap_names([REPORT], mode)[0]
    for item in swapped["gold"] + swapped["clinical_terms"]:
        assert swapped["text"][item["start"]:item["end"]] == item["text"]
    assert [g["text"] for g in swapped["gold"] if g["type"] == "ZIP"] == ["54701"]
    assert swapped["clinical_terms"][0]["text"] == "Circle of Willis"
    assert "Smith" not in swapped["text"] and "Lakeview" not in swapped["text"] and "Claire" not in swapped["text"]


@pytest.mark.parametrize("mode", ["invented", "english"])
def test_structure_and_case_are_kept(mode):
    swapped = swap_names([REPORT], mode)[0]
    person, org, street, town, _, shouted = (g["text"] for g in swapped["gold"])
    assert person.split()[1] == "K." and person.split()[0].istitle()
    assert org.endswith(" Imaging Center") and street.startswith("12 ") and street.endswith(" Street")
    assert town.endswith(", WI")
    assert shouted.isupper() and shouted == person.split()[-1].upper()  # one name, one stand-in


def test_invented_words_are_on_no_list_and_english_ones_are_english_surnames():
    invented = swap_names([REPORT], "invented")[0]
    for word in invented["gold"][0]["text"].replace(".", "").split():
        if len(word) > 1:
            lower = word.lower()
            assert not (lower in surnames() or lower in given_names() or is_english(lower) or listed_place(word))
    english = swap_names([REPORT], "english")[0]
    assert english["gold"][0]["text"].split()[-1] in ENGLISH_SURNAMES


def test_an_unknown_mode_is_refused():
    with pytest.raises(ValueError):
        swap_names([REPORT], "shuffled")
