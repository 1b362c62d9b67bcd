"""Register, sign in, sign out, reset a forgotten password."""

import hashlib

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..extensions import db, limiter
from . import services
from .forms import (
    ConfirmAddressForm,
    ForgotPasswordForm,
    LoginForm,
    RegisterForm,
    ResetPasswordForm,
)

bp = Blueprint("auth", __name__, url_prefix="/auth")


def submitted_account():
    """Rate-limit key for the account a form names, whether or not it exists (hashed: no
    address is stored in the counters)."""
    email = services.normalise_email(request.form.get("email"))
    return "account:" + hashlib.sha256(email.encode()).hexdigest()[:32]


#: Per address, the limits fit a room of 50 people behind one address (a training room, an
#: office): they count only what fails (a wrong password), so whoever types the right one is never
#: the one who used the address's tries up, and each of a room may mistype four times in a quarter
#: hour. Per account, the limits stay strict whatever the addresses: a guesser gets 10 tries.
FAILURES_PER_ADDRESS = "200 per 15 minutes"
ROOM_PER_ADDRESS = "100 per hour"
TRIES_PER_ACCOUNT = "10 per 15 minutes"


def _failed(_response):
    """Counted by the per-address limits: the request was a wrong password."""
    return g.get("password_refused", False)


def _refuse_password():
    g.password_refused = True


def submitted_link():
    """Rate-limit key for the account a confirmation link names (hashed, as for addresses)."""
    return "link:" + hashlib.sha256(request.view_args["confirmation"].encode()).hexdigest()[:32]


def _after_sign_in(target):
    return redirect(target if services.is_safe_next(target) else url_for("consultations.home"))


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(ROOM_PER_ADDRESS, methods=["POST"])
@limiter.limit("3 per hour", methods=["POST"], key_func=submitted_account)
def register():
    form = RegisterForm()
    if form.validate_on_submit():
        services.register_user(form.email.data, form.display_name.data, form.password.data,
                               next_path=request.args.get("next"))
        db.session.commit()
        # The same page whether or not the address had an account: the mail says which.
        return render_template("auth/register_sent.html", email=form.email.data)
    return render_template("auth/register.html", form=form)


@bp.route("/confirm/<confirmation>", methods=["GET", "POST"])
@limiter.limit(FAILURES_PER_ADDRESS, methods=["POST"], deduct_when=_failed)
@limiter.limit(TRIES_PER_ACCOUNT, methods=["POST"], key_func=submitted_link)
def confirm_address(confirmation):
    user, next_path = services.user_for_confirmation(confirmation)
    if user is None:
        return render_template("auth/confirm_invalid.html"), 400
    form = ConfirmAddressForm()
    if form.validate_on_submit():
        if services.confirm_address(user, form.password.data):
            services.sign_in(user)
            db.session.commit()
            flash(_("Your address is confirmed. Welcome, your account is ready."), "success")
            return _after_sign_in(next_path)
        db.session.commit()
        _refuse_password()
        form.password.errors.append(_("This is not the password chosen for this account."))
    return render_template("auth/confirm.html", form=form, email=user.email)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(FAILURES_PER_ADDRESS, methods=["POST"], deduct_when=_failed)
@limiter.limit(TRIES_PER_ACCOUNT, methods=["POST"], key_func=submitted_account)
def login():
    form = LoginForm(next=request.args.get("next"))
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None and not services.is_confirmed(user):
            # Only someone who knows the password learns that the account waits for its mail.
            services.send_confirmation(user, form.next.data)
            db.session.commit()
            return render_template("auth/register_sent.html", email=user.email, unconfirmed=True)
        if user is not None:
            services.sign_in(user, remember=form.remember.data)
            db.session.commit()
            return _after_sign_in(form.next.data)
        db.session.commit()
        _refuse_password()
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
@limiter.limit(ROOM_PER_ADDRESS, methods=["POST"])
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
