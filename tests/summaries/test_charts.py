import pytest


def test_text_drawn_in_a_chart_is_escaped(app):
    """Theme labels come from what people wrote; in the SVG they are text, never markup."""
    from consult.summaries.charts import bars

    with app.test_request_context():
        svg = str(bars("themes", 'Size of "each" theme', [("<script>alert(1)</script> & <b>", 3)], "Ideas"))
    assert "<script" not in svg and "<b>" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;" in svg
    assert 'aria-label="Size of &#34;each&#34; theme"' in svg or 'aria-label="Size of &quot;each&quot; theme"' in svg


def test_a_chart_becomes_markup_only_through_text_chart_which_refuses_what_could_run(app):
    from consult.summaries.charts import bars
    from consult.text import chart

    with app.test_request_context():
        drawn = bars("themes", "Themes", [('<svg onload="alert(1)">', 2)], "Ideas")
    assert "&lt;svg onload=" in drawn  # a citizen's words, drawn as text
    assert chart(drawn) == drawn
    for hostile in ('<svg onload="alert(1)"></svg>', "<svg><script>alert(1)</script></svg>",
                    '<svg><a xlink:href="javascript:alert(1)">x</a></svg>',
                    "<svg><foreignObject><p>x</p></foreignObject></svg>"):
        with pytest.raises(ValueError):
            chart(hostile)
