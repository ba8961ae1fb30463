"""Export and import: every record (or one group's) as JSON and every file, in one zip with a
manifest and checksums (``docs/export.md``).

- ``tables``: which tables an export holds, which it leaves out and why, and how a group's
  share of them is found;
- ``records``: a column's value as JSON and back;
- ``archive``: writing and reading the zip, its manifest and checksums;
- ``exporting``: an installation or a group → the zip;
- ``restoring``: an installation's zip → an empty database, with the same ids;
- ``merging``: a group's zip → this installation, with new ids, people found by e-mail;
- ``models``, ``services``, ``jobs``, ``views``: the export a site admin or a group's chair
  downloads, built in the job queue with a page that shows its progress;
- ``cli``: ``flask export`` and ``flask import``.
"""
