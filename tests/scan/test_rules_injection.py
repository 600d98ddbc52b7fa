from __future__ import annotations

import time

import pytest

from parity.scan.document import Block
from parity.scan.rules.base import RULES
from parity.scan.syntax import Code

SQLI, CMDI, SSTI = "sql-injection", "command-injection", "template-injection"
EVALI, CODEI = "eval-injection", "code-injection"
CWE = {SQLI: "CWE-89", CMDI: "CWE-78", EVALI: "CWE-95", CODEI: "CWE-94", SSTI: "CWE-1336", "sql-xp-cmdshell": "CWE-78"}

POSITIVE = [
    # SQL injection
    ("python", "cur.execute(f\"SELECT * FROM users WHERE name = '{name}'\")\n", SQLI, 1),
    ("python", "cur.execute(\"SELECT * FROM users WHERE id = \" + uid)\n", SQLI, 1),
    ("python", "cur.execute(\"SELECT * FROM users WHERE id = %s\" % uid)\n", SQLI, 1),
    ("python", "cur.execute(\"DELETE FROM t WHERE id = {}\".format(uid))\n", SQLI, 1),
    ("python", "def find(cur, name):\n    query = f\"SELECT * FROM users WHERE name = '{name}'\"\n"
               "    cur.execute(query)\n    return cur.fetchall()\n", SQLI, 2),
    ("python", "q = \"SELECT * FROM t WHERE 1=1\"\nq += f\" AND owner = '{owner}'\"\ndb.execute(q)\n", SQLI, 2),
    ("python", "users = User.objects.raw(f\"SELECT * FROM auth_user WHERE email = '{email}'\")\n", SQLI, 1),
    ("python", "rows = session.execute(text(f\"SELECT * FROM t WHERE name = '{n}'\"))\n", SQLI, 1),
    ("python", "qs.extra(where=[\"headline = '%s'\" % request.GET['h']])\n", SQLI, 1),
    ("javascript", "app.get('/u', (req, res) => {\n  db.query(`SELECT * FROM users WHERE id = ${req.params.id}`);\n});",
     SQLI, 2),
    ("javascript", "await sequelize.query(\"SELECT * FROM users WHERE name = '\" + name + \"'\");", SQLI, 1),
    ("typescript", "const rows = await knex.raw(`SELECT * FROM orders WHERE user = '${user}'`);", SQLI, 1),
    ("typescript", "await prisma.$queryRawUnsafe(`SELECT * FROM u WHERE email = '${email}'`);", SQLI, 1),
    ("go", "package main\nfunc f(db *sql.DB, id string) {\n"
           "\trows, _ := db.Query(fmt.Sprintf(\"SELECT * FROM u WHERE id = '%s'\", id))\n}\n", SQLI, 3),
    ("go", "package main\nfunc f() {\n\tq := \"DELETE FROM u WHERE name = '\" + name + \"'\"\n\tdb.Exec(q)\n}\n",
     SQLI, 3),
    ("go", "package main\nfunc f() {\n\tdb.Where(fmt.Sprintf(\"name = '%s'\", n)).Find(&users)\n}\n", SQLI, 3),
    ("java", "class A {\n  void f() throws Exception {\n    Statement st = conn.createStatement();\n"
             "    ResultSet rs = st.executeQuery(\"SELECT * FROM u WHERE n = '\" + name + \"'\");\n  }\n}", SQLI, 4),
    ("java", "class A { void f() { conn.createStatement().execute(\"DELETE FROM t WHERE id=\" + id); } }", SQLI, 1),
    ("java", "class A { List f() {\n  return em.createQuery(\"FROM User WHERE name = '\" + n + \"'\")"
             ".getResultList();\n} }", SQLI, 2),
    ("php", "<?php\n$r = mysqli_query($conn, \"SELECT * FROM u WHERE id = \" . $_GET['id']);\n", SQLI, 2),
    ("php", "<?php\n$r = $pdo->query(\"SELECT * FROM users WHERE name = '$name'\");\n", SQLI, 2),
    ("php", "<?php\n$sql = \"SELECT * FROM users WHERE id = {$id}\";\n$res = $mysqli->query($sql);\n", SQLI, 2),
    ("php", "$name = $_POST['name'];\n$db->query(\"INSERT INTO messages (name) VALUES ('$name')\");\n", SQLI, 2),
    ("c", "void f(sqlite3 *db, const char *name) {\n  char sql[256];\n"
          "  sprintf(sql, \"SELECT * FROM t WHERE n = '%s'\", name);\n  sqlite3_exec(db, sql, 0, 0, 0);\n}\n",
     SQLI, 3),
    ("sql", "CREATE PROCEDURE p @name NVARCHAR(50) AS\nBEGIN\n"
            "  EXEC('SELECT * FROM u WHERE n = ''' + @name + '''');\nEND;", SQLI, 3),
    ("sql", "DECLARE @sql NVARCHAR(MAX);\nSET @sql = N'SELECT * FROM u WHERE n = ''' + @name + '''';\n"
            "EXEC sp_executesql @sql;", SQLI, 2),
    ("sql", "BEGIN\n  v_sql := 'SELECT * FROM t WHERE a = ''' || p_a || '''';\n  EXECUTE IMMEDIATE v_sql;\nEND;",
     SQLI, 2),
    ("sql", "SET @q = CONCAT('SELECT * FROM t WHERE a = ''', p_a, '''');\nPREPARE stmt FROM @q;\nEXECUTE stmt;",
     SQLI, 1),
    ("sql", "CREATE FUNCTION f(p_name text) RETURNS void AS $$\nBEGIN\n"
            "  EXECUTE format('DELETE FROM t WHERE name = %s', p_name);\nEND; $$ LANGUAGE plpgsql;", SQLI, 3),
    ("sql", "EXEC master..xp_cmdshell @cmd;", CMDI, 1),
    ("sql", "EXEC sp_configure 'xp_cmdshell', 1;\nRECONFIGURE;", "sql-xp-cmdshell", 1),
    # OS command injection
    ("python", "import os\nos.system(\"ping -c 1 \" + host)\n", CMDI, 2),
    ("python", "import subprocess as sp\nsp.run(f\"tar czf {out} {src}\", shell=True)\n", CMDI, 2),
    ("python", "from subprocess import check_output\nout = check_output(cmd, shell=True)\n", CMDI, 2),
    ("python", "import subprocess\nsubprocess.run([\"bash\", \"-c\", f\"echo {msg}\"])\n", CMDI, 2),
    ("python", "import os\nstream = os.popen(request.args.get('cmd'))\n", CMDI, 2),
    ("javascript", "const { exec } = require('child_process');\nexec(`ls ${dir}`, (err, out) => {});", CMDI, 2),
    ("javascript", "const cp = require('child_process');\ncp.execSync('git log ' + branch);", CMDI, 2),
    ("javascript", "const { spawn } = require('child_process');\nspawn(cmd, args, { shell: true });", CMDI, 2),
    ("typescript", "import { promisify } from 'util';\nconst run = promisify(exec);\nawait run(`rm -rf ${p}`);",
     CMDI, 3),
    ("javascript", "const exec = util.promisify(require('child_process').exec);\nawait exec(cmd);", CMDI, 2),
    ("java", "class A { void f(String cmd) throws Exception {\n  Runtime rt = Runtime.getRuntime();\n"
             "  rt.exec(cmd);\n} }", CMDI, 3),
    ("go", "package main\nfunc f(dir string) {\n\tcmd := exec.Command(\"sh\", \"-c\", \"ls \" + dir)\n}\n", CMDI, 3),
    ("java", "class A { void f(String host) throws Exception {\n  Runtime.getRuntime().exec(\"ping \" + host);\n} }",
     CMDI, 2),
    ("java", "class A { void f() {\n  new ProcessBuilder(\"bash\", \"-c\", \"ls \" + dir).start();\n} }", CMDI, 2),
    ("c", "int main(int argc, char **argv) {\n  char cmd[256];\n  snprintf(cmd, sizeof cmd, \"ls %s\", argv[1]);\n"
          "  system(cmd);\n}\n", CMDI, 4),
    ("cpp", "#include <string>\nvoid f(std::string host) {\n  std::system((\"ping \" + host).c_str());\n}\n", CMDI, 3),
    ("php", "<?php\nsystem(\"ls \" . $_GET['dir']);\n", CMDI, 2),
    ("php", "<?php\n$out = shell_exec(\"whois $domain\");\n", CMDI, 2),
    ("php", "<?php\n$out = `ls $dir`;\n", CMDI, 2),
    ("shell", "#!/bin/sh\ncmd=\"$1\"\neval \"$cmd\"\n", CMDI, 3),
    ("shell", "sh -c \"$USER_CMD\"\n", CMDI, 1),
    ("shell", "sudo bash -c \"echo $line >> /etc/hosts\"\n", CMDI, 1),
    # code evaluation
    ("python", "result = eval(request.args.get('expr'))\n", EVALI, 1),
    ("python", "def run(src):\n    exec(src)\n", EVALI, 2),
    ("python", "value = eval(f\"{a} + {b}\")\n", EVALI, 1),
    ("javascript", "app.post('/calc', (req, res) => res.send(String(eval(req.body.expr))));", EVALI, 1),
    ("javascript", "const fn = new Function('x', body);", CODEI, 1),
    ("javascript", "setTimeout(\"update(\" + id + \")\", 100);", EVALI, 1),
    ("python", "source = upload.read().decode()\nexec(compile(source, name, \"exec\"), ns)\n", CODEI, 2),
    ("javascript", "const vm = require('vm');\nvm.runInNewContext(code, sandbox);", CODEI, 2),
    ("php", "<?php\neval('$x = ' . $_POST['v'] . ';');\n", EVALI, 2),
    ("php", "<?php\n$f = create_function('$a', 'return ' . $expr . ';');\n", CODEI, 2),
    ("php", "<?php\necho preg_replace('/(.*)/e', 'strtoupper(\"\\\\1\")', $input);\n", EVALI, 2),
    ("java", "class A { Object f(String s) throws Exception {\n"
             "  ScriptEngine e = new ScriptEngineManager().getEngineByName(\"js\");\n  return e.eval(s);\n} }",
     CODEI, 3),
    # template injection
    ("python", "from flask import render_template_string, request\n@app.route('/h')\ndef h():\n"
               "    return render_template_string(f\"<h1>Hello {request.args['name']}</h1>\")\n", SSTI, 4),
    ("python", "from flask import render_template_string\ndef page(name):\n"
               "    tpl = '<p>Hi ' + name + '</p>'\n    return render_template_string(tpl)\n", SSTI, 4),
    ("python", "import jinja2\nout = jinja2.Template(request.form['tpl']).render()\n", SSTI, 2),
    ("javascript", "const ejs = require('ejs');\nconst html = ejs.render(req.query.tpl, data);", SSTI, 2),
    ("javascript", "const t = Handlebars.compile(`<p>${req.body.greeting}</p>`);", SSTI, 1),
    ("php", "<?php\n$tpl = $twig->createTemplate($_GET['tpl']);\n", SSTI, 2),
]

NEGATIVE = [
    ("python", "cur.execute(\"SELECT * FROM users WHERE id = %s\", (uid,))\n"
               "cur.execute(\"SELECT * FROM users WHERE name = :n\", {\"n\": name})\n"
               "q = \"SELECT id FROM t WHERE a = ?\"\ncur.execute(q, (a,))\n"),
    ("python", "stmt = select(User).where(User.name == name)\nsession.execute(stmt)\n"
               "rows = session.execute(text(\"SELECT * FROM t WHERE id = :id\"), {\"id\": 1})\n"),
    ("python", "import subprocess\nsubprocess.run([\"ls\", \"-l\", path], check=True)\n"
               "subprocess.run(\"ls -l\", shell=True)\nsubprocess.check_output([\"git\", \"rev-parse\", ref])\n"),
    ("python", "import os, shlex\nos.system(\"clear\")\nos.system(f\"ls {shlex.quote(path)}\")\n"),
    ("python", "import ast\nv = ast.literal_eval(text)\nmodel.eval()\npattern = re.compile(expr)\n"),
    ("python", "logger.info(f\"selected {n} rows from table\")\nresult = executor.execute(task)\n"),
    ("python", "from flask import render_template\nreturn render_template('index.html', name=request.args['n'])\n"
               "from string import Template\nTemplate('$who').substitute(who=name)\n"),
    ("javascript", "db.query('SELECT * FROM users WHERE id = ?', [id]);\nknex('users').where({ id });\n"
                   "await pool.query('SELECT * FROM u WHERE id = $1', [req.params.id]);\n"),
    ("javascript", "const { execFile } = require('child_process');\nexecFile('ls', ['-l', dir]);\n"
                   "spawn('git', ['log', branch]);\nconst m = /a(b)/.exec(str);\n"),
    ("javascript", "setTimeout(() => tick(), 100);\nsetTimeout(tick, 5);\nconst f = JSON.parse(body);\n"),
    ("typescript", "const html = ejs.render(template, { user });\nconst rows = await prisma.$queryRaw`SELECT 1`;\n"),
    ("go", "package main\nfunc f() {\n\trows, _ := db.Query(\"SELECT * FROM u WHERE id = $1\", id)\n"
           "\tcmd := exec.Command(\"ls\", \"-l\", dir)\n"
           "\tout, _ := exec.Command(\"sh\", \"-c\", \"ls -l\").Output()\n}\n"),
    ("java", "class A { void f() throws Exception {\n"
             "  PreparedStatement ps = conn.prepareStatement(\"SELECT * FROM u WHERE n = ?\");\n"
             "  ps.setString(1, name);\n  new ProcessBuilder(\"ls\", \"-l\", dir).start();\n} }"),
    ("c", "int main(void) {\n  system(\"clear\");\n"
          "  sqlite3_exec(db, \"CREATE TABLE t(x)\", 0, 0, &err);\n  return 0;\n}\n"),
    ("php", "<?php\n$s = $pdo->prepare(\"SELECT * FROM u WHERE id = ?\");\n$s->execute([$id]);\n"
            "system('ls -l');\nexec('whoami ' . escapeshellarg($u));\n"),
    ("shell", "eval \"$(ssh-agent -s)\"\neval \"$(pyenv init -)\"\nbash -c 'echo hello'\n"
              "sh -c \"cd $HOME && ls\"\nfind . -exec sh -c 'echo \"$1\"' _ {} \\;\n"),
    ("sql", "SELECT * FROM users WHERE id = 1;\nDECLARE @sql NVARCHAR(MAX) = N'SELECT * FROM u WHERE n = @n';\n"
            "SET @sql = @sql + N' AND active = 1';\nEXEC sp_executesql @sql, N'@n NVARCHAR(50)', @n = @name;"),
    ("sql", "EXECUTE 'SELECT * FROM ' || quote_ident(tbl) || ' WHERE id = $1' USING id;"),
    ("sql", "CREATE FUNCTION n(p_table regclass) RETURNS bigint AS $$\nDECLARE c bigint;\nBEGIN\n"
            "  EXECUTE format('SELECT count(*) FROM %s', p_table) INTO c;\n  RETURN c;\nEND; $$ LANGUAGE plpgsql;"),
    # splicing only placeholders, constants or a constant column list keeps values as parameters
    ("python", "marks = \",\".join(\"?\" * len(ids))\ncur.execute(f\"SELECT * FROM t WHERE id IN ({marks})\", ids)\n"
               "cur.execute(f\"SELECT * FROM {TABLE} WHERE id = ?\", (i,))\ncols = \", \".join([\"id\", \"name\"])\n"
               "cur.execute(f\"SELECT {cols} FROM users WHERE id = ?\", (i,))\n"),
    ("python", "import subprocess\nsubprocess.run([\"ls\", \"-l\"], shell=True)\n"),
    # a payload decoded from a constant is obfuscation (another family), not injection
    ("python", "import base64\nexec(base64.b64decode(_CFG).decode())\n"),
    ("javascript", "eval(Buffer.from(p, 'base64').toString('utf8'));"),
    ("go", "package main\nfunc init() {\n\tc, _ := base64.StdEncoding.DecodeString(cfg)\n"
           "\texec.Command(\"/bin/sh\", \"-c\", string(c)).Run()\n}\n"),
]


@pytest.mark.parametrize(("language", "code", "rule", "line"), POSITIVE)
def test_flags_injection(scan_with, language, code, rule, line):
    found = scan_with("injection")(code, language=language)
    assert [(f.rule, f.cwe, f.line) for f in found] == [(rule, CWE[rule], line)], found


@pytest.mark.parametrize(("language", "code"), NEGATIVE)
def test_leaves_safe_code_alone(scan_with, language, code):
    assert scan_with("injection")(code, language=language) == []


def test_untrusted_input_is_high_confidence_and_bare_variable_medium(scan_with):
    found = scan_with("injection")("import os\nos.system(request.args['c'])\nos.system(cmd)\n", language="python")
    assert [(f.line, f.confidence.value) for f in found] == [(2, "high"), (3, "medium")]


def test_table_name_interpolation_is_medium(scan_with):
    found = scan_with("injection")("cur.execute(f\"SELECT * FROM {table} WHERE id = %s\", (i,))\n",
                                   language="python")
    assert [(f.rule, f.confidence.value) for f in found] == [(SQLI, "medium")]


def test_broken_code_still_scanned_by_the_fallback_patterns(scan_with):
    answer = ("Sure:\n```python\ndef get(uid:\n    cur.execute(f\"SELECT * FROM users WHERE id = {uid}\"\n"
              "    os.system(\"rm -rf \" + path\n")
    found = scan_with("injection")(answer)
    assert {(f.rule, f.line) for f in found} >= {(SQLI, 4), (CMDI, 5)}


def test_unlabelled_sql_block_uses_generic_patterns(scan_with):
    found = scan_with("injection")("```\nEXEC('SELECT * FROM u WHERE n = ''' + @name + '''')\n```\n")
    assert [(f.rule, f.line) for f in found] == [(SQLI, 2)]


HOSTILE = [  # sizes at which a backtracking regex would take seconds; kept small enough to parse quickly
    "a" * 100_000, "os.system(\"" + "x" * 30_000, "eval \"$" + "a" * 30_000, "format('%s" + "x" * 30_000,
    "promisify child_process " + "a" * 30_000, "$" + "a" * 30_000, "EXEC('" + "'" * 10_000, "(" * 3_000,
    "pickle.loads(" * 2_000, "yaml.load(" + "(" * 2_000, "open(x) as " * 2_000, "execute(\"" + "select " * 4_000,
    "EXEC('" * 3_000, "SET @a = " + "'x' + @b " * 2_000, "update " * 5_000]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_input_stays_fast(text):
    """The family's own work (checks and fallback patterns) on inputs built to make regexes backtrack; the parse
    and the shared facts are done first, as other families would have done them."""
    family = RULES.get("injection")()
    for language in ("python", "javascript", "java", "php", "sql", "shell", "c", "go", None):
        code = Code(Block(language, ("<?php " if language == "php" else "") + text, 1))
        code.calls, code.assignments  # noqa: B018 - warm the shared facts
        start = time.perf_counter()
        list(family.check(code)) if family.languages is None or language in family.languages else None
        for p in family.patterns:
            for line in code.lines:
                p.regex.search(line[:4000])
        assert time.perf_counter() - start < 0.5, language
