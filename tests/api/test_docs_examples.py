"""The curl examples of docs/api.md work: each one is run against the app with the demo
data, and answers 200 with the shape the OpenAPI document gives it."""

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
        else:
            url = word

    def fill(text: str) -> str:
        return re.sub(r"\$(\w+)", lambda m: values[m.group(1)], text)

    return method, fill(url), {k: fill(v) for k, v in headers.items()}, data


def test_docs_examples_run_against_the_demo(demo, client, conforms):
    member = db.session.scalars(select(User).where(User.email == "member@demo.example")).one()
    token = api_tokens.create_token(member, name="docs", scope="write", days=30).secret
    db.session.commit()
    values = {"BASE": "", "TOKEN": token, "TODAY": dt.date.today().isoformat(), "MEETING_ID": ""}
    lines = _curl_lines()
    assert len(lines) == 5
    for words in lines:
        method, url, headers, data = _request(words, values)
        response = client.open(url, method=method, headers=headers, data=data)
        assert response.status_code == 200, (url, response.get_json())
        [shape] = [name for pattern, name in SHAPES if pattern.search(url)]
        conforms(response, shape)
        body = response.get_json()
        if shape == "MeetingList" and "group=" in url:
            # The meeting the following examples fetch and answer: the group's next one.
            assert body["data"], "the demo group has upcoming meetings"
            values["MEETING_ID"] = str(body["data"][0]["id"])
        if shape == "MeetingDetail":
            assert body["group"]["slug"] == "pzlk-socialni-sluzby"
        if shape == "AnswerResult":
            assert body["answer"] == "accepted"
        if shape == "DecisionList":
            # The register holds the group's decision by correspondence too, with its rule.
            [by_correspondence] = [d for d in body["data"] if d["correspondence_vote_id"]]
            assert (by_correspondence["label"], by_correspondence["meeting_id"]) == (
                "PR/2018/1",
                None,
            )
            assert by_correspondence["adopted"] is True
            assert by_correspondence["quorum_rule"]
