"""The execution of roadmaps as inline SVG: one stacked bar per row (done on time, done late, not done, late,
not yet due), its label above it so that the chart reads on a phone as on a desk."""
import functools
from html import escape

from core.numbers import percent

_share = functools.lru_cache(maxsize=20_000)(percent)

PARTS = (("on_time", "#2f855a", "в срок"), ("late_done", "#d69e2e", "с нарушением срока"),
         ("not_done", "#c53030", "не выполнено"), ("overdue", "#dd6b20", "просрочено"),
         ("ahead", "#cbd5e0", "сроки не наступили"))


def _value(figures, part):
    return getattr(figures, part)


def execution_bars(rows, title, width=420):
    """Stacked bars of ``rows`` (each with ``title`` and ``figures``: ``core.roadmaps.indicators.Figures``),
    each bar the row's occurrences in full, its share done on time written after its title. Narrow, so that a
    phone shows it near its own size; the legend wraps."""
    rows = [r for r in rows if r.figures.total]
    if not rows:
        return ""
    line, bar = 44, 16
    legend, x, y = [], 0, 26
    for code, colour, label in PARTS:
        item = 22 + 8 * len(label)
        if x and x + item > width:
            x, y = 0, y + 20
        legend.append(f'<rect x="{x}" y="{y}" width="13" height="13" fill="{colour}"/>'
                      f'<text x="{x + 17}" y="{y + 11}" font-size="13">{label}</text>')
        x += item
    top = y + 26
    height = top + line * len(rows)
    parts = [f'<svg class="chart roadmap-chart" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
             f'role="img" aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">'
             f'<text x="0" y="15" font-size="15" font-weight="bold">{escape(title)}</text>'] + legend
    for n, row in enumerate(rows):
        y = top + n * line
        f = row.figures
        parts.append(f'<text x="0" y="{y + 13}" font-size="14">{escape(row.title[:40])} — '
                     f'{_share(f.share)} в срок</text>')
        x = 0.0
        for code, colour, label in PARTS:
            value = _value(f, code)
            if value <= 0:
                continue
            w = round(width * value / f.total, 1)
            parts.append(f'<rect x="{x}" y="{y + 19}" width="{w}" height="{bar}" fill="{colour}">'
                         f'<title>{escape(row.title)}: {label} — {value}</title></rect>')
            x += w
    parts.append("</svg>")
    return "".join(parts)
