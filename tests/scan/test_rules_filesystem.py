from __future__ import annotations

import pytest

from parity.scan.rules.filesystem import mode_value

TRAVERSAL = ("path-traversal", "CWE-22")
INCLUSION = ("file-inclusion", "CWE-98")
ZIP_SLIP = ("archive-path-traversal", "CWE-22")
TEMP = ("insecure-temp-file", "CWE-377")
PERMS = ("insecure-permissions", "CWE-732")

POSITIVE = [
    # path traversal: request data reaches a file API
    (TRAVERSAL, "python", "import os\nfrom flask import request, send_file\n\n@app.route('/dl')\ndef dl():\n"
                          "    name = request.args.get('f')\n"
                          "    return send_file(os.path.join('/srv/files', name))\n", 7),
    (TRAVERSAL, "python", "@app.route('/files/<path:filename>')\ndef files(filename):\n"
                          "    with open(os.path.join(BASE, filename)) as f:\n        return f.read()\n", 3),
    (TRAVERSAL, "python", "def view(request):\n    data = open(request.GET['path']).read()\n", 2),
    (TRAVERSAL, "python", "@app.get('/f')\nasync def f(name: str):\n    return FileResponse(f'/srv/data/{name}')\n", 3),
    (TRAVERSAL, "javascript", "app.get('/f', (req, res) => {\n  const p = req.query.file;\n"
                              "  fs.readFile(path.join(__dirname, 'files', p), (e, d) => res.send(d));\n});", 3),
    (TRAVERSAL, "javascript", "app.get('/d/:name', (req, res) => res.sendFile(req.params.name));", 1),
    (TRAVERSAL, "typescript", "const data = fs.readFileSync(`./uploads/${req.body.name}`);", 1),
    (TRAVERSAL, "go", "func h(w http.ResponseWriter, r *http.Request) {\n\tname := r.URL.Query().Get(\"f\")\n"
                      "\tf, _ := os.Open(filepath.Join(dir, name))\n\t_ = f\n}", 3),
    (TRAVERSAL, "go", "func h(w http.ResponseWriter, r *http.Request) {\n"
                      "\thttp.ServeFile(w, r, r.URL.Query().Get(\"p\"))\n}", 2),
    (TRAVERSAL, "java", "void d(HttpServletRequest request) {\n  String f = request.getParameter(\"f\");\n"
                        "  File file = new File(BASE, f);\n}", 3),
    (TRAVERSAL, "php", "<?php\n$f = $_GET['file'];\necho file_get_contents('/var/data/' . $f);\n", 3),
    (TRAVERSAL, "php", "$f = $_GET['file'];\nreadfile('/var/data/' . $f);\n", 2),  # no <?php tag
    # reported where the path is built, not where it is used
    (TRAVERSAL, "python", "@app.route('/download')\ndef download():\n    filename = request.args.get('file', '')\n"
                          "    path = os.path.join(UPLOAD_DIR, filename)\n    if not os.path.exists(path):\n"
                          "        abort(404)\n    return send_file(path)\n", 4),
    (TRAVERSAL, "javascript", "app.post('/upload', (req, res) => {\n  const name = req.body.filename;\n"
                              "  fs.renameSync(req.file.path, 'uploads/' + name);\n});", 3),
    # file inclusion
    (INCLUSION, "php", "<?php\ninclude($_GET['page'] . '.php');\n", 2),
    (INCLUSION, "php", "<?php\n$mod = $_REQUEST['mod'];\nrequire_once \"modules/$mod.php\";\n", 3),
    # zip slip
    (ZIP_SLIP, "python", "import tarfile\n\nt = tarfile.open(upload)\nt.extractall('/srv/out')\n", 4),
    (ZIP_SLIP, "python", "import tarfile\nwith tarfile.open(path) as tar:\n    tar.extractall(dest)\n", 3),
    (ZIP_SLIP, "go", "import \"archive/zip\"\n\nfunc unzip(zr *zip.Reader, dest string) {\n"
                     "\tfor _, f := range zr.File {\n\t\tp := filepath.Join(dest, f.Name)\n\t\t_ = p\n\t}\n}", 5),
    (ZIP_SLIP, "java", "void unzip(ZipInputStream zis, File dest) throws IOException {\n"
                       "  ZipEntry entry = zis.getNextEntry();\n  File out = new File(dest, entry.getName());\n}", 3),
    (ZIP_SLIP, "python", "import zipfile\nwith zipfile.ZipFile(upload) as zf:\n    for info in zf.infolist():\n"
                         "        target = dest / info.filename\n        target.write_bytes(zf.read(info))\n", 4),
    (ZIP_SLIP, "javascript", "const unzipper = require('unzipper');\nzip.on('entry', (entry) => {\n"
                             "  entry.pipe(fs.createWriteStream(path.join(dest, entry.path)));\n});", 3),
    # temporary files
    (TEMP, "python", "import tempfile\nname = tempfile.mktemp(suffix='.txt')\n", 2),
    (TEMP, "python", "with open('/tmp/report.txt', 'w') as fh:\n    fh.write(data)\n", 1),
    (TEMP, "c", "#include <stdio.h>\nint main(void) {\n  char *name = tmpnam(NULL);\n  return 0;\n}", 3),
    (TEMP, "c", "FILE *f = fopen(\"/tmp/app.log\", \"a\");", 1),
    (TEMP, "shell", "echo start\necho \"$DATA\" > /tmp/output.txt\n", 2),
    (TEMP, "shell", "f=$(mktemp -u /tmp/job.XXXX)\n", 1),
    (TEMP, "shell", "OUT=/tmp/backup.$$.sql\nmysqldump --all-databases > $OUT\n", 1),
    (TEMP, "python", "LOG = '/tmp/app.log'\nwith open(LOG, 'a') as fh:\n    fh.write(line)\n", 2),
    (TEMP, "go", "out, err := os.Create(\"/tmp/upload.bin\")", 1),
    (TEMP, "javascript", "fs.writeFileSync('/tmp/out.json', JSON.stringify(x));", 1),
    (TEMP, "php", "<?php\nfile_put_contents('/tmp/cache.txt', $data);\n", 2),
    # world-writable permissions
    (PERMS, "python", "import os\nos.chmod('/srv/app.sock', 0o777)\n", 2),
    (PERMS, "python", "import os, stat\nos.chmod(path, stat.S_IRWXU | stat.S_IRWXG | stat.S_IRWXO)\n", 2),
    (PERMS, "python", "os.umask(0)\n", 1),
    (PERMS, "python", "Path('shared.db').chmod(0o666)\n", 1),
    (PERMS, "javascript", "fs.chmodSync('/srv/data', 0o777);", 1),
    (PERMS, "javascript", "fs.writeFileSync(p, data, { mode: 0o777 });", 1),
    (PERMS, "go", "os.WriteFile(\"/etc/app.conf\", data, 0777)", 1),
    (PERMS, "go", "os.Chmod(\"/var/run/app.sock\", 0666)", 1),
    (PERMS, "c", "#include <sys/stat.h>\nvoid f(const char *p) { chmod(p, 0777); }", 2),
    (PERMS, "php", "<?php\nchmod($path, 0777);\n", 2),
    (PERMS, "shell", "cd /var/www\nchmod -R 777 /var/www/html\n", 2),
    (PERMS, "shell", "chmod a+w shared.txt", 1),
    (PERMS, "shell", "umask 000", 1),
    (PERMS, "shell", "mkdir -m 777 /shared", 1),
    (PERMS, "shell", "RUN chmod 777 /app", 1),
    (PERMS, "java", "target.setWritable(true, false);", 1),
    (PERMS, "python", "os.chmod('/srv/app/deploy_token', 0o644)\n", 1),  # a secret readable by everyone
    (PERMS, "shell", "chmod 644 ~/.ssh/id_rsa", 1),
    # database grants
    (("excessive-database-privileges", "CWE-269"), "sql",
     "CREATE USER 'app'@'%' IDENTIFIED BY :pw;\nGRANT ALL PRIVILEGES ON *.* TO 'app'@'%' WITH GRANT OPTION;\n", 2),
    (("excessive-database-privileges", "CWE-269"), "sql", "GRANT ALL ON SCHEMA public TO PUBLIC;", 1),
    (PERMS, "java", "Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(\"rwxrwxrwx\"));", 1),
]

NEGATIVE = [
    ("python", "from flask import request, send_from_directory\n\n@app.route('/files/<path:name>')\n"
               "def files(name):\n    return send_from_directory(UPLOAD_DIR, name)\n"),
    ("python", "from werkzeug.utils import secure_filename\nf = request.files['file']\n"
               "name = secure_filename(f.filename)\nf.save(os.path.join(UPLOAD_DIR, name))\n"
               "with open(os.path.join(UPLOAD_DIR, name), 'rb') as fh:\n    data = fh.read()\n"),
    ("python", "name = request.args['f']\nfull = os.path.realpath(os.path.join(BASE, name))\n"
               "if not full.startswith(BASE):\n    abort(400)\nreturn send_file(full)\n"),
    ("python", "import sys\nwith open(sys.argv[1]) as fh:\n    print(fh.read())\n"),
    ("python", "def load(path):\n    with open(path) as fh:\n        return fh.read()\n"),
    ("python", "import tarfile\nwith tarfile.open(p) as tar:\n    tar.extractall(dest, filter='data')\n"),
    ("python", "import zipfile\nwith zipfile.ZipFile(p) as z:\n    z.extractall(dest)\n"),
    ("python", "import tempfile\nwith tempfile.NamedTemporaryFile(delete=False) as fh:\n    fh.write(b'x')\n"),
    ("python", "with open('/tmp/input.txt') as fh:\n    data = fh.read()\n"),
    ("python", "os.chmod('script.sh', 0o755)\nos.makedirs('data', exist_ok=True)\nos.umask(0o022)\n"),
    ("javascript", "app.get('/d/:name', (req, res) => res.sendFile(req.params.name, { root: PUBLIC }));\n"
                   "const cfg = fs.readFileSync(path.join(__dirname, 'config.json'), 'utf8');"),
    ("javascript", "fs.chmodSync('./bin/cli.js', 0o755);\nfs.mkdirSync(dir, { recursive: true });"),
    ("go", "f, err := os.Open(\"config.yaml\")\nos.MkdirAll(\"data\", 0755)\nos.WriteFile(\"out.json\", b, 0644)\n"
           "tmp, err := os.CreateTemp(\"\", \"upload-*\")"),
    ("java", "File f = new File(System.getProperty(\"user.home\"), \"app.conf\");\nf.setWritable(true);"),
    ("php", "<?php\ninclude __DIR__ . '/header.php';\n$data = file_get_contents(__DIR__ . '/data.json');\n"
            "chmod($file, 0644);\nreadfile(basename($_GET['f']));\n"),
    ("php", "<?php\n$pages = ['home' => 'pages/home.php'];\n"
            "include $pages[$_GET['page'] ?? 'home'] ?? 'pages/home.php';\n"),
    ("shell", "chmod 644 ~/.ssh/id_ed25519.pub\nchmod 600 ~/.ssh/id_ed25519\nchmod 644 README.md\n"),
    ("sql", "GRANT SELECT, INSERT ON shop.orders TO 'app'@'10.0.0.%';\nREVOKE ALL ON users FROM PUBLIC;\n"),
    ("c", "int fd = mkstemp(template);\nchmod(path, 0644);\nFILE *f = fopen(\"/tmp/in.txt\", \"r\");"),
    ("shell", "chmod +x ./install.sh\nchmod 600 ~/.ssh/id_ed25519\nchmod 1777 /scratch\nTMP=$(mktemp -d)\n"
              "echo done > \"$TMP/log\"\necho x > build.log\numask 022\n"),
]


@pytest.mark.parametrize(("expected", "language", "code", "line"), POSITIVE)
def test_flags_unsafe_file_handling(scan_with, expected, language, code, line):
    found = scan_with("filesystem")(code, language=language)
    assert [(f.rule, f.cwe, f.line) for f in found] == [(*expected, line)]


@pytest.mark.parametrize(("language", "code"), NEGATIVE)
def test_leaves_safe_file_handling_alone(scan_with, language, code):
    assert scan_with("filesystem")(code, language=language) == []


def test_severities_follow_the_risk(scan_with):
    scan = scan_with("filesystem")
    (sock,) = scan("sudo chmod 666 /var/run/docker.sock", language="shell")
    assert (sock.rule, sock.severity.value) == ("insecure-permissions", "high")
    (tmp,) = scan("echo x > /tmp/out.txt", language="shell")
    assert tmp.severity.value == "low"
    (inc,) = scan("<?php include($_GET['p']);", language="php")
    assert inc.severity.value == "high"
    (direct,) = scan("open(request.args['p'])", language="python")
    (indirect,) = scan("p = request.args['p']\nopen(p)", language="python")
    assert (direct.confidence.value, indirect.confidence.value) == ("high", "medium")


@pytest.mark.parametrize(("text", "bits"), [
    ("0o777", 0o777), ("0777", 0o777), ("'777'", 0o777), ("511", 0o777), ("438", 0o666), ("0x1ff", 0o777),
    ("0", 0), ("stat.S_IWOTH", 0o777), ("os.ModePerm", 0o777), ("fs::perms::all", 0o777), ("0o644", 0o644),
    ("mode", None), ("st.st_mode & ~stat.S_IWOTH", None),
])
def test_mode_values(text, bits):
    assert mode_value(text) == bits


def test_broken_code_still_scanned_by_the_fallback_patterns(scan_with):
    scan = scan_with("filesystem")
    answer = "Fix:\n```python\ndef setup(path:\n    os.chmod(path, 0o777\n"
    assert [(f.rule, f.line) for f in scan(answer)] == [("insecure-permissions", 4)]
    unlabelled = "Then:\n```\nchmod -R 777 /srv/app\n```\n"
    assert [(f.rule, f.line) for f in scan(unlabelled)] == [("insecure-permissions", 3)]
