from flask import Blueprint

bp = Blueprint("scheduling", __name__)


@bp.get("/calendar")
def calendar():
    return "calendar (placeholder)"


@bp.get("/events")
def events():
    return "events (placeholder)"
