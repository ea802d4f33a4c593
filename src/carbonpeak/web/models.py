"""The data version's table: one row per topic (`caching/versions.py` says how it is moved on and read).

It lives in the web app because it is what the serving side needs: the cached pages and read-models key on
it, and this app's ready() installs the watch that moves it on. The rows are written only by the upserts in
`caching/versions.py`, never through this model: the model gives the table its migration.
"""

from __future__ import annotations

from django.db import models


class DataVersion(models.Model):
    """数据版本: how often a topic's tables were written, and the epoch drawn when the row was made."""

    topic = models.CharField(max_length=64, primary_key=True)
    epoch = models.CharField(max_length=32)
    counter = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.topic} {self.epoch}:{self.counter}"
