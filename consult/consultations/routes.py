"""Routes of the consultations area."""

from flask import Blueprint

bp = Blueprint("consultations", __name__, url_prefix="" or None)
