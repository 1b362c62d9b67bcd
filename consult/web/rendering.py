"""Answering a plain request with a page and an htmx request with the partial it swaps."""

from flask import flash, make_response, redirect, render_template, request

from ..extensions import db

#: The largest number a query string may name: PostgreSQL's INTEGER, which ids and pages fit in.
QUERY_INT_MAX = 2**31 - 1


def query_int(value):
    """For `request.args.get(name, type=query_int)`: a whole number from 0 to QUERY_INT_MAX.

    Anything else raises ValueError, so that the default applies: a number past what the database
    can hold is a page past the end, never a 500.
    """
    number = int(value)
    if not 0 <= number <= QUERY_INT_MAX:
        raise ValueError(value)
    return number


def render_page_or_partial(page, partial, **context):
    """Render `partial` for htmx, else the full `page` (which includes the same partial)."""
    template = partial if request.htmx else page
    response = make_response(render_template(template, **context))
    response.vary.add("HX-Request")
    return response


def done(message, partial, redirect_to, build=None, commit=False, **context):
    """After a successful action: the refreshed partial for htmx, else flash and redirect (303).

    `build`, when given, returns more of the partial's context; it runs only for htmx, so a plain
    form post does no reading it would throw away. With `commit`, the partial is drawn from the
    request's own transaction and the transaction committed before anything is sent: the answer
    still never says "saved" before the commit, and nothing is read twice because the commit
    expired it.
    """
    if request.htmx:
        context.update(build() if build else {})
        body = render_template(partial, live_message=message, **context)
        if commit:
            db.session.commit()
        response = make_response(body)
        response.vary.add("HX-Request")
        return response
    if commit:
        db.session.commit()
    flash(message, "success")
    return redirect(redirect_to, code=303)
