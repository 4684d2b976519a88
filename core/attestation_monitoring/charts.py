"""Charts of the report as inline SVG: pass rates as horizontal bars, items as a difficulty-discrimination plot."""
from html import escape

from core.numbers import number, percent

BAR = "#2b6cb0"
LOW = "#c05621"


def rate_bars(rows, title, width=560):
    """Horizontal bars of the pass rates of ``rows`` (dicts with title, rate, assessed)."""
    rows = [r for r in rows if r["assessed"]]
    if not rows:
        return ""
    label, bar_width, line = 220, width - 300, 22
    height = 28 + line * len(rows)
    parts = [f'<svg class="chart" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="{escape(title)}"><text x="0" y="14" font-size="13" font-weight="bold">{escape(title)}</text>']
    for n, r in enumerate(rows):
        y = 24 + n * line
        share = r["rate"] or 0.0
        parts.append(f'<text x="0" y="{y + 13}" font-size="12">{escape(r["title"][:34])}</text>'
                     f'<rect x="{label}" y="{y}" width="{bar_width}" height="16" fill="#edf2f7"/>'
                     f'<rect x="{label}" y="{y}" width="{round(bar_width * share, 1)}" height="16" fill="{BAR}"/>'
                     f'<text x="{label + bar_width + 6}" y="{y + 13}" font-size="12">{percent(r["rate"])} '
                     f'({r["passed"]} из {r["assessed"]})</text>')
    parts.append("</svg>")
    return "".join(parts)


def item_plot(items, width=420, height=300):
    """Items as points: difficulty (x, 0..1) against the upper-lower index D (y, -1..1); D < 0.2 marked."""
    shown = [i for i in items if i["difficulty"] is not None and i["upper_lower"] is not None]
    if not shown:
        return ""
    left, bottom, top, right = 40, height - 30, 20, width - 10
    w, h = right - left, bottom - top

    def x(p):
        return round(left + p * w, 1)

    def y(d):
        return round(bottom - (d + 1) / 2 * h, 1)
    parts = [f'<svg class="chart" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="Трудность и дифференцирующая способность заданий">',
             f'<rect x="{left}" y="{top}" width="{w}" height="{h}" fill="none" stroke="#a0aec0"/>',
             f'<line x1="{left}" x2="{right}" y1="{y(0.2)}" y2="{y(0.2)}" stroke="{LOW}" stroke-dasharray="4 3"/>',
             f'<text x="{left}" y="{height - 8}" font-size="11">трудность (доля выполнения): 0</text>',
             f'<text x="{right - 10}" y="{height - 8}" font-size="11">1</text>',
             f'<text x="2" y="{top + 10}" font-size="11">D=1</text><text x="2" y="{bottom}" font-size="11">−1</text>']
    for i in shown:
        colour = LOW if i["upper_lower"] < 0.2 else BAR
        parts.append(f'<circle cx="{x(i["difficulty"])}" cy="{y(i["upper_lower"])}" r="4" fill="{colour}">'
                     f'<title>{escape(i["code"])}: трудность {number(i["difficulty"], 2, fixed=True)}, '
                     f'D {number(i["upper_lower"], 2, fixed=True)}</title>'
                     f'</circle>')
    parts.append("</svg>")
    return "".join(parts)


def quarter_lines(annual, width=560, height=200):
    """The share passed in each of the four quarters, as a polyline."""
    rates = [q.figures["overall"]["rate"] for q in annual.quarters]
    left, bottom, top = 40, height - 30, 15
    step = (width - left - 40) / 3
    points = [(round(left + n * step, 1), round(bottom - (r or 0) * (bottom - top), 1)) for n, r in enumerate(rates)]
    parts = [f'<svg class="chart" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="Доля прошедших по кварталам">',
             f'<line x1="{left}" x2="{width - 20}" y1="{bottom}" y2="{bottom}" stroke="#a0aec0"/>',
             f'<polyline fill="none" stroke="{BAR}" stroke-width="2" points="{" ".join(f"{a},{b}" for a, b in points)}"/>']
    for n, ((px, py), r) in enumerate(zip(points, rates), start=1):
        parts.append(f'<circle cx="{px}" cy="{py}" r="4" fill="{BAR}"/>'
                     f'<text x="{px - 12}" y="{py - 8}" font-size="11">{percent(r)}</text>'
                     f'<text x="{px - 14}" y="{height - 10}" font-size="11">{n} кв.</text>')
    parts.append("</svg>")
    return "".join(parts)
