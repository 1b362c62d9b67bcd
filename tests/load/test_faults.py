"""Faults under load on a running gunicorn (PostgreSQL): a worker killed, PostgreSQL restarted,
Redis stopped. No contribution acknowledged to its author is lost, and the site recovers by itself.

The PostgreSQL and Redis tests disturb every other test run on the machine while they last:
the test that restarts PostgreSQL runs once per run of this file, for a few seconds.
"""

import os
import signal
import threading
import time
from collections import Counter

import pytest
import sqlalchemy as sa

from consult.models import Comment, Consultation, Idea

from .people import NO_ANSWER, burst, statuses, wait_until

#: production's FORM_MIN_SECONDS, and a little more: forms sent sooner are refused as robots'.
FORM_MIN_SECONDS = 2.2


class WriteLoad:
    """People posting comments, one thread each, `per_person` comments `pace` seconds apart (so
    that the load lasts through the fault however fast the machine). A send that is not
    acknowledged is sent again with the same submission key, as a person presses "Post" again,
    after a pause that grows (0.5, 1, 2, 4, 4... s), until acknowledged or until the deadline.
    Few sends per person: each counts against the limit of 10 comments a minute."""

    def __init__(self, persons, url, forms, per_person, pace, deadline):
        self.url, self.per_person, self.pace = url, per_person, pace
        self.deadline = time.monotonic() + deadline
        self.lock = threading.Lock()
        self.sent = []  # (time, key, status or the name of the error)
        self.acknowledged = {}  # key -> time of its acknowledgement
        self.keys = []
        self.threads = [threading.Thread(target=self._post_all, args=(p, f), daemon=True)
                        for p, f in zip(persons, forms, strict=True)]

    def start(self):
        for thread in self.threads:
            thread.start()
        return self

    def running(self):
        return any(thread.is_alive() for thread in self.threads)

    def join(self):
        for thread in self.threads:
            thread.join(max(0.1, self.deadline - time.monotonic() + 30))
        assert not self.running(), "a writer never finished"

    def _post_all(self, person, form):
        for n in range(self.per_person):
            if n:
                time.sleep(self.pace)
            # Each comment from a form of its own: its `started` is bound to its submission key.
            key = form[n]["submission_key"]
            with self.lock:
                self.keys.append(key)
            fields = dict(form[n], body=f"Comment {n} of {person.email}: {key}")
            pause = 0.5
            while time.monotonic() < self.deadline:
                try:
                    outcome = person.post(self.url, fields)
                except NO_ANSWER as error:
                    outcome = error
                now = time.monotonic()
                with self.lock:
                    self.sent.append((now, key, getattr(outcome, "status", type(outcome).__name__)))
                    if getattr(outcome, "acknowledged", False):
                        self.acknowledged[key] = now
                if key in self.acknowledged:
                    break
                time.sleep(pause)
                pause = min(2 * pause, 4.0)

    def failures(self):
        """How many sends got each answer other than an acknowledgement."""
        return dict(Counter(outcome for _t, _k, outcome in self.sent if outcome not in (200, 303)))


def _comment_form(persons, place, per_person=3):
    """Each person opens the consultation page `per_person` times and reads its comment form (one
    drawn form a comment, as a person who writes three comments); then the pause a person takes to
    write, below which the form is refused."""
    url = f"{place.page}/comments"
    forms = burst([lambda p=p: [p.form(place.page, url) for _ in range(per_person)] for p in persons])
    assert all(isinstance(form, list) for form in forms), statuses(forms)
    time.sleep(FORM_MIN_SECONDS)
    return url, forms


def _assert_each_acknowledged_contribution_stored_once(site, place, load):
    """Every acknowledged key has its one row; nothing else arrived; the counters are exact."""
    rows = dict(site.rows(sa.select(Comment.submission_key, sa.func.count())
                          .where(Comment.consultation_id == place.consultation_id,
                                 Comment.submission_key.is_not(None))
                          .group_by(Comment.submission_key)))
    assert {key: rows.get(key, 0) for key in load.acknowledged} == {key: 1 for key in load.acknowledged}
    assert set(rows) <= set(load.keys)
    published = site.scalar(sa.select(sa.func.count()).select_from(Comment).where(
        Comment.consultation_id == place.consultation_id, Comment.status == "published",
        Comment.deleted_at.is_(None)))
    counted = site.scalar(sa.select(Consultation.comment_count).where(Consultation.id == place.consultation_id))
    assert counted == published
    return sum(rows.values())


@pytest.mark.backend("postgresql")
def test_a_worker_killed_mid_write_loses_no_acknowledged_contribution(backend, site, server, people, place):
    persons = people(16)
    url, forms = _comment_form(persons, place)
    load = WriteLoad(persons, url, forms, per_person=3, pace=1, deadline=40).start()
    assert wait_until(lambda: len(load.acknowledged) >= 8, timeout=30) is not None, load.failures()

    workers = server.workers()
    victim = min(workers)
    os.kill(victim, signal.SIGKILL)
    killed_at = time.monotonic()
    assert load.running()  # the kill came in the middle of the writes
    recovery = wait_until(lambda: victim not in server.workers() and len(server.workers()) == 2
                          and server.healthy(), timeout=30)
    load.join()

    assert recovery is not None, server.log_tail()
    assert len(load.acknowledged) == len(load.keys) == 16 * 3  # every comment got through
    rows = _assert_each_acknowledged_contribution_stored_once(site, place, load)
    assert rows == len(load.keys)
    after = [t for t in load.acknowledged.values() if t > killed_at]
    print(f"\nworker killed: {len(load.sent)} sends, {len(load.acknowledged)} acknowledged, "
          f"{rows} rows; not acknowledged: {load.failures()}; {len(after)} acknowledged after the kill; "
          f"two workers and /healthz again {recovery:.2f} s after the kill")


@pytest.mark.backend("postgresql")
def test_postgresql_restart_mid_write_loses_no_acknowledged_contribution(
        backend, site, server, people, place, postgres_cluster):
    persons = people(20)
    url, forms = _comment_form(persons, place)
    load = WriteLoad(persons, url, forms, per_person=3, pace=2, deadline=60).start()
    assert wait_until(lambda: len(load.acknowledged) >= 6, timeout=30) is not None, load.failures()

    began = time.monotonic()
    try:
        postgres_cluster.restart()
    finally:
        postgres_cluster.ensure_up()
    back = time.monotonic()
    assert load.running()  # the restart came in the middle of the writes
    load.join()

    assert len(load.acknowledged) == len(load.keys) == 20 * 3  # every comment got through
    rows = _assert_each_acknowledged_contribution_stored_once(site, place, load)
    assert rows == len(load.keys)
    assert server.healthy()
    first_after = min((t for t in load.acknowledged.values() if t > back), default=None)
    assert first_after is not None, "no write was acknowledged after the restart"
    print(f"\nPostgreSQL restarted in {back - began:.1f} s: {len(load.sent)} sends, "
          f"{len(load.acknowledged)} acknowledged, {rows} rows; not acknowledged: {load.failures()}; "
          f"first write acknowledged {first_after - back:.2f} s after PostgreSQL answered again")


@pytest.mark.backend("postgresql")
def test_redis_stopped_the_site_keeps_serving_and_limits_in_memory(
        backend, site, server, people, place, redis_server):
    persons = people(7)
    prober, writers = persons[0], persons[1:]
    idea_url = f"{place.page}/ideas"
    idea_forms = [prober.form(place.page, idea_url) for _ in range(11)]  # one drawn form an idea
    url, forms = _comment_form(writers, place)
    load = WriteLoad(writers, url, forms, per_person=3, pace=1, deadline=40).start()
    reads = []
    assert wait_until(lambda: len(load.acknowledged) >= 2, timeout=30) is not None, load.failures()

    try:
        redis_server.stop()
        stopped = time.monotonic()
        # Ideas are limited to 5 a minute per person; with Redis gone each of the two workers
        # counts in its own memory, so of 11 ideas at most 10 pass and at least one is refused.
        ideas = []
        for n in range(11):
            key = idea_forms[n]["submission_key"]
            reply = prober.post(idea_url, dict(idea_forms[n], title=f"Idea {n}",
                                               body=f"Longer opening hours, take {n}."))
            ideas.append((key, reply.status))
        while len(reads) < 5 or (load.running() and time.monotonic() - stopped < 20):
            reads.append(prober.get(place.page).status)
        load.join()
        outage = time.monotonic() - stopped
    finally:
        redis_server.ensure_up()

    assert len(load.acknowledged) == len(load.keys) == 6 * 3, load.failures()
    assert [outcome for _t, _k, outcome in load.sent] == [303] * len(load.keys)  # each at once
    during = [t for t in load.acknowledged.values() if t > stopped]
    assert during  # written while Redis was down
    rows = _assert_each_acknowledged_contribution_stored_once(site, place, load)
    assert set(reads) == {200}
    refused = [key for key, status in ideas if status == 429]
    stored = [key for key, status in ideas if status == 303]
    assert len(refused) + len(stored) == 11 and len(refused) >= 1 and len(stored) <= 10
    idea_keys = {key for key, _status in ideas}
    assert set(site.rows(sa.select(Idea.submission_key).where(Idea.submission_key.in_(idea_keys)))) \
        == {(key,) for key in stored}
    assert server.healthy()
    print(f"\nRedis stopped {outage:.1f} s: {len(load.sent)} comment sends all acknowledged "
          f"({len(during)} while it was down), {rows} rows, "
          f"{len(reads)} pages read, all 200; ideas: {len(stored)} stored, {len(refused)} refused "
          f"(429) by the in-memory limits")
