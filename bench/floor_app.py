"""The floor under a vote: Consult's own app with one more route, a signed-in POST doing nothing.

`gunicorn -c gunicorn.conf.py bench.floor_app:app`, on the vote's settings and database. The route
passes every layer a vote passes before its own work (session cookie, the person's row, CSRF,
the vote's rate limit, security headers, request id) and then answers at once, so the vote's
throughput can be read against what those layers alone allow. Never part of the site itself.
"""

from flask_login import login_required

from consult import create_app
from consult.contributions.routes import VOTE_LIMIT
from consult.extensions import limiter

app = create_app()


@app.post("/bench/floor")
@login_required
@limiter.limit(VOTE_LIMIT)
def floor():
    return ""
