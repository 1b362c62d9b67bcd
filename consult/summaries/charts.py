"""The summary's charts, drawn on the server as SVG by matplotlib, to inline in the page and the PDF.

No JavaScript, so they work everywhere and print. Text stays text (svg.fonttype none); series
differ by marker and line style as well as colour; every chart sits in a <figure> whose caption
and table carry the same figures. The SVG is stripped of its XML prolog; text.chart() checks it
when it becomes markup.
"""

import io
import re
from datetime import date

import matplotlib

matplotlib.use("Agg")

from flask_babel import force_locale  # noqa: E402
from flask_babel import gettext as _  # noqa: E402
from markupsafe import escape  # noqa: E402
from matplotlib import dates as mdates  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from ..models.vocabulary import CHANNELS, CONTRIBUTION_STATUSES  # noqa: E402

INK, ACCENT, MUTED = "#26374a", "#1d4f91", "#505a5f"
#: Groups differ by marker shape first, colour second (never by colour alone).
GROUP_STYLES = (("o", "#1d4f91"), ("s", "#af3c43"), ("^", "#00703c"), ("D", "#6f3c8f"), ("v", "#8a5a00"))
STYLE = {"svg.fonttype": "none", "font.family": "sans-serif", "font.size": 10,
         "axes.spines.top": False, "axes.spines.right": False, "axes.edgecolor": MUTED,
         "text.color": INK, "axes.labelcolor": INK, "xtick.color": INK, "ytick.color": INK}
_PROLOG = re.compile(r"<\?xml[^>]*\?>|<!DOCTYPE[^>]*>|<!--.*?-->", re.S)


def _svg(figure, name, label):
    """The figure as SVG text: no prolog, no metadata, a role and an accessible name."""
    buffer = io.StringIO()
    with matplotlib.rc_context({**STYLE, "svg.hashsalt": name}):
        figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    markup = _PROLOG.sub("", buffer.getvalue()).strip()
    return markup.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" focusable="false" ', 1)


def _figure(height=3.0):
    with matplotlib.rc_context(STYLE):
        figure = Figure(figsize=(7.5, height))
        axes = figure.add_subplot()
    return figure, axes


def bars(name, label, items, axis_label):
    """A horizontal bar chart of [(label, count)], each bar labelled with its count."""
    figure, axes = _figure(0.45 * len(items) + 0.9)
    with matplotlib.rc_context(STYLE):
        labels, counts = [str(item[0]) for item in items], [item[1] for item in items]
        positions = range(len(items))
        drawn = axes.barh(positions, counts, color=ACCENT)
        axes.bar_label(drawn, padding=3)
        axes.set_yticks(list(positions), labels)
        axes.invert_yaxis()
        axes.set_xlabel(axis_label)
        axes.margins(x=0.12)
    return _svg(figure, name, label)


def daily(name, label, series):
    """Ideas and comments per day: two lines, solid with circles and dashed with squares."""
    figure, axes = _figure(3.2)
    with matplotlib.rc_context(STYLE):
        days = [date.fromisoformat(point["day"]) for point in series]
        few = len(days) <= 60
        axes.plot(days, [point["ideas"] for point in series], color=ACCENT, linestyle="-",
                  marker="o" if few else None, markersize=4, label=_("Ideas"))
        axes.plot(days, [point["comments"] for point in series], color="#af3c43", linestyle="--",
                  marker="s" if few else None, markersize=4, label=_("Comments"))
        if len(days) < 3:
            axes.set_xticks(days)
            axes.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m-%d"))
        else:
            locator = mdates.AutoDateLocator(maxticks=8)
            axes.xaxis.set_major_locator(locator)
            axes.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        axes.set_ylabel(_("Published per day"))
        axes.set_ylim(bottom=0)
        axes.legend(frameon=False)
    return _svg(figure, name, label)


def opinion_map(name, label, points, groups):
    """Each sampled voter as a point, one marker shape per group, the group's name at its centre."""
    figure, axes = _figure(4.2)
    with matplotlib.rc_context(STYLE):
        for group in range(groups):
            mine = [point for point in points if point[2] == group]
            marker, colour = GROUP_STYLES[group % len(GROUP_STYLES)]
            title = _("Group %(number)d", number=group + 1)
            axes.scatter([p[0] for p in mine], [p[1] for p in mine], marker=marker, s=18,
                         facecolors="none" if group % 2 else colour, edgecolors=colour,
                         linewidths=0.8, label=title)
            if mine:
                x = sum(p[0] for p in mine) / len(mine)
                y = sum(p[1] for p in mine) / len(mine)
                axes.annotate(title, (x, y), fontweight="bold", ha="center",
                              bbox={"boxstyle": "round", "facecolor": "white", "edgecolor": colour})
        axes.set_xticks([])
        axes.set_yticks([])
        axes.set_xlabel(_("Closer points voted more alike"))
        axes.legend(frameon=False, loc="best")
    return _svg(figure, name, label)


def summary_charts(summary):
    """Every chart of a summary, in the current language: {chart name: SVG markup}."""
    figures = summary["participation"]
    charts = {}
    if figures["daily"]:
        charts["daily"] = daily("daily", _("Published ideas and comments per day"), figures["daily"])
    charts["channels"] = bars("channels", _("Published ideas and comments by channel"),
                              [(CHANNELS[c], n) for c, n in figures["channels"].items()],
                              _("Ideas and comments"))
    charts["outcomes"] = bars("outcomes", _("Contributions received, by moderation outcome"),
                              [(CONTRIBUTION_STATUSES[c], n) for c, n in figures["outcomes"].items()],
                              _("Ideas and comments"))
    if summary["themes"]:
        charts["themes"] = bars("themes", _("Size of each theme"),
                                [(theme["label"], theme["size"]) for theme in summary["themes"]],
                                _("Ideas and comments"))
    opinions = summary["opinions"]
    if opinions.get("groups"):
        charts["opinions"] = opinion_map("opinions", _("Opinion groups of voters"),
                                         opinions["points"], len(opinions["groups"]))
    return charts


def charts_in_every_language(summary, languages):
    """{language: {chart name: SVG}} so that the cached summary serves every page language."""
    charts = {}
    for language in languages:
        with force_locale(language):
            charts[language] = summary_charts(summary)
    return charts
