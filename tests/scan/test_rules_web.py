from __future__ import annotations

import pytest

SSRF = ("ssrf", "CWE-918")
XSS = ("xss", "CWE-79")
REDIRECT = ("open-redirect", "CWE-601")
CORS = ("cors-wildcard-credentials", "CWE-942")

POSITIVE = [
    # server-side request forgery
    (SSRF, "python", "import requests\nfrom flask import request\n\n@app.route('/proxy')\ndef proxy():\n"
                     "    url = request.args.get('url')\n    return requests.get(url, timeout=5).text\n", 7),
    (SSRF, "python", "r = requests.post(request.json['callback'], json=payload)\n", 1),
    (SSRF, "python", "from urllib.request import urlopen\n\ndef fetch(request):\n"
                     "    return urlopen(request.GET['u']).read()\n", 4),
    (SSRF, "python", "@app.get('/fetch')\nasync def fetch(url: str):\n    async with httpx.AsyncClient() as client:\n"
                     "        r = await client.get(url)\n    return r.text\n", 4),
    (SSRF, "javascript", "app.get('/p', async (req, res) => {\n  const target = req.query.url;\n"
                         "  const r = await axios.get(target);\n  res.send(r.data);\n});", 3),
    (SSRF, "javascript", "const r = await fetch(req.body.webhook);", 1),
    (SSRF, "typescript", "const page = await got(req.query.src as string);", 1),
    (SSRF, "go", "func h(w http.ResponseWriter, r *http.Request) {\n\tu := r.URL.Query().Get(\"url\")\n"
                 "\tresp, err := http.Get(u)\n\t_, _ = resp, err\n}", 3),
    (SSRF, "java", "URL u = new URL(request.getParameter(\"u\"));\nHttpURLConnection c = (HttpURLConnection) "
                   "u.openConnection();", 1),
    (SSRF, "java", "@GetMapping(\"/x\")\npublic String g(@RequestParam String url) {\n"
                   "  return restTemplate.getForObject(url, String.class);\n}", 3),
    (SSRF, "php", "<?php\n$url = $_GET['url'];\n$data = file_get_contents($url);\n", 3),
    (SSRF, "php", "<?php\n$ch = curl_init($_POST['target']);\n", 2),
    # cross-site scripting
    (XSS, "python", "@app.route('/hello')\ndef hello():\n    name = request.args.get('name', '')\n"
                    "    return f'<h1>Hello {name}</h1>'\n", 4),
    (XSS, "python", "from markupsafe import Markup\nbio = Markup(user.bio)\n", 2),
    (XSS, "python", "from jinja2 import Environment, FileSystemLoader\n"
                    "env = Environment(loader=FileSystemLoader('t'), autoescape=False)\n", 2),
    (XSS, "python", "def view(request):\n    return HttpResponse('<p>' + request.GET['q'] + '</p>')\n", 2),
    (XSS, "python", "@app.route('/search')\ndef search():\n    q = request.args.get('q', '')\n"
                    "    html = f'<h2>Results for {q}</h2>'\n    return make_response(html)\n", 4),
    (XSS, "typescript", "export function Banner() {\n"
                        "  const msg = new URLSearchParams(window.location.search).get('msg') ?? '';\n"
                        "  return <a href={`javascript:${msg}`}>dismiss</a>;\n}", 3),
    (XSS, "php", "$name = $_POST['name'];\necho \"Thanks, $name!\";\n", 2),  # no <?php tag
    (XSS, "javascript", "el.innerHTML = `<b>${user.name}</b>`;", 1),
    (XSS, "javascript", "out.innerHTML += row;", 1),
    (XSS, "javascript", "document.write(location.hash.slice(1));", 1),
    (XSS, "javascript", "node.insertAdjacentHTML('beforeend', html);", 1),
    (XSS, "javascript", "$('#msg').html(message);", 1),
    (XSS, "javascript", "app.get('/s', (req, res) => res.send(`<p>${req.query.q}</p>`));", 1),
    (XSS, "typescript", "const Post = ({ post }) => <div dangerouslySetInnerHTML={{ __html: post.body }} />;", 1),
    (XSS, "go", "func h(w http.ResponseWriter, r *http.Request) {\n\tname := r.FormValue(\"name\")\n"
                "\tfmt.Fprintf(w, \"<h1>Hello %s</h1>\", name)\n}", 3),
    (XSS, "go", "t := template.HTML(comment.Body)", 1),
    (XSS, "java", "response.getWriter().println(\"Hello \" + request.getParameter(\"n\"));", 1),
    (XSS, "php", "<?php\necho $_GET['name'];\n", 2),
    (XSS, "php", "<?php\n$n = $_REQUEST['n'];\nprint \"<p>$n</p>\";\n", 3),
    # open redirect
    (REDIRECT, "python", "@app.route('/go')\ndef go():\n    return redirect(request.args.get('next') or '/')\n", 3),
    (REDIRECT, "python", "def login(request):\n    return HttpResponseRedirect(request.GET['next'])\n", 2),
    (REDIRECT, "javascript", "app.get('/out', (req, res) => {\n  res.redirect(req.query.url);\n});", 2),
    (REDIRECT, "javascript", "window.location = new URLSearchParams(location.search).get('next');", 1),
    (REDIRECT, "go", "http.Redirect(w, r, r.URL.Query().Get(\"next\"), http.StatusFound)", 1),
    (REDIRECT, "java", "response.sendRedirect(request.getParameter(\"next\"));", 1),
    (REDIRECT, "php", "<?php\nheader('Location: ' . $_GET['next']);\n", 2),
    # CORS: every origin, with cookies
    (CORS, "python", "app.add_middleware(CORSMiddleware, allow_origins=['*'], allow_credentials=True,\n"
                     "                   allow_methods=['*'])\n", 1),
    (CORS, "python", "from flask_cors import CORS\nCORS(app, supports_credentials=True)\n", 2),
    (CORS, "python", "CORS_ALLOW_ALL_ORIGINS = True\nCORS_ALLOW_CREDENTIALS = True\n", 1),
    (CORS, "javascript", "app.use(cors({ origin: true, credentials: true }));", 1),
    (CORS, "javascript", "res.setHeader('Access-Control-Allow-Origin', req.headers.origin);\n"
                         "res.setHeader('Access-Control-Allow-Credentials', 'true');", 1),
    (CORS, "go", "w.Header().Set(\"Access-Control-Allow-Origin\", \"*\")\n"
                 "w.Header().Set(\"Access-Control-Allow-Credentials\", \"true\")", 1),
    (CORS, "java", "@CrossOrigin(origins = \"*\", allowCredentials = \"true\")\npublic class Api {}", 1),
    (CORS, "php", "<?php\nheader('Access-Control-Allow-Origin: *');\nheader('Access-Control-Allow-Credentials: true');",
     2),
]

NEGATIVE = [
    ("python", "@app.route('/weather')\ndef weather():\n    city = request.args.get('city', 'London')\n"
               "    r = requests.get('https://api.weather.example/v1', params={'q': city}, timeout=5)\n"
               "    return jsonify(r.json())\n"),
    ("python", "@app.route('/hello')\ndef hello():\n"
               "    return render_template('hello.html', name=request.args.get('name'))\n"),
    ("python", "return redirect(url_for('index', next=request.args.get('next')))\n"),
    ("python", "nxt = request.args.get('next', '/')\nif not url_has_allowed_host_and_scheme(nxt, allowed_hosts=None):\n"
               "    nxt = '/'\nreturn redirect(nxt)\n"),
    ("python", "from markupsafe import Markup, escape\nsafe = Markup('<b>%s</b>') % escape(name)\n"
               "env = Environment(loader=FileSystemLoader('t'), autoescape=select_autoescape())\n"),
    ("python", "def report(user):\n    return f'<li>{html.escape(user.name)}</li>'\n"),
    ("python", "app.add_middleware(CORSMiddleware, allow_origins=['https://app.example.com'], "
               "allow_credentials=True)\n"),
    ("python", "CORS(app, origins=['https://app.example.com'], supports_credentials=True)\n"),
    ("javascript", "app.get('/api/user/:id', async (req, res) => {\n"
                   "  res.json(await db.users.findById(req.params.id));\n"
                   "});\nfetch('/api/items');\nres.redirect('/login');"),
    ("javascript", "el.textContent = userInput;\nel.innerHTML = '';\nel.innerHTML = DOMPurify.sanitize(html);\n"
                   "$('#msg').html();\ndocument.write('<p>static</p>');"),
    ("typescript", "const clean = useMemo(() => DOMPurify.sanitize(comment.html ?? ''), [comment.html]);\n"
                   "return <div dangerouslySetInnerHTML={{ __html: clean }} />;"),
    ("javascript", "app.use(cors({ origin: 'https://app.example.com', credentials: true }));\n"
                   "app.use(cors());"),
    ("go", "resp, err := http.Get(\"https://api.example.com/status\")\nhttp.Redirect(w, r, \"/home\", 302)\n"
           "fmt.Fprintf(w, \"<h1>%s</h1>\", html.EscapeString(r.FormValue(\"q\")))\n"),
    ("java", "response.sendRedirect(\"/home\");\n"
             "response.getWriter().println(Encode.forHtml(request.getParameter(\"n\")));"),
    ("php", "<?php\necho htmlspecialchars($_GET['q'], ENT_QUOTES, 'UTF-8');\nheader('Location: /dashboard');\n"
            "echo 'static';\n$id = (int) $_GET['id'];\n"),
]


@pytest.mark.parametrize(("expected", "language", "code", "line"), POSITIVE)
def test_flags_request_data_in_web_sinks(scan_with, expected, language, code, line):
    found = scan_with("web")(code, language=language)
    assert [(f.rule, f.cwe, f.line) for f in found] == [(*expected, line)]


@pytest.mark.parametrize(("language", "code"), NEGATIVE)
def test_leaves_safe_web_code_alone(scan_with, language, code):
    assert scan_with("web")(code, language=language) == []


def test_template_markers_count_in_any_block(scan_with):
    vue = "```html\n<template>\n  <div v-html=\"comment.body\"></div>\n</template>\n```\n"
    assert [(f.rule, f.line) for f in scan_with("web")(vue)] == [("xss", 3)]
    jinja = "```\n<p>{{ bio|safe }}</p>\n```\n"
    assert [(f.rule, f.line) for f in scan_with("web")(jinja)] == [("xss", 2)]


def test_confidence_tracks_how_directly_request_data_arrives(scan_with):
    scan = scan_with("web")
    (direct,) = scan("requests.get(request.args['u'])", language="python")
    (indirect,) = scan("u = request.args['u']\nrequests.get(u)", language="python")
    assert (direct.confidence.value, indirect.confidence.value) == ("high", "medium")
    (implicit,) = scan("env = jinja2.Environment(loader=loader)", language="python")
    assert implicit.confidence.value == "low"


def test_broken_code_still_scanned_by_the_fallback_patterns(scan_with):
    scan = scan_with("web")
    answer = "Here:\n```javascript\nfunction render(data {\n  el.innerHTML = data.html\n"
    assert [(f.rule, f.line) for f in scan(answer)] == [("xss", 4)]
    php = "```php\n<?php\nif ($x { echo $_GET['q']\n"
    assert [(f.rule, f.line) for f in scan(php)] == [("xss", 3)]
