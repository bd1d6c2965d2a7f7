"""Bar charts of counts, drawn by Vega-Lite (altair) and rendered to SVG by vl-convert.

The SVG is made here, so a report that embeds it needs no JavaScript and no network to
show its charts.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from ..._i18n import Message
from ...exceptions import SomePolicyError

__all__ = ["bar_chart_svg"]

_MAX_BARS = 20


# d3-format's locales: thousands grouped with a no-break space in Finnish and Swedish.
_FORMAT_LOCALES: dict[str, Literal["fi-FI", "sv-SE", "en-US"]] = {
    "fi": "fi-FI",
    "sv": "sv-SE",
    "en": "en-US",
}


def bar_chart_svg(
    title: str, counts: Iterable[tuple[str, int]], count_label: str, lang: str = "en"
) -> str:
    """Return a horizontal bar chart of ``counts`` as an SVG document, largest bar first.

    Args:
        title: The chart's title.
        counts: Category and count pairs; at most 20 largest are drawn.
        count_label: The name of the count axis.
        lang: The language of the axis numbers (``1 234`` in Finnish and Swedish).

    Raises:
        SomePolicyError: The ``reports`` extra is not installed.
    """
    try:
        import altair as alt
        import vl_convert
    except ImportError:
        raise SomePolicyError(Message("report", "needs-reports-extra")) from None
    values = [
        {"name": name, "count": count}
        for name, count in sorted(counts, key=lambda item: (-item[1], item[0]))[:_MAX_BARS]
    ]
    chart = (
        alt.Chart(alt.InlineData(values=values), title=title)
        .mark_bar(color="#b3261e")
        .encode(
            x=alt.X("count:Q", title=count_label, axis=alt.Axis(tickMinStep=1, format=",d")),
            y=alt.Y("name:N", title=None, sort="-x", axis=alt.Axis(labelLimit=320)),
            tooltip=["name:N", "count:Q"],
        )
        .properties(width=420)
    )
    svg: str = vl_convert.vegalite_to_svg(
        chart.to_dict(), format_locale=_FORMAT_LOCALES.get(lang, "en-US")
    )
    return svg
