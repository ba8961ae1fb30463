"""Search across everything a person may see: one index table kept in step with every
change (``indexing``), read through the databases' full-text indexes (``services``)."""
