"""Text that reads differently from what the compiler (or a model reading it) sees: bidirectional controls that
reorder code on screen (Trojan Source, CVE-2021-42574), invisible characters that hide code or smuggle text, and
look-alike letters from other scripts that make two different names read the same.

These are properties of the characters, not of a language, so the family runs on every block, prose and unknown
languages included. Nearly every block is pure ASCII and leaves at the first test; only lines with non-ASCII text
are looked at, and the tree (when there is one) is asked only where a suspicious word sits."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from parity.scan.finding import Confidence, Finding, RuleInfo, Severity
from parity.scan.rules.base import RULES, RuleFamily
from parity.scan.syntax import Code

TROJAN_SOURCE = RuleInfo(
    "trojan-source", "CWE-451", Severity.HIGH, "Bidirectional control characters in code",
    "Bidirectional override, embedding or isolate characters make the code display in a different order from "
    "the one the compiler reads, so a reviewer approves logic that is not what runs (Trojan Source, "
    "CVE-2021-42574).")
INVISIBLE = RuleInfo(
    "invisible-character", "CWE-451", Severity.MEDIUM, "Invisible characters in code",
    "Zero-width, filler or tag characters are invisible when displayed: they make two names that look the same "
    "differ, hide an identifier entirely, or smuggle hidden instructions past a human reader.")
HOMOGLYPH = RuleInfo(
    "homoglyph-identifier", "CWE-1007", Severity.HIGH, "Look-alike letters from another script",
    "A name that mixes Latin with look-alike Cyrillic, Greek or fullwidth letters reads like a familiar name but "
    "is a different one, so checks, calls or links silently go somewhere else.")

_BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_OVERRIDES = "\u202d\u202e"
_BIDI_MARKS = "\u200e\u200f\u061c"
_INVISIBLES = "\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad\u034f\u180e\u115f\u1160\u3164\uffa0"
_HANGUL_FILLERS = "\u115f\u1160\u3164\uffa0"
_SPECIAL = re.compile("[" + _BIDI_CONTROLS + _BIDI_MARKS + _INVISIBLES + "\ufe00-\ufe0f\U000e0000-\U000e007f"
                      "\U000e0100-\U000e01ef]")
_RTL_LETTERS = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_RUN = re.compile(r"[\w.-]+")
_MAX_LINE = 4000
_MAX_FINDINGS = 100

# Latin letter -> letters that render like it in common fonts (Cyrillic, Greek, Armenian, IPA): a hand-picked
# subset of Unicode's confusables.txt, written as escapes so this file holds no look-alikes itself.
_LOOKALIKES = {
    "a": "\u0430\u03b1\u0251", "c": "\u0441\u03f2", "d": "\u0501", "e": "\u0435", "g": "\u0261\u0581",
    "h": "\u04bb\u0570", "i": "\u0456\u03b9\u0131\u0269", "j": "\u0458\u03f3", "k": "\u03ba", "l": "\u04cf\u01c0",
    "n": "\u0578", "o": "\u043e\u03bf\u0585", "p": "\u0440\u03c1", "q": "\u051b\u0566", "s": "\u0455",
    "u": "\u03c5\u057d", "v": "\u03bd", "w": "\u051d\u03c9", "x": "\u0445\u03c7", "y": "\u0443",
    "A": "\u0410\u0391", "B": "\u0412\u0392", "C": "\u0421", "E": "\u0415\u0395", "H": "\u041d\u0397",
    "I": "\u0406\u0399", "J": "\u0408", "K": "\u041a\u039a", "M": "\u041c\u039c", "N": "\u039d",
    "O": "\u041e\u039f", "P": "\u0420\u03a1", "Q": "\u051a", "S": "\u0405", "T": "\u0422\u03a4", "W": "\u051c",
    "X": "\u0425\u03a7", "Y": "\u04ae\u03a5", "Z": "\u0396",
}
_CONFUSABLE = {c: latin for latin, chars in _LOOKALIKES.items() for c in chars}
_TLDS = frozenset({"com", "net", "org", "io", "co", "app", "dev", "ai", "me", "info", "biz", "us", "uk", "de", "ru",
                   "cn", "xyz", "edu", "gov", "ly", "sh", "gg", "tv", "cc"})
_TAG_FLAG = "\U0001f3f4"


def escape(text: str) -> str:
    """Control and invisible characters as ``\\u202e``-style escapes, so a terminal shows them instead of obeying
    them."""
    return _SPECIAL.sub(lambda m: f"\\u{ord(m.group()):04x}" if ord(m.group()) <= 0xFFFF
                        else f"\\U{ord(m.group()):08x}", text)


def _names(chars: str) -> str:
    tags = sum(1 for c in chars if "\U000e0000" <= c <= "\U000e007f")
    seen = [c for c in dict.fromkeys(chars) if not "\U000e0000" <= c <= "\U000e007f"]
    out = [f"U+{ord(c):04X} {unicodedata.name(c, 'UNNAMED')}" for c in seen[:6]]
    if len(seen) > 6:
        out.append(f"{len(seen) - 6} more")
    if tags:
        out.append(f"{tags} TAG characters U+E0000-U+E007F")
    return ", ".join(out)


def _snippet(line: str) -> str:
    s = escape(line.strip()[:200])
    return s if len(s) <= 200 else s[:197] + "..."


@lru_cache(maxsize=4096)
def _latin(ch: str) -> str | None:
    """The ASCII letter ``ch`` passes for, or None."""
    if ch in _CONFUSABLE:
        return _CONFUSABLE[ch]
    if ord(ch) >= 0xFF00:  # fullwidth and mathematical letters fold to ASCII
        folded = unicodedata.normalize("NFKC", ch)
        if len(folded) == 1 and folded.isascii() and folded.isalnum():
            return folded
    return None


def _is_emoji(ch: str) -> bool:
    return bool(ch) and (ord(ch) >= 0x1F000 or 0x2190 <= ord(ch) <= 0x2BFF or unicodedata.category(ch) in ("So", "Sk"))


def _joins_script(ch: str) -> bool:
    """A letter of a script that uses zero-width (non-)joiners in ordinary text (Arabic, Persian, Indic ...)."""
    return bool(ch) and ord(ch) >= 0x0590 and ch.isalpha()


class _Line:
    """One non-ASCII line's suspicious characters, sorted into what each rule reports."""

    def __init__(self, line: str, *, code_block: bool, first: bool) -> None:
        self.bidi: list[str] = []
        self.invisible: list[str] = []
        self.hidden_text = ""
        self.high = False
        rtl = _RTL_LETTERS.search(line) is not None
        tags: list[str] = []
        for n, m in enumerate(_SPECIAL.finditer(line, 0, _MAX_LINE)):
            if n >= 256:
                break  # enough to report; hostile lines of nothing else must stay cheap
            ch, i = m.group(), m.start()
            before = line[i - 1] if i else ""
            after = line[i + 1] if i + 1 < len(line) else ""
            if ch in _BIDI_CONTROLS:
                if code_block or ch in _OVERRIDES or not rtl:
                    self.bidi.append(ch)
            elif ch in _BIDI_MARKS:
                if code_block and not rtl:
                    self.bidi.append(ch)
            elif "\U000e0000" <= ch <= "\U000e007f":
                tags.append(ch)
            elif "\ufe00" <= ch <= "\ufe0f" or ch >= "\U000e0100":
                # One selector after an emoji (or a CJK ideograph) is ordinary; runs of them carry data.
                if "\ufe00" <= after <= "\ufe0f" or after >= "\U000e0100" or not (
                        _is_emoji(before) or before.isdigit() or before in ("#", "*") or "\u4e00" <= before <= "\u9fff"
                        or "\ufe00" <= before <= "\ufe0f" or before >= "\U000e0100"):
                    self.invisible.append(ch)
            elif self._odd_invisible(ch, before, after, code_block=code_block, first=first and i == 0, line=line):
                self.invisible.append(ch)
                self.high = self.high or (code_block and ch in _HANGUL_FILLERS)
        if tags:
            text = "".join(chr(ord(c) - 0xE0000) for c in tags if "\U000e0020" <= c <= "\U000e007e")
            if not (_TAG_FLAG in line and len(tags) <= 8 and text.isalnum()):  # 🏴 subdivision flags
                self.invisible.extend(tags)
                self.hidden_text, self.high = text, True

    @staticmethod
    def _odd_invisible(ch: str, before: str, after: str, *, code_block: bool, first: bool, line: str) -> bool:
        if ch == "\ufeff" and first:
            return False  # a byte-order mark
        if ch in "\u200c\u200d" and (_is_emoji(before) or _is_emoji(after) or _joins_script(before)
                                     or _joins_script(after) or before == "\ufe0f"):
            return False  # emoji sequences; joiners in Persian, Indic and Arabic text
        if ch in _HANGUL_FILLERS and any("\uac00" <= c <= "\ud7a3" for c in line):
            return False  # inside Korean text
        if code_block:
            return True
        # Prose or a language we cannot parse: only where it splits a word, which is where it changes meaning.
        return ch != "\u00ad" and bool(before) and bool(after) and (before.isalnum() or before in "_-./") and (
            after.isalnum() or after in "_-./")


@dataclass(slots=True)
class _Seen:
    """Per block: whether each look-alike's ASCII reading appears in the block, and the words already reported
    (one finding per word, at its first use)."""

    twins: dict[str, bool] = field(default_factory=dict)
    reported: set[str] = field(default_factory=set)


@RULES.register("unicode")
class UnicodeDeception(RuleFamily):
    rules = (TROJAN_SOURCE, INVISIBLE, HOMOGLYPH)
    languages = None

    def check(self, code: Code) -> list[Finding]:
        if code.text.isascii():
            return []
        code_block = code.language is not None
        found: list[Finding] = []
        seen = _Seen()
        for row, line in enumerate(code.lines):
            if line.isascii():
                continue
            if _SPECIAL.search(line):
                found.extend(self._hidden(code, row, line, code_block))
            found.extend(self._homoglyphs(code, row, line, seen))
            if len(found) >= _MAX_FINDINGS:
                break  # a block that is nothing but this is reported well enough by its first lines
        return found

    def _hidden(self, code: Code, row: int, line: str, code_block: bool) -> Iterator[Finding]:
        found = _Line(line, code_block=code_block, first=row == 0)
        confidence = Confidence.HIGH if code_block else Confidence.MEDIUM
        if found.bidi:
            rtl = _RTL_LETTERS.search(line) is not None
            yield code.finding(
                TROJAN_SOURCE, row, confidence=Confidence.MEDIUM if rtl else confidence,
                message=f"bidirectional control characters ({_names(''.join(found.bidi))}) make this line display "
                        "in a different order from the one the compiler reads: " + TROJAN_SOURCE.why,
            ).at(snippet=_snippet(line))
        if found.invisible:
            hidden = f"; they spell hidden text: {found.hidden_text[:120]!r}" if found.hidden_text else ""
            yield code.finding(
                INVISIBLE, row, confidence=confidence, severity=Severity.HIGH if found.high else None,
                message=f"invisible characters ({_names(''.join(found.invisible))}) on this line{hidden}. "
                        + INVISIBLE.why,
            ).at(snippet=_snippet(line))

    def _homoglyphs(self, code: Code, row: int, line: str, seen: _Seen) -> Iterator[Finding]:
        """At most one finding per line (the engine keeps one per rule and line anyway)."""
        for run in _RUN.finditer(line, 0, _MAX_LINE):
            text = run.group()
            if text.isascii() or len(text) > 200:  # no identifier or host name is that long
                continue
            labels = text.strip(".-").split(".")
            if len(labels) >= 2 and labels[-1].lower() in _TLDS and any(_posing(label) for label in labels):
                shown = "".join(_latin(c) or c for c in text)
                yield code.finding(
                    HOMOGLYPH, row, confidence=Confidence.HIGH, severity=Severity.MEDIUM,
                    message=f"the domain {escape(text)!r} uses look-alike letters ({_culprits(text)}) and is not "
                            f"{shown!r}: a link or host check here goes to another site.",
                ).at(column=run.start() + 1)
                return
            for word in re.finditer(r"\w+", text):
                f = self._word(code, row, line, run.start() + word.start(), word.group(), seen)
                if f is not None:
                    yield f
                    return

    def _word(self, code: Code, row: int, line: str, col: int, word: str, seen: _Seen) -> Finding | None:
        posing = _posing(word)
        if posing is None:
            return None
        skeleton, mixed = posing
        if len(skeleton) < 3 or word in seen.reported:
            return None  # one- and two-letter names (Greek rho, nu, alpha in maths) are not worth impersonating
        if skeleton not in seen.twins:  # the ASCII name it passes for, used elsewhere in the block
            seen.twins[skeleton] = re.search(r"(?<!\w)" + re.escape(skeleton) + r"(?!\w)", code.text) is not None
        twin = seen.twins[skeleton]
        if not (mixed or twin):
            return None  # a wholly Cyrillic or Greek name is just a name
        seen.reported.add(word)
        where = _context(code, row, line, col)
        if where == "comment":
            return None
        in_string = where == "string"
        msg = (f"{'the string' if in_string else 'the identifier'} {word!r} uses look-alike letters "
               f"({_culprits(word)}) and reads as {skeleton!r}")
        msg += ", a different name that also appears in this code." if twin else ", but it is a different name."
        return code.finding(
            HOMOGLYPH, row, message=msg + " " + HOMOGLYPH.why,
            confidence=Confidence.HIGH if where == "code" or twin else Confidence.MEDIUM,
            severity=Severity.MEDIUM if in_string and not twin else None,
        ).at(column=col + 1)


@lru_cache(maxsize=4096)
def _posing(word: str) -> tuple[str, bool] | None:
    """(the ASCII word it reads as, whether it also holds real ASCII letters) when every non-ASCII letter in it
    looks like a Latin one; None when it has none, or a letter no Latin one resembles (then it looks foreign)."""
    out, ascii_letters, culprits = [], False, False
    for ch in word:
        if ch.isascii():
            ascii_letters = ascii_letters or ch.isalpha()
            out.append(ch)
            continue
        lat = _latin(ch)
        if lat is None:
            if not unicodedata.name(ch, "").startswith("LATIN"):
                return None
            out.append(ch)  # é, ñ, ß: plain non-English Latin
            continue
        culprits = True
        out.append(lat)
    return ("".join(out), ascii_letters) if culprits else None


def _culprits(word: str) -> str:
    chars = dict.fromkeys(c for c in word if not c.isascii() and _latin(c) is not None)
    return ", ".join(f"{unicodedata.name(c, '?').title()} U+{ord(c):04X} for {_latin(c)!r}" for c in chars)


def _context(code: Code, row: int, line: str, col: int) -> str:
    """``code``, ``string`` or ``comment`` for the word at (row, col); ``text`` with no tree to ask."""
    if code.tree is None:
        return "text"
    byte_col = len(line[:col].encode("utf-8", "surrogatepass"))
    node = code.tree.root_node.descendant_for_point_range((row, byte_col), (row, byte_col))
    for _ in range(4):
        if node is None:
            break
        if "comment" in node.type:
            return "comment"
        if "string" in node.type or node.type in ("heredoc_body", "text_block", "encapsed_string", "nowdoc"):
            return "string"
        node = node.parent
    return "code"
