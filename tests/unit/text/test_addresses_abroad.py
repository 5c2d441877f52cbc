"""Issue #22: addresses as other countries write them: the house number after the street, the postcode before
the town (continental Europe) or after it in its country's shape (Brazil, Japan, Ireland, four to seven digits).

Every street, town pairing and number here is invented for this file.
"""
import pytest

from .conftest import missed, touched


@pytest.mark.parametrize("text, phi", [
    # The postcode before the town, with or without a country letter.
    ("Copy to the patient, Lindenweg 17, 32756 Detmold.", ["Lindenweg 17", "32756", "Detmold"]),
    ("Outside films: Radiologie Mitte, D-04109 Leipzig.", ["D-04109", "Leipzig"]),
    ("Sent to Hovedgaden 4, DK-4000 Roskilde.", ["Hovedgaden 4", "DK-4000", "Roskilde"]),
    ("Mailed to Keizerstraat 41, 3512 EB Utrecht.", ["Keizerstraat 41", "3512 EB", "Utrecht"]),
    ("Home: ul. Zielona 8, 31-102 Krakow.", ["ul. Zielona 8", "31-102", "Krakow"]),
    ("Lives at Rua das Gaivotas 12, 4050-262 Porto.", ["Rua das Gaivotas 12", "4050-262", "Porto"]),
    ("Lives at Storgatan 9, 411 38 Goteborg.", ["Storgatan 9", "411 38", "Goteborg"]),
    ("Films from Via Garibaldi 40, 10122 Torino.", ["Via Garibaldi 40", "10122", "Torino"]),
    ("Lives at Calle del Pez 14, 28004 Madrid.", ["Calle del Pez 14", "28004", "Madrid"]),
    ("Lives at Tullinkatu 3, 33100 Tampere.", ["Tullinkatu 3", "33100", "Tampere"]),
    ("Patient from Thorvald Meyers gate 22, 0555 Oslo.", ["Thorvald Meyers gate 22", "0555", "Oslo"]),
    # The postcode after the town, in its country's shape.
    ("Copy mailed to 40 Quinta Avenue, Curitiba 80010-010.", ["Curitiba", "80010-010"]),
    ("Returned to Osaka 530-0001, then flew home.", ["Osaka", "530-0001"]),
    ("Copy mailed to 9 Pearse Row, Galway H91 X2R4.", ["9 Pearse Row", "Galway", "H91 X2R4"]),
    ("Mail to 14 Kowhai Street, Christchurch 8011.", ["14 Kowhai Street", "Christchurch", "8011"]),
    ("Copy to 7 Dizengoff Square, Haifa 3303119.", ["Haifa", "3303119"]),
    ("Colonia Centro, C.P. 44100, Guadalajara.", ["44100"]),
])
def test_addresses_abroad_are_found_whole(engine, text, phi):
    assert missed(engine, text, phi) == []


@pytest.mark.parametrize("text, kept", [
    ("Compared with 2021 CT Head and 2022 MR Brain.", ["2021 CT Head", "2022 MR Brain"]),
    ("Given 5000 Units heparin; 2019 Fleischner guidance.", ["5000 Units", "2019 Fleischner"]),
    ("Via Right Femoral 6 Fr sheath; Via Left Radial 5 Fr.", ["Via Right Femoral 6", "Via Left Radial 5"]),
    ("Seen in Boston 2019; returned from Leeds in 2021.", ["2019", "2021"]),  # a year after a town
    ("Dose 1200 Gy, 1450 Lumbar; platelets 150 000.", ["1200 Gy", "1450 Lumbar", "150 000"]),
])
def test_numbers_before_or_after_capitalised_words_are_kept(engine, text, kept):
    assert touched(engine, text, kept) == []
