"""Routes of the public moderation report."""

from flask import Blueprint

bp = Blueprint("transparency", __name__)
