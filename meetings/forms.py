"""Helpers shared by the forms of several domains."""

from __future__ import annotations

from flask_wtf import FlaskForm


def give_unique_ids(form: FlaskForm, prefix: str) -> None:
    """Prefix the HTML ids (not the field names) of a form's fields.

    Two forms on one page (add a member, invite a member) must not both have id="email":
    a label would point to the wrong input. Submitted names stay as they are.
    """
    for field in form:
        field.id = f"{prefix}-{field.id}"
        field.label.field_id = field.id
