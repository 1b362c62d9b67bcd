"""Answering a plain request with a page and an htmx request with the partial it swaps."""

from flask import flash, make_response, redirect, render_template, request


def render_page_or_partial(page, partial, **context):
    """Render `partial` for htmx, else the full `page` (which includes the same partial)."""
    template = partial if request.htmx else page
    response = make_response(render_template(template, **context))
    response.vary.add("HX-Request")
    return response


def done(message, partial, redirect_to, **context):
    """After a successful action: the refreshed partial for htmx, else flash and redirect (303)."""
    if request.htmx:
        response = make_response(render_template(partial, live_message=message, **context))
        response.vary.add("HX-Request")
        return response
    flash(message, "success")
    return redirect(redirect_to, code=303)
