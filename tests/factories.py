"""Factories that build just enough of the domain for a test."""

import itertools
from datetime import timedelta

from flask import current_app

from consult.auth.services import hash_password
from consult.models import (
    Comment,
    Consultation,
    Idea,
    Membership,
    Organization,
    Service,
    User,
)
from consult.models.base import utcnow
from consult.participation import take_part

PASSWORD = "correct horse battery staple"
_HASHES = {}


def password_hash():
    """Argon2 is slow on purpose: hash the shared test password once per run and per cost."""
    key = (PASSWORD, tuple(sorted(current_app.config["ARGON2_COST"].items())))
    if key not in _HASHES:
        _HASHES[key] = hash_password(PASSWORD)
    return _HASHES[key]


class Factories:
    def __init__(self, db):
        self.db = db
        self.counter = itertools.count(1)

    def _n(self):
        return next(self.counter)

    def _save(self, obj):
        self.db.session.add(obj)
        self.db.session.commit()
        return obj

    def user(self, role=None, organization=None, email=None, name=None, site_admin=False):
        n = self._n()
        user = User(
            email=email or f"person{n}@example.org",
            display_name=name or f"Person {n}",
            password_hash=password_hash(),
            is_site_admin=site_admin,
            confirmed_at=utcnow(),
        )
        if role:
            user.memberships.append(
                Membership(organization=organization or self.organization(), role=role)
            )
        return self._save(user)

    def organization(self, level="federal", name=None):
        n = self._n()
        name = name or f"Department {n}"
        return self._save(Organization(slug=f"org-{n}", name_en=name, name_fr=f"Ministère {n}", level=level))

    def service(self, life_events=("having_a_child",), segments=("parents",), channels=("online",),
                organization=None):
        n = self._n()
        service = Service(slug=f"service-{n}", name_en=f"Service {n}", name_fr=f"Service {n} (fr)",
                          description_en="What it does.", description_fr="Ce qu'il fait.",
                          organization=organization)
        service.set_codes("life_event", list(life_events))
        service.set_codes("segment", list(segments))
        service.set_codes("channel", list(channels))
        return self._save(service)

    def consultation(self, status="open", lead=None, partners=(), service=None, **fields):
        n = self._n()
        today = utcnow().date()
        values = dict(
            slug=f"consultation-{n}", title_en=f"Consultation {n}", title_fr=f"Consultation {n} (fr)",
            summary_en="A short summary.", summary_fr="Un court résumé.",
            background_en="Some **background**.", background_fr="Un peu de **contexte**.",
            status=status, opens_on=today - timedelta(days=7), closes_on=today + timedelta(days=30),
        )
        values.update(fields)
        consultation = Consultation(service=service or self.service(),
                                    lead_organization=lead or self.organization(), **values)
        consultation.partners = list(partners)
        return self._save(consultation)

    def idea(self, consultation, author=None, title=None, body="An idea worth trying.", **fields):
        idea = Idea(consultation=consultation, author=author or self.user(),
                    title=title or f"Idea {self._n()}", body=body, **fields)
        self._save(idea)
        if idea.status == "published":
            consultation.idea_count += 1
            if idea.deleted_at is None:
                take_part(consultation.id, idea.author_id, +1)
            self.db.session.commit()
        return idea

    def comment(self, consultation, author=None, body="A thoughtful comment.", idea=None, parent=None, **fields):
        comment = Comment(consultation=consultation, author=author or self.user(), body=body,
                          idea_id=idea.id if idea else (parent.idea_id if parent else None), **fields)
        if parent is not None:
            comment.parent_id = parent.id
            comment.root_id = parent.root_id or parent.id
            comment.depth = parent.depth + 1
        self._save(comment)
        if comment.status == "published" and comment.deleted_at is None:
            take_part(consultation.id, comment.author_id, +1)
        if comment.status == "published":
            consultation.comment_count += 1
            if idea is not None:
                idea.comment_count += 1
            self.db.session.commit()
        return comment
