"""Issue #22: the side written inside a finding's name ("hyperdense left MCA sign") does not hide the name, and the
phrase index finds the same longest phrases whether or not a skippable word follows a phrase's first word. Each
sentence is written anew for its shape."""
import pytest

from app.ontology.phrases import PhraseIndex

from .conftest import statuses


@pytest.mark.parametrize("text, expected", [
    ("Hyperdense right MCA sign.", {("large vessel occlusion", "present")}),
    ("Elevated left hemidiaphragm, otherwise clear.", {("elevated hemidiaphragm", "present")}),
    ("No hyperdense left MCA sign.", {("large vessel occlusion", "absent")}),
    # a side before the name, as before, is outside it
    ("Right pleural effusion.", {("pleural effusion", "present")}),
])
def test_a_side_inside_a_name(shipped, text, expected):
    assert statuses(shipped, text) == expected


@pytest.mark.parametrize("keys, expected", [
    (["heart", "left", "mildly", "enlarged"], [("cardiomegaly", 0, 4)]),
    (["heart", "enlarged", "left"], [("cardiomegaly", 0, 2)]),
    (["left", "heart", "enlarged"], [("cardiomegaly", 1, 3)]),
    (["heart", "is", "left", "enlarged"], [("heart", 0, 1)]),
    (["heart", "mildly"], [("heart", 0, 1)]),
])
def test_skippable_words_right_after_the_first_word_and_later(keys, expected):
    index = PhraseIndex([(("heart",), "heart"), (("heart", "enlarged"), "cardiomegaly")],
                        skippable=frozenset({"mildly", "left"}))
    assert [(m.value, m.start, m.end) for m in index.find(keys)] == expected


def test_a_side_after_an_article_belongs_to_the_site():
    index = PhraseIndex([(("mass", "in", "the", "breast"), "breast mass"), (("mass",), "mass")],
                        skippable=frozenset({"left"}), closed=frozenset({"the"}))
    assert [m.value for m in index.find(["mass", "in", "the", "left", "breast"])] == ["mass"]
    assert [m.value for m in index.find(["mass", "in", "the", "breast"])] == ["breast mass"]
