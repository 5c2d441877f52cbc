"""trim_name's lower-case lead words: the particles a family name opens with stay, other lower-case words go."""
import pytest
import regex

from app.text.recognizers._names import NAME_PARTICLES, PARTICLE, trim_name


@pytest.mark.parametrize("text", ["van Dyke", "de la Cruz", "von Ostrander", "ter Haar"])
def test_a_particle_that_opens_a_name_stays_with_it(text):
    assert trim_name(text, 0, len(text)) == (0, len(text))


@pytest.mark.parametrize("text, kept", [("on Hallworth", "Hallworth"), ("a Hallworth", "Hallworth"),
                                        ("i Quennell", "Quennell")])
def test_a_lower_case_word_that_is_no_particle_is_dropped(text, kept):
    start, end = trim_name(text, 0, len(text))
    assert text[start:end] == kept


def test_every_lead_word_kept_is_a_particle_the_name_patterns_accept():
    assert all(regex.fullmatch(PARTICLE, word) for word in NAME_PARTICLES)
