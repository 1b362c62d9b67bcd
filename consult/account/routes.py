"""Routes of the account area."""

from flask import Blueprint

bp = Blueprint("account", __name__, url_prefix="/account" or None)
