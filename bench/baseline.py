"""The bare baseline: one Flask endpoint doing one INSERT, served by the same gunicorn settings.

`gunicorn -c bench/baseline_conf.py bench.baseline:app` with DATABASE_URL set; the vote
endpoint's throughput is reported as a share of this one's.
"""

import os

import sqlalchemy as sa
from flask import Flask

engine = sa.create_engine(os.environ["DATABASE_URL"], pool_pre_ping=True)
rows = sa.Table("bench_baseline", sa.MetaData(), sa.Column("id", sa.Integer, primary_key=True),
                sa.Column("value", sa.Integer, nullable=False))
app = Flask(__name__)


@app.post("/insert")
def insert():
    with engine.begin() as connection:
        connection.execute(rows.insert().values(value=1))
    return "ok"


@app.get("/count")
def count():
    with engine.connect() as connection:
        return str(connection.scalar(sa.select(sa.func.count()).select_from(rows)))


def create_table():
    """Called once by the harness before the server starts."""
    rows.drop(engine, checkfirst=True)
    rows.create(engine)
