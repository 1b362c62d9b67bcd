"""Register, sign in, sign out, reset a forgotten password."""

import hashlib

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..extensions import db, limiter
from . import services
from .forms import ForgotPasswordForm, LoginForm, RegisterForm, ResetPasswordForm

bp = Blueprint("auth", __name__, url_prefix="/auth")


def submitted_account():
    """Rate-limit key for the account a form names, whether or not it exists (hashed: no
    address is stored in the counters)."""
    email = services.normalise_email(request.form.get("email"))
    return "account:" + hashlib.sha256(email.encode()).hexdigest()[:32]


def _after_sign_in(target):
    return redirect(target if services.is_safe_next(target) else url_for("consultations.home"))


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def register():
    form = RegisterForm()
    if form.validate_on_submit():
        user = services.register_user(form.email.data, form.display_name.data, form.password.data)
        if user is None:
            form.email.errors.append(_("An account already uses this address. Sign in, or reset your password."))
        else:
            services.sign_in(user)
            db.session.commit()
            flash(_("Welcome, your account is ready."), "success")
            return _after_sign_in(request.args.get("next"))
    return render_template("auth/register.html", form=form)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("20 per 15 minutes", methods=["POST"])
@limiter.limit("10 per 15 minutes", methods=["POST"], key_func=submitted_account)
def login():
    form = LoginForm(next=request.args.get("next"))
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            services.sign_in(user, remember=form.remember.data)
            db.session.commit()
            return _after_sign_in(form.next.data)
        db.session.commit()
        form.password.errors.append(_("The email address or the password is not right."))
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
def logout():
    if current_user.is_authenticated:
        services.sign_out(current_user)
        db.session.commit()
        flash(_("You are signed out on every device."), "success")
    return redirect(url_for("consultations.home"), code=303)


@bp.route("/forgot", methods=["GET", "POST"])
@limiter.limit("5 per hour", methods=["POST"])
@limiter.limit("3 per hour", methods=["POST"], key_func=submitted_account)
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        services.send_reset_link(form.email.data)
        db.session.commit()
        return render_template("auth/forgot_sent.html", email=form.email.data)
    return render_template("auth/forgot.html", form=form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token):
    user = services.user_for_reset_token(token)
    if user is None:
        return render_template("auth/reset_invalid.html"), 400
    form = ResetPasswordForm()
    if form.validate_on_submit():
        services.set_password(user, form.password.data)
        db.session.commit()
        flash(_("Your password is changed. Sign in with the new one."), "success")
        return redirect(url_for("auth.login"), code=303)
    return render_template("auth/reset.html", form=form)
