"""Distributions shown to researchers: small cells read "<11", and no subtraction from the total pins one down."""
import itertools
import random

import pytest

from app.cohorts.counts import HIDDEN, Feasibility, _distribution

T = 11


@pytest.mark.parametrize("cells,shown", [
    ({"CT": 21, "MR": 5}, {"CT": HIDDEN, "MR": "<11"}),
    ({"F": 10, "M": 12, "O": 2}, {"F": "<11", "M": HIDDEN, "O": "<11"}),
    ({"F": 1, "M": 1, "O": 30}, {"F": "<11", "M": "<11", "O": HIDDEN}),
    ({"F": 10, "M": 10}, {"F": HIDDEN, "M": HIDDEN}),  # "<11" twice adding up to 20 would say 10 and 10
    ({"F": 1, "M": 11}, {"F": HIDDEN, "M": HIDDEN}),  # hiding the 11 alone: 1 + at least 11 = 12 says 1
    ({"2019": 40, "2020": 12, "2021": 3}, {"2019": 40, "2020": HIDDEN, "2021": "<11"}),
    ({"A": 0, "B": 15}, {"A": 0, "B": 15}),
])
def test_small_cells_and_their_complements(cells, shown):
    assert _distribution(cells, T, total_shown=True) == shown


def test_without_a_shown_total_only_small_cells_are_suppressed():
    assert _distribution({"CT": 4, "MR": 5}, T, total_shown=False) == {"CT": "<11", "MR": "<11"}


def test_no_small_cell_can_be_worked_out_from_what_is_shown():
    """Brute force: every split of the total that fits what is shown leaves each small cell more than one value.

    The reader knows the total and the shown cells; a "<11" cell is 1 to 10; a hidden cell beside a "<11" one is
    at least 11 and, being hidden smallest first, at most the smallest shown cell; otherwise it may be anything.
    """
    rng = random.Random(26)
    for _ in range(300):
        cells = {f"c{i}": rng.choice([0, rng.randint(1, 10), rng.randint(11, 25)]) for i in range(rng.randint(2, 4))}
        total = sum(cells.values())
        if total < T:
            continue
        shown = _distribution(cells, T, total_shown=True)
        numbers = [v for v in shown.values() if isinstance(v, int)]
        ceiling = min([n for n in numbers if n >= T], default=total)
        beside_small = "<11" in shown.values()
        ranges = {k: range(1, T) if v == "<11" else range(T, ceiling + 1) if beside_small else range(1, total + 1)
                  for k, v in shown.items() if isinstance(v, str)}
        possible = {k: set() for k in ranges}
        for values in itertools.product(*ranges.values()):
            if sum(values) == total - sum(numbers):
                for key, value in zip(ranges, values):
                    possible[key].add(value)
        for key, value in cells.items():
            if 0 < value < T:
                assert len(possible[key]) > 1, (cells, shown, key)


def test_the_spread_is_part_of_what_researchers_see():
    counts = Feasibility(studies=26, by_modality={"CT": 21, "MR": 5}, by_sex={"F": 26, "M": 0, "O": 0, "unknown": 0})
    shown = counts.suppressed(T)
    assert shown["by_modality"] == {"CT": HIDDEN, "MR": "<11"} and shown["by_sex"]["F"] == 26
    assert counts.exact()["by_modality"] == {"CT": 21, "MR": 5}
