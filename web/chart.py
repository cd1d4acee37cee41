"""Geometry of the bar charts drawn as inline SVG by the search template: bulletins per
year (every year of the span, a year without bulletins an empty slot) and, when one year is
chosen, per month. Counts stand above the bars, so they show on a touch screen too."""

from dataclasses import dataclass

WIDTH, HEIGHT = 300, 130   # the SVG's viewBox; CSS scales it to the sidebar's width
LABEL_SPACE = 16           # below the bars, for the labels
COUNT_SPACE = 14           # above the bars, for the counts
SIDE = 12                  # left and right, so that the first and last labels are not cut
MAX_LABELS = 8             # more bars than this: label every second, third ... bar


@dataclass
class Bar:
    label: str      # what stands below it: "2019", "5"
    value: str      # what it filters on: a year, or a month "2019-05"
    count: int
    x: float
    y: float
    width: float
    height: float
    labelled: bool

    @property
    def centre(self) -> float:
        return round(self.x + self.width / 2, 2)


@dataclass
class Chart:
    bars: list[Bar]
    kind: str  # "year" or "month"
    width: int = WIDTH
    height: int = HEIGHT


def year_chart(year_facet) -> Chart | None:
    """One bar per year from the first to the last year in the facet (a list of
    ``FacetValue``; values that are not years, such as the undated bucket, left out)."""
    counts = {int(item.value): item.count for item in year_facet if item.value.isdigit()}
    if not counts:
        return None
    years = range(min(counts), max(counts) + 1)
    return _chart([(str(year), str(year), counts.get(year, 0)) for year in years], "year")


def month_chart(months) -> Chart | None:
    """One bar per month of the chosen year (``FacetValue("2019-05", n)``, all twelve)."""
    if not months or not any(item.count for item in months):
        return None
    return _chart([(str(int(item.value[-2:])), item.value, item.count) for item in months], "month")


def _chart(slots: list[tuple[str, str, int]], kind: str) -> Chart:
    slot = (WIDTH - 2 * SIDE) / len(slots)
    tallest = max(count for _, _, count in slots) or 1
    label_every = -(-len(slots) // MAX_LABELS) if kind == "year" else 1
    room = HEIGHT - LABEL_SPACE - COUNT_SPACE
    bars = []
    for position, (label, value, count) in enumerate(slots):
        height = max(2.0, room * count / tallest) if count else 0.0
        bars.append(Bar(label=label, value=value, count=count,
                        x=round(SIDE + position * slot + slot * 0.1, 2),
                        y=round(HEIGHT - LABEL_SPACE - height, 2), width=round(slot * 0.8, 2),
                        height=round(height, 2), labelled=position % label_every == 0))
    return Chart(bars, kind)
