"""PDF with a text layer to text (pypdf). A scanned PDF without text is an error."""

from __future__ import annotations

import io

from kg.ingest.errors import IngestError


def pdf_to_text(data: bytes, path: str) -> str:
    try:
        from pypdf import PdfReader
    except ImportError as exc:
        raise IngestError(path, "reading PDF needs the 'pypdf' package: pip install pypdf") from exc
    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except Exception as exc:  # pypdf raises many types on broken files
        raise IngestError(path, f"not a readable PDF ({type(exc).__name__}: {exc})") from exc
    text = "\n".join(line.rstrip() for page in pages for line in page.splitlines())
    if not text.strip():
        raise IngestError(path, "the PDF has no text layer (a scan?); run OCR first")
    return text
