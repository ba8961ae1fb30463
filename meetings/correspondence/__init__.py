"""Decisions by correspondence (per rollam): a proposal put to a group's voting members
with a deadline, their ballots, and the result against the quorum rule, recorded as a
numbered decision ("PR/2026/1") with a signed PDF record."""
