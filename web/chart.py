"""Geometry of the hits-per-year bar chart, drawn as inline SVG by the search template."""

from dataclasses import dataclass

WIDTH, HEIGHT = 300, 120   # the SVG's viewBox; CSS scales it to the sidebar's width
LABEL_SPACE = 16           # below the bars, for the year labels
MAX_LABELS = 8             # more years than this: label every second, third ... bar


@dataclass
class Bar:
    year: str
    count: int
    x: float
    y: float
    width: float
    height: float
    labelled: bool

    @property
    def centre(self) -> float:
        return self.x + self.width / 2


@dataclass
class Chart:
    bars: list[Bar]
    width: int = WIDTH
    height: int = HEIGHT


def year_chart(year_facet) -> Chart | None:
    """One bar per year in the facet (a list of ``FacetValue``), oldest on the left."""
    years = sorted(year_facet, key=lambda facet_value: facet_value.value)
    if not years:
        return None
    slot = WIDTH / len(years)
    tallest = max(facet_value.count for facet_value in years)
    label_every = -(-len(years) // MAX_LABELS)
    bars = []
    for position, facet_value in enumerate(years):
        height = max(2.0, (HEIGHT - LABEL_SPACE) * facet_value.count / tallest)
        bars.append(Bar(year=facet_value.value, count=facet_value.count,
                        x=round(position * slot + slot * 0.1, 2), y=round(HEIGHT - LABEL_SPACE - height, 2),
                        width=round(slot * 0.8, 2), height=round(height, 2),
                        labelled=position % label_every == 0))
    return Chart(bars)
