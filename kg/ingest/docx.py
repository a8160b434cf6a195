"""Word ``.docx`` to text with python-docx: paragraphs and tables in document order."""

from __future__ import annotations

import io

from kg.ingest.errors import IngestError
from kg.ingest.html import normalise_inline
from kg.ingest.numbering import document_numbering, paragraph_number
from kg.models import Span, Table, TableCell


def docx_to_text(data: bytes, path: str) -> tuple[str, list[Table]]:
    try:
        import docx
        from docx.table import Table as DocxTable
        from docx.text.paragraph import Paragraph
    except ImportError as exc:  # pragma: no cover - dependency of the package
        raise IngestError(path, "python-docx is not installed") from exc
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several types for broken archives
        raise IngestError(path, f"not a readable .docx file ({type(exc).__name__}: {exc})") from exc
    lines: list[str] = []
    tables: list[Table] = []
    pos = 0
    numbering = document_numbering(document)

    def numbered(p: Paragraph) -> str:
        """A paragraph's text with the number Word prints before it (a list's, not typed)."""
        number, text = paragraph_number(numbering, p), p.text  # (python-docx makes the text at each reading)
        if number and number[-1:].isalnum() and text[:1].isalnum():
            number += " "
        return number + text

    # a cell's text by its element (held, so that the element keeps its one proxy): a merged
    # cell is met once per row it spans, and its numbered paragraphs count once
    cell_texts: dict[object, str] = {}

    def cell_text(c: object) -> str:
        key = c._tc  # type: ignore[attr-defined]
        if key not in cell_texts:
            cell_texts[key] = "".join(numbered(p) for p in c.paragraphs)  # type: ignore[attr-defined]
        return cell_texts[key]

    def add(line: str) -> int:
        nonlocal pos
        if lines:
            pos += 1
        start = pos
        lines.append(line)
        pos += len(line)
        return start

    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            text = normalise_inline(numbered(item))
            if text:
                add(text)
        elif isinstance(item, DocxTable):
            start_table = pos + (1 if lines else 0)
            rows = []
            for r in item.rows:
                cells = [normalise_inline(cell_text(c).replace("\n", "")) for c in r.cells]
                row_start = add("\t".join(cells))
                cursor = row_start
                row_cells = []
                for c in cells:
                    row_cells.append(TableCell(c, Span(cursor, cursor + len(c))))
                    cursor += len(c) + 1
                rows.append(tuple(row_cells))
            if rows:
                tables.append(Table(tuple(rows), Span(start_table, pos)))
    text = "\n".join(lines)
    if not text.strip():
        raise IngestError(path, "the .docx file holds no text")
    return text, tables
