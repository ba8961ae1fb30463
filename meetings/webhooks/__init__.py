"""Webhooks: a group's managers (or a site admin, for the whole installation) register a
URL; the events they chose (a meeting scheduled, changed or cancelled, an agenda or
minutes published, a decision recorded) are posted to it as signed JSON.

- ``enums``: the event kinds and delivery states;
- ``models``: the subscriptions and their deliveries (the outbox and its log);
- ``payloads``: the JSON of each event, as the subscription's creator may see it (the
  shapes of the API's ``serialise``);
- ``services``: subscriptions, queueing events (in the transaction of the change);
- ``delivery``: signing and sending what is due (the worker's job), with retries;
- ``jobs``: the huey task woken after a commit, and the minute's sweep;
- ``reactions``: the domain signals that become events;
- ``forms``, ``views``: the pages of a group and of the site admin.
"""
