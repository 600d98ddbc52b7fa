"""The ``injection`` family's SQL checks: statements built by splicing values into query text and handed to a
database API (``sql_calls``), and dynamic SQL inside SQL itself, such as procedures and migrations that ``EXEC`` a
concatenated string or switch on ``xp_cmdshell`` (``sql_script``). They are split from ``injection.py`` as one
cohesive part (their own sink tables and heuristics) to keep that file within the project's size limit."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from parity.scan.finding import Finding
from parity.scan.rules._injection_common import (
    _CONSTANT,
    _CONTAINERS,
    _QUOTED,
    CMDI,
    SQLI,
    XP_CMDSHELL,
    Flow,
    H,
    M,
    Value,
    _set,
    as_arg,
    flat,
    untrusted,
)
from parity.scan.syntax import Arg, Call, Code

_SQL = re.compile(r"(?i)\b(?:select\b[^;]{0,400}?\bfrom\b|insert\s+(?:or\s+\w+\s+)?into\b|delete\s+from\b"
                  r"|update\s+[\w.`\"\[\]]+\s+set\b|replace\s+into\b|merge\s+into\b|(?:drop|create|alter|truncate)\s+"
                  r"(?:table|database|index|view|user|schema)\b|where\s+[\w.`\"\[\]]+\s*(?:[=<>!]|like\b|in\b)"
                  r"|order\s+by\b|exec(?:ute)?\s+(?:immediate|sp_\w+|xp_\w+))")
_SQL_WORDS = ("select", "insert", "update", "delete", "where", "order by", "exec", "create", "drop", "alter", "merge",
              "replace", "truncate")
_PREDICATE = re.compile(r"(?i)(?:[=<>]|!=|\blike|\bin\s*\()\s*'?\s*(?:%[sdvq]|\{|\$\{|\"\s*\+)")
_SLOT = r"(?i)(?:[=<>]|\blike|\bin\s*\(|\bvalues\s*\(|,)\s*'?\s*"
_VALUE_SLOT = re.compile(_SLOT + r"(?:\{|\$\{|#\{|\$[A-Za-z_{]|[\"'`]\s*(?:\+|\.\s*\$|\|\|))")
_VALUE_SLOT_PCT = re.compile(_SLOT + r"%[sdvqr]")
_PCT_FORMAT = re.compile(r"""["']\s*%\s*[\w(\[]|printf\s*\(|\.format\s*\(|String\.format""")
_SQL_STRICT = _set("execute executemany executescript executeQuery executeUpdate executeLargeUpdate addBatch "
                   "exec_driver_sql read_sql read_sql_query mysqli_query mysql_query pg_query pg_send_query "
                   "sqlite_query mysqli_multi_query multi_query real_query sqlite3_exec sqlite3_prepare "
                   "sqlite3_prepare_v2 sqlite3_prepare_v3 mysql_real_query PQexec createNativeQuery createSQLQuery "
                   "queryRawUnsafe executeRawUnsafe whereRaw orderByRaw havingRaw selectRaw joinRaw RawSQL "
                   "unprepared extra")
_SQL_LOOSE = _set("query exec Exec Query QueryRow QueryContext ExecContext QueryRowContext Prepare PrepareContext "
                  "prepare prepareStatement createQuery text raw Raw run all get each statement select "
                  "queryForObject queryForList queryForMap update literal Where Having Order Joins Select where "
                  "get_results get_var get_row get_col")
_SQL_SECOND = _set("mysqli_query mysqli_multi_query pg_query pg_send_query sqlite3_exec sqlite3_prepare "
                   "sqlite3_prepare_v2 sqlite3_prepare_v3 mysql_real_query PQexec QueryContext ExecContext "
                   "QueryRowContext PrepareContext")
_SQL_GENERIC = _set("get run all each select update statement literal Select Order exec Exec prepare Prepare where "
                    "Where")
_DB_RECEIVER = ("db", "data", "conn", "cur", "sql", "pool", "client", "knex", "sequelize", "session", "stmt", "pdo",
                "jdbc", "engine", "repo", "tx", "query", "builder", "model", "objects", "table", "gorm")
_PREDICATE_SINKS = _set("Where Having Joins where whereRaw havingRaw extra literal")


_PIECES = re.compile(r"[$#]?\{([^{}]{1,100})\}|\$(\w+(?:->\w+)?)|[\"'`]\s*[+.]\s*([\w.$>-]{1,100})")
_PLACEHOLDERS = re.compile(r"""(?i)placeholder|qmark|wpdb|join\(.{0,40}['"](?:\?|%s)['"]"""
                           r"""|['"](?:\?|%s)['"].{0,40}join"""
                           r"""|^\s*['"][^'"\n]{0,5}['"]\.join\(\s*\[\s*(?:['"][\w. ]{0,40}['"](?:\s*,\s*)?){1,50}"""
                           r"""\]\s*\)$""")


def _benign(v: Value, flow: Flow, row: int) -> bool:
    """Every spliced piece is a constant's name, a placeholder list (``",".join("?" * len(ids))``) or WordPress's
    table prefix: the values themselves still travel as parameters."""
    pieces = [next(g for g in m.groups() if g).strip().lstrip("$") for m in _PIECES.finditer(v.text)]
    for p in pieces:
        name = re.split(r"\.|->", p)[-1]
        if not (_CONSTANT.match(name) or _PLACEHOLDERS.search(p) or any(
                r <= row and (k == "const" or _PLACEHOLDERS.search(t)) for r, k, t in flow.events().get(name, ()))):
            return False
    return bool(pieces) and not untrusted(v.text)


@lru_cache(maxsize=512)
def _db_like(receiver: str) -> bool:
    """``db.get``/``conn.run`` are queries; ``requests.get``/``app.run`` are not."""
    receiver = receiver.lower()
    return any(k in receiver for k in _DB_RECEIVER)


def sql_calls(code: Code, flow: Flow, calls: list[Call]) -> Iterator[Finding]:
    """Statements reported where they are built: the line to fix, when a variable carries them to the sink."""
    low = code.text.lower()
    sql_text = any(k in low for k in _SQL_WORDS)
    for call in calls:
        last = call.last.lstrip("$")
        strict = last in _SQL_STRICT or last in _PREDICATE_SINKS
        if not strict and (not sql_text or last not in _SQL_LOOSE or (
                last in _SQL_GENERIC and not _db_like(call.name[:-len(last)]))):
            continue
        pos = [a for a in call.args if a.keyword is None]  # C APIs and Go's *Context take the statement second
        second = last in _SQL_SECOND or (last == "mysql_query" and code.language in ("c", "cpp"))
        row, args = call.node.start_point.row, list[Arg]()
        for a in (pos[1:2] if second and len(pos) > 1 else pos[:1]) + [
                a for a in call.args if a.keyword in ("sql", "query", "statement", "where", "select", "tables")]:
            args += [as_arg(code, n) for _, _, n in flat(code, [a], True)] if a.node.type in _CONTAINERS else [a]
        for a in args:
            v = flow.resolve(a, row)
            if v.kind != "interpolated" or _QUOTED.search(v.text):
                continue
            looks = _SQL.search(v.text) or (last in _PREDICATE_SINKS and _PREDICATE.search(v.text))
            if (looks or strict) and not _benign(v, flow, row):
                slot = _VALUE_SLOT.search(v.text) or (_PCT_FORMAT.search(v.text) and _VALUE_SLOT_PCT.search(v.text))
                conf = H if (looks and slot) or untrusted(v.text) else M
                yield code.finding(SQLI, call.node if v.row is None else v.row, confidence=conf)
                break


_SQL_KEYWORDS = _set("exec execute immediate sp_executesql prepare from n format using")
_SQL_EXEC = re.compile(r"(?i)\bexec(?:ute)?\s*\(\s*(?:N?'(?:[^']|''){0,2000}'|@\w+)\s*\+|\bexec(?:ute)?\s*\(?\s*@\w+"
                       r"|\bexecute\s+immediate\b|\bsp_executesql\b|\bprepare\s+\w+\s+from\b"
                       r"|\bexecute\s+(?:'|format\s*\(|\w+\s*\|\|)")
_SQL_VAR = re.compile(r"(?i)\b(?:set|select|declare)\s+@(\w+)[^;=\n]{0,60}=([^;]{0,2000})"
                      r"|\b([a-z_]\w*)\s*:=([^;]{0,2000})")
_SQL_SAFE_CALLS = re.compile(r"(?i)\b(?:quotename|quote_ident|quote_literal|quote_nullable)\s*\([^()]{0,200}\)")
_SQL_CONCAT = re.compile(r"(?i)(?:\+|\|\|)\s*@?[a-z_]\w*\b(?!\s*\()|\b@?[a-z_]\w*\s*(?:\+|\|\|)"
                         r"|\bconcat\s*\([^)]{0,500}(?:,\s*@?[a-z_]\w*\s*[,)])")
_SQL_FORMAT_S = re.compile(r"(?i)\bformat\s*\(\s*E?'[^']{0,500}%s[^']{0,500}'")
_XP_CMDSHELL = re.compile(r"(?i)\bxp_cmdshell\b([^;\n]{0,300})")


def _sql_concat(text: str, own: str = "") -> bool:
    """Whether SQL text splices a variable into a string. QUOTENAME/quote_ident is how one does that safely, and
    ``@sql = @sql + N'...'`` only appends constant text."""
    text = re.sub(r"(?:\b[NnEe])?'(?:[^']|''){0,2000}'", "''", _SQL_SAFE_CALLS.sub("''", text))
    if own:
        text = re.sub(r"(?i)@?\b" + re.escape(own) + r"\b", "''", text)
    return _SQL_CONCAT.search(text) is not None


def _format_s(stmt: str, text: str) -> bool:
    """PL/pgSQL ``format('... %s ...', x)`` with an x not declared as regclass or a number (both print safely)."""
    m = _SQL_FORMAT_S.search(stmt)
    args = re.findall(r",\s*(\w+)", stmt[m.end():m.end() + 300].split(")")[0]) if m else []
    return any(re.search(r"\b" + a + r"\s+(?:regclass|regtype|regproc|int|integer|bigint|smallint|numeric|uuid)\b",
                         text) is None for a in args)


def sql_script(code: Code) -> Iterator[Finding]:
    """Dynamic SQL inside SQL (procedures, migrations). The grammars barely read T-SQL or PL/SQL, so this reads the
    text: a statement that executes a string built by concatenation, directly or through a variable."""
    text, built = code.text, dict[str, int]()
    for m in _SQL_VAR.finditer(text):
        name, value = m.group(1) or m.group(3), m.group(2) or m.group(4) or ""
        if _sql_concat(value, name) or _format_s(value, text):
            built[name.lower()] = text.count("\n", 0, m.start())
    for m in _SQL_EXEC.finditer(text):
        end = text.find(";", m.end())
        stmt = text[m.start():end if end != -1 else len(text)][:2000]
        head = re.sub(r"'(?:[^']|''){0,2000}'", "", stmt[:300])
        words = [w.lower() for w in re.findall(r"@?\b(\w+)", head) if w.lower() not in _SQL_KEYWORDS]
        used = [built[w] for w in words[:2 if m.group(0)[:1] in "pP" else 1] if w in built]  # PREPARE s FROM @q
        if used or _sql_concat(stmt) or _format_s(stmt, text):  # reported where the string is built
            yield code.finding(SQLI, used[-1] if used else text.count("\n", 0, m.start()),
                               confidence=H if used or _sql_concat(stmt) else M)
    for m in _XP_CMDSHELL.finditer(text):
        row, rest = text.count("\n", 0, m.start()), m.group(1)
        if re.match(r"\s*'?\s*,\s*1", rest):
            yield code.finding(XP_CMDSHELL, row, message="xp_cmdshell is switched on: " + XP_CMDSHELL.why)
        elif re.search(r"@\w+|'\s*\+", rest):
            yield code.finding(CMDI, row, message="xp_cmdshell runs a command built from SQL data: " + CMDI.why)
        elif re.match(r"\s+N?'", rest):
            yield code.finding(XP_CMDSHELL, row, confidence=M)
