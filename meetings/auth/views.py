from flask import Blueprint

from ..extensions import login_manager

bp = Blueprint("auth", __name__, url_prefix="/auth")


@login_manager.user_loader
def load_user(user_id: str):
    return None


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    return "sign in (placeholder)"


@bp.post("/sign-out")
def sign_out():
    return "sign out (placeholder)"


@bp.get("/account")
def account():
    return "account (placeholder)"
