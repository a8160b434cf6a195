"""Legacy Word ``.doc`` and WPS ``.wps``: converted with LibreOffice when it is installed."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from kg.ingest.decode import decode_bytes
from kg.ingest.errors import IngestError


def legacy_to_text(path: Path) -> str:
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        raise IngestError(str(path), f"{path.suffix} files need LibreOffice to convert them (apt-get install libreoffice-writer), or save the file as .docx")
    with tempfile.TemporaryDirectory() as out:
        try:
            subprocess.run(
                [office, "--headless", "--convert-to", "txt:Text (encoded):UTF8", "--outdir", out, str(path)],
                check=True, capture_output=True, timeout=120,
            )
        except (subprocess.SubprocessError, OSError) as exc:
            raise IngestError(str(path), f"LibreOffice could not convert it ({exc})") from exc
        converted = Path(out) / (path.stem + ".txt")
        if not converted.exists():
            raise IngestError(str(path), "LibreOffice produced no text")
        return decode_bytes(converted.read_bytes(), str(path))[0]
