from flask import Blueprint

bp = Blueprint("minutes", __name__)


@bp.get("/tasks")
def tasks():
    return "tasks (placeholder)"
