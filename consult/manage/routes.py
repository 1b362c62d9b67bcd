"""Routes of the manage area."""

from flask import Blueprint

bp = Blueprint("manage", __name__, url_prefix="/manage" or None)
