"""The floor under a vote: Consult's own app with two more routes, never part of the site itself.

`gunicorn -c gunicorn.conf.py bench.floor_app:app`, on the vote's settings and database.

- /bench/floor is a signed-in POST that passes every layer a vote passes before its own work
  (session cookie, the person's row, CSRF, the vote's rate limit, security headers, request id)
  and then answers at once: what those layers alone allow.
- /bench/floor-insert passes the same layers and then does the bare baseline's work, one INSERT
  into its table, committed: the least any vote could do, whatever its own code. A vote that
  reaches this one's throughput has nothing left to gain in its own work.
"""

from flask_login import login_required

from bench.baseline import rows
from consult import create_app
from consult.contributions.routes import VOTE_LIMIT
from consult.extensions import db, limiter

app = create_app()


@app.post("/bench/floor")
@login_required
@limiter.limit(VOTE_LIMIT)
def floor():
    return ""


@app.post("/bench/floor-insert")
@login_required
@limiter.limit(VOTE_LIMIT)
def floor_insert():
    db.session.execute(rows.insert().values(value=1))
    db.session.commit()
    return ""
