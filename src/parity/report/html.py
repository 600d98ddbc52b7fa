"""The bakeoff result as one self-contained HTML file: something to attach to an email or a ticket and open offline.

Everything is inline (CSS, SVG charts drawn here, one tiny script) because the file is read on machines and in
archives where no network can be assumed. Every string that came from a user, a dataset or a model goes through
``html.escape``: model answers are untrusted text and may well contain ``<script>``. The full result is embedded as
JSON so tools can read the numbers back from the very file a person looked at.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Collection, Iterable, Sequence

from parity.report.bakeoff_result import BakeoffResult, CandidateResult, Example, ModelSummary
from parity.report.terminal import (
    NA,
    context_sentences,
    fmt_confidence,
    fmt_count,
    fmt_delta,
    fmt_interval,
    fmt_money,
    fmt_ms,
    fmt_rate,
    fmt_score,
    verdict_sentence,
)

COLOURS = {"superior": "#1a7f37", "non-inferior": "#2da44e", "inconclusive": "#bf8700", "inferior": "#cf222e"}
SERIES = ("#0969da", "#8250df", "#bc4c00")
ERROR_EXAMPLES = 5
RULES = [
    "The primary score of each item is compared pair by pair: the candidate's score minus the incumbent's on the "
    "same item. The interval is the range of differences the data is compatible with at the stated confidence.",
    "Superior: the low end of the interval is above 0, so the candidate is better.",
    "Non-inferior: the low end is above minus the margin, so the candidate is at worst slightly worse, by less "
    "than the margin the team agreed to accept.",
    "Inferior: the high end is below minus the margin, so the candidate is worse by more than the margin.",
    "Inconclusive: the interval straddles minus the margin; the report estimates how many more items would "
    "decide it, assuming the estimate and its spread stay as they are.",
    "Items where either model errored, or the scorer failed, are excluded from the comparison and counted, never "
    "scored as 0.",
    "With several candidates, every interval is widened (Bonferroni: level 1 - alpha / k for k candidates), so "
    "the chance of any wrong claim across all of them stays within alpha.",
]


def e(value: object) -> str:
    """Escape anything for HTML text or a quoted attribute."""
    return html.escape(str(value), quote=True)


def render_bakeoff_html(result: BakeoffResult) -> str:
    """The complete report page, ready to write to a ``.html`` file."""
    sections = [_header(result), _cards(result), _forest_section(result), _cost_section(result),
                _latency_section(result), _scores_section(result), _errors_section(result), _judge_section(result),
                _worst_section(result), _method_section(result), _warnings_section(result)]
    title = f"Parity bakeoff: {', '.join(c.model for c in result.candidates)} vs {result.incumbent}"
    return "\n".join([
        f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{e(title)}</title>'
        f"<style>{CSS}</style></head><body><main>",
        *[s for s in sections if s],
        _json_payload(result),
        f"<script>{PRINT_SCRIPT}</script></main></body></html>\n",
    ])


# -------------------------------------------------------------------------------------------------- sections


def _header(r: BakeoffResult) -> str:
    d = r.dataset
    dataset = f"{d.description} ({d.source}; {d.items:,} items, {d.conversations:,} conversations)"
    if d.filters:
        dataset += "; " + ", ".join(f"{k}={v}" for k, v in d.filters.items())
    facts = [("Incumbent", r.incumbent), ("Candidates", ", ".join(c.model for c in r.candidates)),
             ("Dataset", dataset), ("Date", r.created), ("Primary scorer", r.primary),
             ("Margin", f"{r.margin:g} ({r.margin * 100:g} points)"), ("Alpha", f"{r.alpha:g}"),
             ("This run paid", f"{fmt_money(r.total_cost_usd)} (scoring by model: {fmt_money(r.scoring_cost_usd)})"),
             ("Parity", r.parity_version)]
    items = "".join(f"<div><dt>{e(k)}</dt><dd>{e(v)}</dd></div>" for k, v in facts)
    return f"<header><h1>Bakeoff against {e(r.incumbent)}</h1><dl class='facts'>{items}</dl></header>"


def _cards(r: BakeoffResult) -> str:
    cards = []
    for c in r.candidates:
        stats = (f"{e(fmt_interval(c.delta, c.ci_low, c.ci_high))} at {fmt_confidence(c.confidence)}<br>n {c.n:,}"
                 + (f" ({c.excluded:,} excluded)" if c.excluded else "")
                 + f" · {c.wins:,} wins, {c.ties:,} ties, {c.losses:,} losses")
        cards.append(f"<article class='card' style='border-top-color:{COLOURS[c.verdict]}'><h3>{e(c.model)}</h3>"
                     f"<p class='verdict' style='color:{COLOURS[c.verdict]}'>{e(c.verdict)}</p>"
                     f"<p class='mono'>{stats}</p><p>{e(verdict_sentence(r, c))}</p>"
                     f"<p>{e(' '.join(context_sentences(r, c)))}</p></article>")
    return _section("Verdicts", f"<div class='cards'>{''.join(cards)}</div>")


def _forest_section(r: BakeoffResult) -> str:
    note = (f"Each bar is a candidate's {e(r.primary)} difference from {e(r.incumbent)} with its interval. The "
            f"shaded region right of the dashed line (minus the {r.margin:g} margin) is non-inferior; right of 0 "
            "is better.")
    return _section("Difference from the incumbent", _forest(r) + f"<p class='note'>{note}</p>")


def _cost_section(r: BakeoffResult) -> str:
    chart = _hbars([(m.model, [m.cost_per_1k_usd]) for m in r.models], ["cost per 1k requests"], fmt_money)
    rows = [[c.model, fmt_money(c.cost_per_1k_usd), fmt_money(c.savings.per_1k_requests_usd if c.savings else None),
             fmt_count(c.savings.monthly_requests if c.savings else None),
             fmt_money(c.savings.monthly_usd if c.savings else None)] for c in r.candidates]
    savings = _table(["candidate", "$ per 1k requests", "saving per 1k", "requests / month", "saving / month"], rows)
    bases = "".join(f"<li>{e(c.model)}: volume from {e(c.savings.basis)}</li>" for c in r.candidates if c.savings)
    usage = _table(["model", "called", "cached", "captured", "tokens in", "tokens out", "cost", "unpriced"],
                   [[m.model, f"{m.called:,}", f"{m.cached:,}", f"{m.captured:,}", f"{m.prompt_tokens:,}",
                     f"{m.completion_tokens:,}", fmt_money(m.cost_usd), f"{m.unpriced:,}"] for m in r.models])
    note = "Positive savings mean the candidate is cheaper. Cached and captured answers cost nothing in this run."
    return _section("Cost", chart + savings + f"<ul class='note'>{bases}</ul><p class='note'>{note}</p>" + usage)


def _latency_section(r: BakeoffResult) -> str:
    chart = _hbars([(m.model, [m.latency.ttft_p50_ms, m.latency.p50_ms, m.latency.p95_ms]) for m in r.models],
                   ["time to first token p50", "latency p50", "latency p95"], lambda v: f"{fmt_ms(v)} ms")
    production = any(m.production_latency for m in r.models)
    head = ["model", "samples", "TTFT p50", "TTFT p95", "p50", "p95"]
    rows = []
    for m in r.models:
        lat = m.latency
        row = [m.model, f"{lat.samples:,}", *(fmt_ms(v) for v in (lat.ttft_p50_ms, lat.ttft_p95_ms, lat.p50_ms,
                                                                   lat.p95_ms))]
        if production:
            p = m.production_latency
            row += [NA, NA] if p is None else [fmt_ms(p.p50_ms), fmt_ms(p.p95_ms)]
        rows.append(row)
    head += ["production p50", "production p95"] if production else []
    note = ("Milliseconds, measured when each answer was called (in this run, or in the earlier run that paid for a "
            "cached answer); production figures come from captured traffic.")
    return _section("Latency", chart + _table(head, rows) + f"<p class='note'>{note}</p>")


def _scores_section(r: BakeoffResult) -> str:
    def cell(m: ModelSummary, scorer: str) -> str:
        s = next((s for s in m.scores if s.scorer == scorer), None)
        if s is None:
            return NA
        return f"{fmt_score(s.mean)} (n {s.n:,}" + (f", {s.failures:,} failed)" if s.failures else ")")

    means = _table(["model", *r.scorers], [[m.model, *(cell(m, s) for s in r.scorers)] for m in r.models])
    rows = [[c.model, s.scorer, s.kind, f"{s.n:,}", f"{s.excluded:,}", fmt_score(s.mean_incumbent),
             fmt_score(s.mean_candidate), fmt_interval(s.delta, s.ci_low, s.ci_high), fmt_confidence(s.confidence),
             f"{s.p_value:.3g}", _badge(s.verdict)] for c in r.candidates for s in c.scores]
    comparisons = _table(["candidate", "scorer", "kind", "n", "excluded", "incumbent", "candidate", "delta [CI]",
                          "level", "p-value", "verdict"], rows, raw={10})
    return _section("Scores", means + ("<h3>Every scorer's comparison</h3>" + comparisons if rows else ""))


def _errors_section(r: BakeoffResult) -> str:
    table = _table(["model", "items", "answered", "errors", "error rate", "refusals", "refusal rate"],
                   [[m.model, f"{m.items:,}", f"{m.answered:,}", f"{m.errors:,}", fmt_rate(m.error_rate),
                     f"{m.refusals:,}", fmt_rate(m.refusal_rate)] for m in r.models])
    examples = "".join(_listing(f"{m.model}: {m.errors:,} errors, for example", m.error_examples[:ERROR_EXAMPLES])
                       for m in r.models if m.error_examples)
    return _section("Errors and refusals", table + examples)


def _judge_section(r: BakeoffResult) -> str:
    judged = [c for c in r.candidates if c.judge is not None]
    rows = [[c.model, f"{c.judge.judged:,}", f"{c.judge.failures:,}", fmt_rate(c.judge.disagreement_rate),
             fmt_money(c.judge.cost_usd)] for c in judged if c.judge is not None]
    if not rows:
        return ""
    examples = "".join(_listing(f"{c.model}: judge failures", c.judge.failure_examples[:ERROR_EXAMPLES])
                       for c in judged if c.judge is not None and c.judge.failure_examples)
    note = ("Position disagreement is the share of items where showing the two answers in the other order changed "
            "the judgment; a high rate means the judge is swayed by position. Failed judgments are excluded.")
    return _section("Judge", _table(["candidate", "judged", "failures", "position disagreement", "cost"], rows)
                    + f"<p class='note'>{note}</p>" + examples)


def _worst_section(r: BakeoffResult) -> str:
    parts = []
    for c in r.candidates:
        if c.worst:
            examples = "".join(_example(r, c, x, first=i == 0) for i, x in enumerate(c.worst))
            parts.append(f"<h3>{e(c.model)}</h3>{examples}")
    return _section("Where the candidate lost most", "".join(parts)) if parts else ""


def _example(r: BakeoffResult, c: CandidateResult, x: Example, first: bool) -> str:
    snippet = " ".join(x.prompt.split())[:90]
    summary = (f"<code>{e(x.item_id)}</code> · difference <span class='mono'>{e(fmt_delta(x.difference))}</span> · "
               f"<span class='dim'>{e(snippet)}</span>")
    reference = f"<h4>Reference</h4><pre>{e(x.reference)}</pre>" if x.reference is not None else ""
    detail = f"<p><strong>Detail:</strong> {e(x.detail)}</p>" if x.detail else ""
    sides = "".join(f"<div><h4>{e(role)}: {e(model)} · score {e(fmt_score(score))}</h4><pre>{e(answer)}</pre></div>"
                    for role, model, score, answer in (("Incumbent", r.incumbent, x.incumbent_score,
                                                        x.incumbent_answer),
                                                       ("Candidate", c.model, x.candidate_score, x.candidate_answer)))
    return (f"<details class='example'{' open' if first else ''}><summary>{summary}</summary><h4>Prompt</h4>"
            f"<pre>{e(x.prompt)}</pre>{reference}<div class='sides'>{sides}</div>{detail}</details>")


def _method_section(r: BakeoffResult) -> str:
    rules = "".join(f"<li>{e(rule)}</li>" for rule in RULES)
    per = "".join(f"<li><strong>{e(c.model)}</strong>: {e(c.method)}. One-sided p-value of being worse by more than "
                  f"the margin: {c.p_value:.3g} (Holm-adjusted {c.p_value_holm:.3g}).</li>" for c in r.candidates)
    return _section("Method", f"<p>{e(r.method)}</p><ul>{rules}</ul><h3>Per candidate</h3><ul>{per}</ul>")


def _warnings_section(r: BakeoffResult) -> str:
    if not r.warnings:
        return ""
    return _section("Warnings", "<ul class='warnings'>" + "".join(f"<li>{e(w)}</li>" for w in r.warnings) + "</ul>")


def _json_payload(r: BakeoffResult) -> str:
    """The result as JSON inside a script element. Escaping ``<``, ``>`` and ``&`` as JSON unicode escapes means no
    string in it can close the element (``</script>``) or open a comment, and ``json.loads`` reads it back as is."""
    text = r.model_dump_json().replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/json" id="parity-result">{text}</script>'


# ---------------------------------------------------------------------------------------------- building blocks


def _section(title: str, body: str) -> str:
    anchor = "-".join(title.lower().split())
    return f"<section id='{e(anchor)}'><h2>{e(title)}</h2>{body}</section>"


def _badge(verdict: str) -> str:
    return f"<span class='badge' style='background:{COLOURS[verdict]}'>{e(verdict)}</span>"


def _table(head: Sequence[str], rows: Iterable[Sequence[str]], raw: Collection[int] = ()) -> str:
    """A table whose first column is a name and the rest numbers; ``raw`` columns hold HTML built here."""
    th = "".join(f"<th>{e(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{v if i in raw else e(v)}</td>" for i, v in enumerate(row)) + "</tr>"
                   for row in rows)
    return f"<div class='scroll'><table><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table></div>"


def _listing(title: str, texts: Sequence[str]) -> str:
    items = "".join(f"<li><pre>{e(t)}</pre></li>" for t in texts)
    return f"<details><summary>{e(title)}</summary><ul class='plain'>{items}</ul></details>"


def _ticks(low: float, high: float, count: int = 6) -> list[float]:
    """Round-numbered axis ticks (1, 2 or 5 times a power of ten) covering ``low`` to ``high``."""
    raw = (high - low) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(power * f for f in (1, 2, 5, 10) if power * f >= raw)
    first = math.ceil(low / step)
    return [round(k * step, 10) for k in range(first, math.floor(high / step) + 1)]


def _forest(r: BakeoffResult) -> str:
    """Each candidate's interval as a horizontal bar against 0 (solid) and minus the margin (dashed)."""
    label_w, plot_w, value_w, row_h, top = 170, 540, 190, 34, 24
    low = min([-r.margin, 0.0] + [c.ci_low for c in r.candidates])
    high = max([0.0, r.margin / 2] + [c.ci_high for c in r.candidates])
    pad = (high - low) * 0.08 or 0.01
    low, high = low - pad, high + pad
    bottom = top + row_h * len(r.candidates)

    def x(v: float) -> float:
        return label_w + (v - low) / (high - low) * plot_w

    out = [f"<rect x='{x(-r.margin):.1f}' y='{top - 8}' width='{x(high) - x(-r.margin):.1f}' "
           f"height='{bottom - top + 8}' fill='#e6f4ea'/>"]
    for v in _ticks(low, high):
        out.append(f"<line x1='{x(v):.1f}' x2='{x(v):.1f}' y1='{bottom}' y2='{bottom + 5}' stroke='#57606a'/>"
                   f"<text x='{x(v):.1f}' y='{bottom + 18}' text-anchor='middle'>{f'{v:+g}' if v else '0'}</text>")
    out.append(f"<line x1='{label_w}' x2='{label_w + plot_w}' y1='{bottom}' y2='{bottom}' stroke='#57606a'/>"
               f"<line x1='{x(0):.1f}' x2='{x(0):.1f}' y1='{top - 8}' y2='{bottom}' stroke='#24292f'/>"
               f"<line x1='{x(-r.margin):.1f}' x2='{x(-r.margin):.1f}' y1='{top - 8}' y2='{bottom}' "
               f"stroke='#24292f' stroke-dasharray='4 3'/>"
               f"<text x='{x(-r.margin) - 4:.1f}' y='{top - 12}' text-anchor='end'>-margin</text>"
               f"<text x='{x(0) + 4:.1f}' y='{top - 12}'>0</text>")
    for i, c in enumerate(r.candidates):
        y, colour = top + row_h * i + row_h / 2, COLOURS[c.verdict]
        out.append(f"<g><title>{e(c.model)}: {e(c.verdict)}</title>"
                   f"<text x='{label_w - 8}' y='{y + 4:.1f}' text-anchor='end'>{e(_short(c.model))}</text>"
                   f"<line x1='{x(c.ci_low):.1f}' x2='{x(c.ci_high):.1f}' y1='{y}' y2='{y}' stroke='{colour}' "
                   f"stroke-width='4'/><circle cx='{x(c.delta):.1f}' cy='{y}' r='6' fill='{colour}'/>"
                   f"<text x='{label_w + plot_w + 10}' y='{y + 4:.1f}' class='mono'>"
                   f"{e(fmt_interval(c.delta, c.ci_low, c.ci_high))}</text></g>")
    return _svg(label_w + plot_w + value_w, bottom + 28, "Forest plot of differences", out)


def _hbars(rows: Sequence[tuple[str, Sequence[float | None]]], series: Sequence[str],
           fmt: Callable[[float | None], str]) -> str:
    """Grouped horizontal bars, one group per model; an unknown value is written "n/a" with no bar."""
    label_w, plot_w, value_w, bar_h = 170, 440, 110, 14
    group_h = bar_h * len(series) + 12
    legend_h = 22 if len(series) > 1 else 0
    known = [v for _, values in rows for v in values if v is not None]
    top = max(known, default=0.0) or 1.0
    out = [f"<rect x='{label_w + i * 190}' y='4' width='10' height='10' fill='{SERIES[i]}'/>"
           f"<text x='{label_w + i * 190 + 14}' y='13'>{e(name)}</text>" for i, name in enumerate(series)
           if len(series) > 1]
    for g, (name, values) in enumerate(rows):
        y0 = legend_h + g * group_h + 6
        out.append(f"<text x='{label_w - 8}' y='{y0 + group_h / 2:.1f}' text-anchor='end'><title>{e(name)}</title>"
                   f"{e(_short(name))}</text>")
        for s, value in enumerate(values):
            y, width = y0 + s * bar_h, 0.0 if value is None else max(value, 0.0) / top * plot_w
            out.append(f"<rect x='{label_w}' y='{y}' width='{width:.1f}' height='{bar_h - 3}' fill='{SERIES[s]}'>"
                       f"<title>{e(name)} {e(series[s])}: {e(fmt(value))}</title></rect>"
                       f"<text x='{label_w + width + 4:.1f}' y='{y + bar_h - 4}'>{e(fmt(value))}</text>")
    return _svg(label_w + plot_w + value_w, legend_h + group_h * len(rows) + 8, ", ".join(series), out)


def _short(label: str, limit: int = 26) -> str:
    """A chart label that fits its 170-pixel column; the full name stays in the tooltip and the tables."""
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _svg(width: float, height: float, label: str, body: list[str]) -> str:
    return (f"<svg class='chart' viewBox='0 0 {width:.0f} {height:.0f}' width='{width:.0f}' role='img' "
            f"aria-label='{e(label)}'>{''.join(body)}</svg>")


PRINT_SCRIPT = "addEventListener('beforeprint',()=>document.querySelectorAll('details').forEach(d=>d.open=true))"
CSS = """
:root{--fg:#24292f;--dim:#57606a;--line:#d0d7de;--soft:#f6f8fa}
*{box-sizing:border-box}
body{margin:0;background:#fff;color:var(--fg);font:15px/1.5 -apple-system,"Segoe UI",Helvetica,Arial,sans-serif}
main{max-width:1100px;margin:0 auto;padding:24px}
h1{font-size:26px;margin:0 0 12px}h2{font-size:20px;border-bottom:1px solid var(--line);padding-bottom:4px}
h3{font-size:16px;margin:18px 0 8px}h4{font-size:13px;margin:10px 0 4px;color:var(--dim)}
.facts{display:grid;grid-template-columns:repeat(auto-fill,minmax(240px,1fr));gap:8px 24px;margin:0}
.facts dt{font-size:12px;color:var(--dim);text-transform:uppercase;letter-spacing:.04em}.facts dd{margin:0}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(320px,1fr));gap:16px}
.card{border:1px solid var(--line);border-top:6px solid;border-radius:6px;padding:12px 16px;break-inside:avoid}
.card h3{margin:0}.verdict{font-size:28px;font-weight:700;margin:4px 0}
.mono,code,pre,td{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:13px}
td{white-space:nowrap}td:first-child{font-family:inherit;font-size:14px;white-space:normal}
.note,.dim{color:var(--dim);font-size:13px}
.scroll{overflow-x:auto}table{border-collapse:collapse;margin:8px 0 12px;min-width:50%}
th,td{border-bottom:1px solid var(--line);padding:4px 10px;text-align:right;vertical-align:top}
th:first-child,td:first-child{text-align:left}th{background:var(--soft);font-size:13px}
.badge{color:#fff;border-radius:10px;padding:1px 8px;font-family:inherit}
.chart{max-width:100%;height:auto;display:block;margin:8px 0}.chart text{font-size:12px;fill:var(--fg)}
pre{background:var(--soft);border:1px solid var(--line);border-radius:4px;padding:8px;margin:0;max-height:22em;
overflow:auto;white-space:pre-wrap;word-break:break-word}
details{border:1px solid var(--line);border-radius:6px;padding:6px 10px;margin:8px 0}
summary{cursor:pointer}.sides{display:grid;grid-template-columns:1fr 1fr;gap:12px}
ul.plain{list-style:none;padding:0}ul.plain li{margin:6px 0}.warnings li{color:#9a6700}
@media (max-width:700px){.sides{grid-template-columns:1fr}}
@media print{main{max-width:none;padding:0}pre{max-height:none;overflow:visible}section,details{break-inside:avoid}
summary{list-style:none}}
"""
