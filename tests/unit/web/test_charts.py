"""Charts are SVG drawn from counts, readable without seeing them: a spoken title and a table of the same numbers."""
import re

from app.web.charts import bar_chart, stacked_chart


def test_a_bar_chart_says_its_numbers_and_draws_small_cells_hatched():
    figure = str(bar_chart("years", "Studies per year", {"2019": 40, "2020": "<11", "2021": "hidden"}, 11))
    assert '<svg class="chart" role="img" aria-labelledby="years-title"' in figure
    assert '<title id="years-title">Studies per year: 2019 40, 2020 &lt;11, 2021 hidden</title>' in figure
    assert 'fill="url(#years-bar)"' in figure and 'stroke-dasharray="3 2"' in figure
    assert re.search(r'<th scope="row">2020</th><td>&lt;11</td>', figure)
    widths = [float(w) for w in re.findall(r'<rect x="[\d.]+" y="\d+" width="([\d.]+)" height="16"', figure)]
    assert widths[0] == max(widths)  # 40 is the longest bar; "<11" is drawn at 10, not more


def test_a_stacked_chart_splits_each_label_by_status_and_escapes_names():
    figure = str(stacked_chart("labels", "Label prevalence", {"<b>pneumothorax</b>": {
        "absent": 4, "uncertain": "<11", "present": 14}}, 11))
    assert "<b>" not in figure and "&lt;b&gt;pneumothorax" in figure
    present, uncertain = figure.index('fill="#1d6b32"'), figure.index('fill="url(#labels-uncertain)"')
    assert present < uncertain < figure.index('fill="#4a5868"')
    assert '<th scope="col">Present</th><th scope="col">Uncertain</th><th scope="col">Absent</th>' in figure
