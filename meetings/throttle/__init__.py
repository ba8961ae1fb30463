"""Rate limits every app server and worker shares: counters in the database on the
embedded default (``meetings-db://``), in Redis when one is configured."""
