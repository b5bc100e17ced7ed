"""Reading multipart uploads (the body size is already limited by the application)."""

from __future__ import annotations

from fastapi import Request
from starlette.datastructures import UploadFile

from clauserules import InputFileError

MAX_FIELDS = 5000
"""Fields of one form (a consultation of 500 lots has about 20 fields per lot)."""


async def read_upload(request: Request, name: str) -> tuple[str, bytes, dict[str, str]]:
    """The file field ``name`` of a multipart request: its name, its bytes, and the text
    fields of the form."""
    content_type = request.headers.get("content-type", "")
    if not content_type.startswith("multipart/form-data"):
        raise InputFileError(f"request body: expected multipart/form-data with a file {name!r}")
    form = await request.form(max_files=4, max_fields=MAX_FIELDS)
    upload = form.get(name)
    if not isinstance(upload, UploadFile) or not upload.filename:
        raise InputFileError(f"request body: no file in the field {name!r}")
    data = await upload.read()
    fields = {k: v for k, v in form.items() if isinstance(v, str)}
    return upload.filename, data, fields
