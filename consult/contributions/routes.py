"""Routes of the contributions area."""

from flask import Blueprint

bp = Blueprint("contributions", __name__, url_prefix="" or None)
