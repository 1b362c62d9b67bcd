

def test_text_drawn_in_a_chart_is_escaped(app):
    """Theme labels come from what people wrote; in the SVG they are text, never markup."""
    from consult.summaries.charts import bars

    with app.test_request_context():
        svg = str(bars("themes", 'Size of "each" theme', [("<script>alert(1)</script> & <b>", 3)], "Ideas"))
    assert "<script" not in svg and "<b>" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;" in svg
    assert 'aria-label="Size of &#34;each&#34; theme"' in svg or 'aria-label="Size of &quot;each&quot; theme"' in svg
