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


class StagedUpload(models.Model):
    """暂存的导入文件: a file uploaded on an import page, kept between its preview and the user's confirmation.

    One per user and kind of import (a new upload replaces the one before); kept a day (`web/imports/staging.py`).
    The digest is checked before the confirmation stores it, so what is stored is what was previewed."""

    user = models.ForeignKey("auth.User", on_delete=models.CASCADE, related_name="staged_uploads")
    kind = models.CharField(max_length=64)
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    content = models.BinaryField()
    created = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="staged_upload_once_per_user_and_kind")]

    def __str__(self) -> str:
        return f"{self.kind} {self.file_name}"
