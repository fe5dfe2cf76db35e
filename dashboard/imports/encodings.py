"""An upload's bytes as text: UTF-8, UTF-16, or mostly UTF-8 with some lines in a single-byte encoding.

Files are often edited on several machines: the graves table of PDH Ibero is UTF-8, except for
132 lines typed on a Mac (``Ciudad de M\\x8exico``), and 57 of those lines also hold valid UTF-8.
Decoding the whole file as one encoding garbles one half or the other, so only the bytes that are
not UTF-8 are decoded by a fallback, chosen once per file: Windows-1252 or Mac Roman, whichever
turns those bytes into the letters a Spanish (or English, German) text has. The lines read so are
named in a notice. Every message names lines, never byte offsets.
"""

from __future__ import annotations

import codecs

from dashboard.imports.rejections import ImportRejected

FALLBACKS = ("cp1252", "mac_roman")
FALLBACK_NAMES = {"cp1252": "Windows-1252 (cp1252)", "mac_roman": "Mac Roman"}
# what the invalid bytes of a Spanish, English or German text stand for: accented letters, ñ, ¿ ¡, dashes, quotes
_TEXT_CHARS = set("áéíóúüñÁÉÍÓÚÜÑàèìòùâêîôûçÇäöÄÖß¿¡«»–—‘’“”° \u00a0·")


def decode_text(raw: bytes) -> tuple[str, list[str]]:
    """Text of an upload: UTF-8 (BOM stripped), UTF-16 with or without BOM, else UTF-8 with a fallback per byte."""
    notices: list[str] = []
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ImportRejected(f"file starts like UTF-16 text but line {_utf16_line(raw, exc.start)} is not "
                                 "valid UTF-16") from None
        notices.append("read as UTF-16 text (byte-order mark)")
        return text.lstrip("\ufeff"), notices
    bomless = _utf16_without_bom(raw)
    if bomless:
        try:
            text = raw.decode(bomless)
        except UnicodeDecodeError as exc:
            raise ImportRejected(f"file looks like {bomless.upper()} text without a byte-order mark but line "
                                 f"{_utf16_line(raw, exc.start)} is not valid UTF-16; save it as UTF-8") from None
        notices.append(f"read as {bomless.upper()} text (no byte-order mark); saving as UTF-8 is safer")
        return text, notices
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
        notices.append("UTF-8 byte-order mark removed")
    try:
        return raw.decode("utf-8"), notices
    except UnicodeDecodeError:
        pass
    text, fallback, lines = mixed_decode(raw)
    notices.append(_mixed_notice(fallback, lines, len(raw.split(b"\n"))))
    return text, notices


def invalid_runs(raw: bytes) -> list[tuple[int, int, int]]:
    """(start, end, 1-based line) of every run of bytes that is not UTF-8, in order (linear in the file's size)."""
    runs: list[tuple[int, int, int]] = []
    offset = 0
    for number, line in enumerate(raw.split(b"\n"), start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            runs.extend((offset + a, offset + b, number) for a, b in _line_runs(line))
        offset += len(line) + 1
    return runs


def _line_runs(line: bytes) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    pos = 0
    while pos < len(line):
        try:
            line[pos:].decode("utf-8")
            break
        except UnicodeDecodeError as exc:
            start, end = pos + exc.start, pos + exc.end
            if runs and runs[-1][1] == start:
                runs[-1] = (runs[-1][0], end)
            else:
                runs.append((start, end))
            pos = end
    return runs


def choose_fallback(bad: bytes) -> str:
    """The single-byte encoding that reads ``bad`` (the file's non-UTF-8 bytes) as the most text letters."""
    def score(encoding: str) -> int:
        text = bad.decode(encoding, errors="replace")
        return sum(ch in _TEXT_CHARS for ch in text) - 2 * text.count("\ufffd")
    return max(FALLBACKS, key=lambda enc: (score(enc), enc == "cp1252"))


def mixed_decode(raw: bytes) -> tuple[str, str, list[int]]:
    """(text, fallback encoding, 1-based numbers of the lines that held non-UTF-8 bytes)."""
    runs = invalid_runs(raw)
    fallback = choose_fallback(b"".join(raw[a:b] for a, b, _ in runs))
    parts: list[str] = []
    lines: list[int] = []
    pos = 0
    for start, end, line in runs:
        parts.append(raw[pos:start].decode("utf-8"))
        parts.append(raw[start:end].decode(fallback, errors="replace"))
        if not lines or lines[-1] != line:
            lines.append(line)
        pos = end
    parts.append(raw[pos:].decode("utf-8"))
    if not _within_words(raw, runs):  # bytes on their own, not letters inside words: not text
        raise ImportRejected(f"not UTF-8 text: line {lines[0]} holds bytes that read as no letters in UTF-8, "
                             "Windows-1252 or Mac Roman; save the file as UTF-8")
    return "".join(parts), fallback, lines


def _within_words(raw: bytes, runs: list[tuple[int, int, int]]) -> bool:
    """Whether most runs of non-UTF-8 bytes touch an ASCII letter, as accented letters inside words do."""
    def touches(start: int, end: int) -> bool:
        return raw[start - 1:start].isalpha() or raw[end:end + 1].isalpha()
    return sum(touches(a, b) for a, b, _ in runs) * 2 >= len(runs)


def line_list(lines: list[int]) -> str:
    """'14, 20–22, 31' from sorted line numbers."""
    spans: list[list[int]] = []
    for n in lines:
        if spans and n == spans[-1][1] + 1:
            spans[-1][1] = n
        else:
            spans.append([n, n])
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in spans)


def _mixed_notice(fallback: str, lines: list[int], total: int) -> str:
    name = FALLBACK_NAMES[fallback]
    if len(lines) * 2 > total:
        return (f"file is not UTF-8: read it as {name} ({len(lines)} of {total} lines held such bytes, "
                f"first line {lines[0]}) — check accented names")
    return (f"{len(lines)} line(s) hold bytes that are not UTF-8, read as {name} (the rest of the file as UTF-8) "
            f"— check accented names on lines {line_list(lines)}")


def _utf16_line(raw: bytes, offset: int) -> int:
    """The line of byte ``offset`` in a UTF-16 file (line breaks counted in the text decoded before it)."""
    head = raw[: offset - offset % 2]
    for encoding in ("utf-16", "utf-16-le", "utf-16-be"):
        try:
            return codecs.decode(head, encoding).count("\n") + 1
        except UnicodeDecodeError:
            continue
    return 1


def _utf16_without_bom(raw: bytes) -> str:
    """'utf-16-le' / 'utf-16-be' when the file's first bytes are ASCII text in UTF-16 (every other byte NUL)."""
    head = raw[:400]
    if len(head) < 4 or len(head) % 2:
        head = head[: len(head) - len(head) % 2]
    if len(head) < 4:
        return ""
    even, odd = head[0::2], head[1::2]
    if even.count(0) >= 0.9 * len(even) and all(odd):
        return "utf-16-be"
    if odd.count(0) >= 0.9 * len(odd) and all(even):
        return "utf-16-le"
    return ""
