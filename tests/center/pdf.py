"""Read the text drawn in the PDFs reportlab writes, without a PDF library.

reportlab encodes page streams with ASCII85 over zlib (the filters
/ASCII85Decode /FlateDecode) and draws text with the `Tj` operator on
literal strings in WinAnsi encoding, so decoding the streams and the
strings gives the printed text.
"""

import base64
import re
import zlib

STREAM = re.compile(rb"stream\r?\n(.*?)\s*endstream", re.DOTALL)
TEXT = re.compile(rb"\((.*?)(?<!\\)\)\s*Tj", re.DOTALL)


def page_streams(pdf: bytes) -> list[bytes]:
    streams = []
    for raw in STREAM.findall(pdf):
        data = raw.strip()
        if data.endswith(b"~>"):
            data = base64.a85decode(data[:-2])
        try:
            streams.append(zlib.decompress(data))
        except zlib.error:
            streams.append(data)
    return streams


def pdf_text(pdf: bytes) -> str:
    """Return every drawn string, one per line, with PDF escapes undone."""
    pieces = []
    for stream in page_streams(pdf):
        for raw in TEXT.findall(stream):
            text = re.sub(rb"\\([0-7]{3})", lambda match: bytes([int(match.group(1), 8)]), raw)
            text = re.sub(rb"\\([()\\])", rb"\1", text)
            pieces.append(text.decode("cp1252", errors="replace"))
    return "\n".join(pieces)


def page_count(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))
