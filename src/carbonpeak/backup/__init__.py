"""Backup and restore (备份与恢复): the database and the evidence files in one checked archive.

`manifest.py` and `archive.py` are pure (the archive's list with sizes and SHA-256, its safe reading and
writing); `database.py` copies and restores the database (SQLite's online backup, PostgreSQL's pg_dump);
`services.py` puts them together for `carbonpeak backup` and `carbonpeak restore` (`cli.py`).
"""
