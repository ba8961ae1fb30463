"""The curl examples of docs/api.md work: each one is run against the app with the demo
data, and answers with the shape the OpenAPI document gives it (the minutes' PDF: a PDF)."""

from __future__ import annotations

import datetime as dt
import re
import shlex
from pathlib import Path

from sqlalchemy import select

from meetings.auth import api_tokens
from meetings.auth.models import User
from meetings.extensions import db

DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"

#: What each example answers, by its address.
SHAPES = [
    (re.compile(r"^/api/v1/meetings\?"), "MeetingList"),
    (re.compile(r"^/api/v1/meetings/\d+$"), "MeetingDetail"),
    (re.compile(r"^/api/v1/meetings/\d+/invitation/answer$"), "AnswerResult"),
    (re.compile(r"^/api/v1/events"), "MeetingList"),
    (re.compile(r"^/api/v1/decisions"), "DecisionList"),
    (re.compile(r"^/api/v1/meetings$"), "MeetingDetail"),
    (re.compile(r"^/api/v1/minutes\?"), "MinutesList"),
    (re.compile(r"^/api/v1/meetings/\d+/minutes\.pdf(\?|$)"), "PDF"),
]


def _curl_lines() -> list[list[str]]:
    blocks = re.findall(r"```sh\n(.*?)```", DOC.read_text(), re.S)
    return [
        shlex.split(line)
        for block in blocks
        for line in block.splitlines()
        if line.startswith("curl ")
    ]


def _request(words: list[str], values: dict[str, str]) -> tuple[str, str, dict, str | None]:
    method, headers, data, url = "GET", {}, None, None
    words = iter(words[1:])
    for word in words:
        if word == "-X":
            method = next(words)
        elif word == "-H":
            name, _, value = next(words).partition(": ")
            headers[name] = value
        elif word == "-d":
            data = next(words)
        elif word == "-o":
            next(words)  # the file the answer is saved to
        elif word.startswith("-"):
            pass  # -i, -s: how curl shows the answer
        else:
            url = word

    def fill(text: str) -> str:
        return re.sub(r"\$(\w+)", lambda m: values[m.group(1)], text)

    return method, fill(url), {k: fill(v) for k, v in headers.items()}, data


def test_docs_examples_run_against_the_demo(demo, client, conforms):

    def token_of(email: str) -> str:
        person = db.session.scalars(select(User).where(User.email == email)).one()
        return api_tokens.create_token(person, name="docs", scope="write", days=30).secret

    member, assistant = token_of("member@demo.example"), token_of("assistant@demo.example")
    db.session.commit()
    values = {
        "BASE": "",
        "TOKEN": member,
        "TODAY": dt.date.today().isoformat(),
        "MEETING_ID": "",
        "NEW_ID": "",
        "ETAG": "",
        "MINUTES_ID": "",
    }
    lines = _curl_lines()
    assert len(lines) == 10
    for words in lines:
        raw = " ".join(words)
        # Creating and changing meetings is the group assistant's work.
        values["TOKEN"] = (
            assistant if "$NEW_ID" in raw or raw.endswith("/api/v1/meetings") else member
        )
        method, url, headers, data = _request(words, values)
        response = client.open(url, method=method, headers=headers, data=data)
        expected = 201 if method == "POST" and url == "/api/v1/meetings" else 200
        assert response.status_code == expected, (url, response.get_json())
        [shape] = [name for pattern, name in SHAPES if pattern.search(url)]
        if shape == "PDF":
            assert response.mimetype == "application/pdf"
            assert response.data.startswith(b"%PDF")
            continue
        conforms(response, shape)
        body = response.get_json()
        if shape == "MeetingList" and "group=" in url:
            # The meeting the following examples fetch and answer: the group's next one.
            assert body["data"], "the demo group has upcoming meetings"
            values["MEETING_ID"] = str(body["data"][0]["id"])
        if shape == "MeetingDetail":
            assert body["group"]["slug"] == "pzlk-socialni-sluzby"
            if method == "POST":
                values["NEW_ID"] = str(body["id"])
                assert [i["title"] for i in body["agenda"]] == ["Zahájení", "Sociální podnikání"]
                assert [c["number"] for c in body["agenda"][1]["children"]] == ["2a", "2b"]
            elif method == "GET" and url.endswith(f"/{values['NEW_ID']}"):
                values["ETAG"] = response.headers["ETag"]
            elif method == "PATCH":
                assert (body["title"], body["venue"]) == (
                    "Sociální podnikání v Libereckém kraji",
                    None,
                )
        if shape == "AnswerResult":
            assert body["answer"] == "accepted"
        if shape == "MinutesList":
            # The 10th meeting's minutes, approved, signed and published.
            assert body["data"], "the demo group has published minutes"
            assert all(m["status"] == "published" for m in body["data"])
            values["MINUTES_ID"] = str(body["data"][0]["meeting"]["id"])
        if shape == "DecisionList":
            # The register holds the group's decision by correspondence too, with its rule.
            [by_correspondence] = [d for d in body["data"] if d["correspondence_vote_id"]]
            assert (by_correspondence["label"], by_correspondence["meeting_id"]) == (
                "PR/2018/1",
                None,
            )
            assert by_correspondence["adopted"] is True
            assert by_correspondence["quorum_rule"]
