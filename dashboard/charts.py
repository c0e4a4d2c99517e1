"""Bar charts drawn on the server as SVG: no script, no CDN, nothing the Content-Security-Policy
blocks (geometry is in SVG attributes, colours in app.css), and they print. Each bar links to the
list of the cases it counts."""

from dataclasses import dataclass, field

WIDTH = 640
LABEL_WIDTH = 170
VALUE_WIDTH = 70
BAR_HEIGHT = 14
BAR_GAP = 4
GROUP_GAP = 14
TOP = 8


@dataclass(frozen=True)
class Bar:
    series: str  # CSS class suffix: the bar's colour
    value: float
    text: str  # shown after the bar
    url: str
    title: str  # tooltip and accessible name
    x: int = LABEL_WIDTH
    y: int = 0
    width: int = 0

    @property
    def text_x(self) -> int:
        return self.x + self.width + 6

    @property
    def text_y(self) -> int:
        return self.y + BAR_HEIGHT - 3


@dataclass
class Group:
    label: str
    bars: list
    label_y: int = 0


@dataclass
class Chart:
    title: str
    groups: list = field(default_factory=list)
    legend: list = field(default_factory=list)  # (series, label)
    height: int = 0
    width: int = WIDTH
    plot_width: int = WIDTH - LABEL_WIDTH - VALUE_WIDTH

    @property
    def is_empty(self) -> bool:
        return not any(bar.value for group in self.groups for bar in group.bars)


def _layout(chart: Chart, scale_max: float) -> Chart:
    y = TOP
    for group in chart.groups:
        first = y
        placed = []
        for bar in group.bars:
            width = round(chart.plot_width * bar.value / scale_max) if scale_max else 0
            if bar.value and width < 2:
                width = 2  # a non-zero count stays visible
            placed.append(Bar(bar.series, bar.value, bar.text, bar.url, bar.title, x=LABEL_WIDTH, y=y, width=width))
            y += BAR_HEIGHT + BAR_GAP
        group.bars = placed
        group.label_y = first + (y - BAR_GAP - first) // 2 + 5
        y += GROUP_GAP - BAR_GAP
    chart.height = y + TOP
    return chart


def count_chart(title: str, groups: list[tuple[str, list[Bar]]], legend: list[tuple[str, str]]) -> Chart:
    """Counts side by side per group (e.g. new and closed cases per workflow), on one scale."""
    chart = Chart(title, [Group(label, list(bars)) for label, bars in groups], legend)
    top = max((bar.value for _, bars in groups for bar in bars), default=0)
    return _layout(chart, float(top))


def share_chart(title: str, groups: list[tuple[str, list[Bar]]], legend: list[tuple[str, str]]) -> Chart:
    """Shares from 0 to 100 % (bars with no base are left out of the drawing but keep their text)."""
    chart = Chart(title, [Group(label, list(bars)) for label, bars in groups], legend)
    return _layout(chart, 1.0)


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"
