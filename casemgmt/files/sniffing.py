"""What an uploaded file really is, judged from its bytes.

The file name and the declared Content-Type are the uploader's claims; only the content decides.
Images and PDF are recognised by `filetype`; Word/Excel by their ZIP directory (filetype only looks
at the first entries, which not every producer writes first); plain text by decoding it.
"""

import codecs
import zipfile
from dataclasses import dataclass

import filetype


@dataclass(frozen=True)
class FileType:
    key: str
    mime: str
    extensions: tuple[str, ...]  # the first one names the stored file
    label: str


JPEG = FileType("jpeg", "image/jpeg", ("jpg", "jpeg"), "JPG 图片")
PNG = FileType("png", "image/png", ("png",), "PNG 图片")
GIF = FileType("gif", "image/gif", ("gif",), "GIF 图片")
WEBP = FileType("webp", "image/webp", ("webp",), "WEBP 图片")
PDF = FileType("pdf", "application/pdf", ("pdf",), "PDF 文档")
DOCX = FileType(
    "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ("docx",), "Word 文档"
)
XLSX = FileType("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ("xlsx",), "Excel 表格")
TEXT = FileType("txt", "text/plain", ("txt",), "纯文本")

FILE_TYPES = {t.key: t for t in (JPEG, PNG, GIF, WEBP, PDF, DOCX, XLSX, TEXT)}
DEFAULT_ALLOWED_TYPES = frozenset(FILE_TYPES)

# Recognised, but accepted only where a caller allows them (evidence filmed on site): recordings
# are large and have no place in ordinary applications, so the default list stays as it is.
MP4 = FileType("mp4", "video/mp4", ("mp4", "m4v"), "MP4 视频")
MOV = FileType("mov", "video/quicktime", ("mov",), "MOV 视频")
FILE_TYPES.update({t.key: t for t in (MP4, MOV)})

_BY_MIME = {t.mime: t for t in FILE_TYPES.values()}

# Names a desktop would run or install when opened, refused whatever the content.
EXECUTABLE_EXTENSIONS = frozenset(
    {
        "exe", "com", "scr", "pif", "msi", "msp", "msc", "dll", "sys", "cpl", "bat", "cmd", "ps1", "psm1",
        "vbs", "vbe", "js", "jse", "mjs", "wsf", "wsh", "hta", "lnk", "reg", "inf", "jar", "apk", "app",
        "dmg", "pkg", "deb", "rpm", "sh", "bash", "zsh", "csh", "ksh", "py", "pyc", "pl", "rb", "php",
        "elf", "bin", "run", "so", "dylib", "out", "class", "wasm", "docm", "xlsm", "dotm", "xltm",
    }
)  # fmt: skip

_MACH_O = (b"\xfe\xed\xfa\xce", b"\xfe\xed\xfa\xcf", b"\xce\xfa\xed\xfe", b"\xcf\xfa\xed\xfe")
# Mach-O universal binaries share this magic with Java class files: both are programs.
_FAT_OR_CLASS = (b"\xca\xfe\xba\xbe", b"\xca\xfe\xba\xbf")
_UTF8_BOM = codecs.BOM_UTF8
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def executable_kind(head: bytes) -> str | None:
    """A description of the program format when the bytes are one, else None."""
    if head.startswith(b"\x7fELF"):
        return "ELF 可执行文件"
    if head.startswith(b"MZ"):
        return "Windows 可执行文件"
    if head.startswith(_MACH_O + _FAT_OR_CLASS):
        return "macOS 或 Java 程序"
    if head.startswith(b"\x00asm"):
        return "WebAssembly 程序"
    text = head[len(_UTF8_BOM) :] if head.startswith(_UTF8_BOM) else head
    if text.lstrip(b" \t\r\n").startswith(b"#!"):
        return "脚本程序"
    return None


class TextProbe:
    """Fed chunk by chunk: is the whole file text in UTF-8, GB18030 (GBK) or UTF-16 with a BOM?"""

    # C0 controls that never appear in text people write (tab, newlines, form feed, ESC and the
    # DOS end-of-file mark do).
    _CONTROL = frozenset(chr(c) for c in range(32)) - set("\t\n\r\f\v\x1a\x1b")

    def __init__(self):
        self._decoders: dict[str, codecs.IncrementalDecoder] | None = None

    def feed(self, chunk: bytes, *, final: bool = False) -> None:
        if self._decoders is None:
            encodings = ["utf-16"] if chunk.startswith(_UTF16_BOMS) else ["utf-8-sig", "gb18030"]
            self._decoders = {name: codecs.getincrementaldecoder(name)() for name in encodings}
        for name, decoder in list(self._decoders.items()):
            try:
                decoded = decoder.decode(chunk, final=final)
            except UnicodeDecodeError:
                del self._decoders[name]
                continue
            if not self._CONTROL.isdisjoint(decoded):
                del self._decoders[name]

    def finish(self) -> bool:
        """Call once, after the last chunk: True when some encoding decoded everything cleanly."""
        if self._decoders is None:
            return False
        self.feed(b"", final=True)
        return bool(self._decoders)


def _office_type(fileobj) -> FileType | None:
    """DOCX or XLSX when the ZIP directory says so. Macro-enabled documents are refused by the
    caller through `has_macros`."""
    try:
        with zipfile.ZipFile(fileobj) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        fileobj.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    return None


def has_macros(fileobj) -> bool:
    try:
        with zipfile.ZipFile(fileobj) as archive:
            return any(name.lower().endswith("vbaproject.bin") for name in archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        fileobj.seek(0)


def sniff(head: bytes, fileobj, text_probe: TextProbe | None) -> FileType | None:
    """The allow-listed type the content is, or None. `fileobj` must be seekable (ZIP directory)."""
    if head.startswith(b"PK\x03\x04"):
        return _office_type(fileobj)
    guessed = filetype.guess(head)
    if guessed is not None:
        return _BY_MIME.get(guessed.mime)
    if text_probe is not None and text_probe.finish():
        return TEXT
    return None


def allowed_labels(allowed_types) -> str:
    return "、".join(FILE_TYPES[key].label for key in FILE_TYPES if key in allowed_types)
