"""Which evidence files the product accepts (a report's attachments, an indicator value's evidence):
by extension, by what the bytes say, and by size.

Pure module (no Django). A file is accepted only when its first bytes match its extension,
so a program renamed to .pdf ("disguised") is refused.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_BYTES = 10 * 1024 * 1024

# extension → (content type, leading bytes the file must start with)
_KINDS: dict[str, tuple[str, tuple[bytes, ...]]] = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    # Office Open XML files are zip archives.
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
}
ALLOWED = tuple(_KINDS)


@dataclass
class EvidenceRejected(Exception):
    """A file the product does not accept: `field` is the form field, `reason` says why (zh / en)."""

    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.field}: {self.reason}"


def check_upload(name: str, head: bytes, size: int, max_bytes: int = MAX_BYTES) -> str:
    """The content type to store for an acceptable file; EvidenceRejected otherwise."""
    allowed = "、".join(ALLOWED)
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in _KINDS:
        raise EvidenceRejected("file", f"不接受此类文件（仅 {allowed}）/ file type not accepted (only {allowed})")
    if size <= 0:
        raise EvidenceRejected("file", "文件为空 / the file is empty")
    if size > max_bytes:
        limit = max_bytes // (1024 * 1024)
        raise EvidenceRejected("file", f"文件超过 {limit} MB / the file is larger than {limit} MB")
    content_type, signatures = _KINDS[extension]
    if not any(head.startswith(sig) for sig in signatures):
        raise EvidenceRejected(
            "file", f"文件内容与扩展名 .{extension} 不符 / the file's content is not a .{extension} file"
        )
    return content_type
