"""The consultation page draws its repeated pieces (reply forms, vote buttons, links) from values
worked out once per page: the same markup and behaviour as drawing each one on its own."""

import re

from flask import render_template_string, url_for
from flask_login import login_user

from consult.web.templates import UrlPattern


def test_url_pattern_builds_what_url_for_builds(app):
    with app.test_request_context("/"):
        for endpoint, name, values in (("contributions.comment_reply", "contribution_id", {}),
                                       ("contributions.idea_detail", "idea_id", {"slug": "a-b"})):
            pattern = UrlPattern(endpoint, name, **values)
            for number in (1, 42, 9876543219, 2**31 - 1):
                assert pattern(number) == url_for(endpoint, **{name: number}, **values)


def _forms(html, action):
    return re.findall(rf'<form method="post" action="{re.escape(action)}".*?</form>', html, re.S)


def _normal(markup):
    markup = re.sub(r'(name="(?:submission_key|started)" value=")[^"]*"', r'\1"', markup)
    markup = re.sub(r"trap-[\w-]{10}", "trap-", markup)
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", markup)).strip()


def test_blank_reply_forms_are_the_comment_form_markup_each_with_its_own_keys(app, client, make):
    consultation = make.consultation()
    comments = [make.comment(consultation) for _ in range(3)]
    client.login_as(make.user())
    html = client.get(f"/consultations/{consultation.slug}").get_data(as_text=True)

    keys = re.findall(r'name="submission_key" value="([^"]+)"', html)
    traps = re.findall(r'id="(trap-[\w-]{10})"', html)
    assert len(set(keys)) == len(keys) == 5 and len(set(traps)) == len(traps) == 5  # 3 replies, a comment, an idea
    assert len(set(re.findall(r'name="csrf_token" value="([^"]+)"', html))) == 1

    action = f"/contributions/{comments[0].id}/replies"
    [drawn] = _forms(html, action)
    with app.test_request_context("/"):
        expected = render_template_string(
            '{% from "_macros/contributions.html" import comment_form %}'
            '{{ comment_form(blank_comment_form(), action, "#comment-" ~ id, _("Be kind and stay on topic."), '
            '_("Send reply"), "reply-" ~ id ~ "-") }}', action=action, id=comments[0].id)
    csrf = re.compile(r'(name="csrf_token" value=")[^"]*"')
    assert csrf.sub(r'\1"', _normal(drawn)) == csrf.sub(r'\1"', _normal(expected))


def test_visitors_get_no_forms_but_the_sign_in_links(client, make):
    consultation = make.consultation()
    make.idea(consultation)
    make.comment(consultation)
    html = client.get(f"/consultations/{consultation.slug}").get_data(as_text=True)
    assert "<form" not in html.split("<main", 1)[-1].split("</main>", 1)[0]
    assert "Sign in to vote" in html and "Sign in to comment" in html and "Sign in to propose an idea" in html


def test_ideas_past_the_last_page_still_count_them(client, make):
    consultation = make.consultation()
    for n in range(3):
        make.idea(consultation, title=f"Idea {n}")
    html = client.get(f"/consultations/{consultation.slug}?page=9").get_data(as_text=True)
    assert '<span class="meta">(3)</span>' in html


def test_flag_links_of_a_thread_are_the_flag_control_markup(app, client, make):
    consultation = make.consultation()
    comment = make.comment(consultation)
    reader = make.user()
    client.login_as(reader)
    html = client.get(f"/consultations/{consultation.slug}").get_data(as_text=True)

    [drawn] = re.findall(rf'<a id="flag-{comment.id}".*?</a>', html, re.S)
    with app.test_request_context("/"):
        login_user(reader)
        expected = render_template_string(
            '{% from "_macros/contributions.html" import flag_control %}'
            '{{ flag_control(comment, {"flagged": ()}) }}', comment=comment)
    assert _normal(drawn) == _normal(expected)
