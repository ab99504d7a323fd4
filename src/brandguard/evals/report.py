"""Eval reports: terminal tables (rich) and a self-contained HTML page."""

from __future__ import annotations

import html
from typing import Any

from .metrics import DECISIONS

__all__ = ["html_report", "print_comparison", "print_report"]


def _pct(v: float | None) -> str:
    return "–" if v is None else f"{v * 100:.1f}%"


def _ci(ci: list[float] | tuple[float, float] | None) -> str:
    return "" if not ci else f"[{ci[0] * 100:.0f}–{ci[1] * 100:.0f}]"


def print_report(
    result: dict[str, Any], console: Any | None = None, *, wrong_cases: int = 15
) -> None:
    from rich.console import Console
    from rich.table import Table

    con = console or Console(highlight=False)
    m = result["metrics"]
    run = result["run"]
    pol = run["policy"]
    con.print(
        f"[bold]brandguard eval[/] {run['dataset']} · split {run['split'] or 'all'} · "
        f"policy {pol['name']} {pol['version']} ({pol['sha256'][:12]}) · engine {run['engine']}"
    )
    d = m["decision"]
    con.print(
        f"cases {m['cases']} (scored {m['scored']}, errors {m['errors']}) · decision accuracy "
        f"[bold]{_pct(d['accuracy'])}[/] {_ci(d['accuracy_ci'])} · kappa {d['kappa']} "
        f"(quadratic {d['kappa_quadratic']})"
    )
    cm = Table(title="confusion matrix (rows: expected, columns: actual)")
    cm.add_column("expected")
    for a in DECISIONS:
        cm.add_column(a, justify="right")
    for e in DECISIONS:
        cm.add_row(e, *[str(d["confusion"][e][a]) for a in DECISIONS])
    con.print(cm)

    rates = Table(title="costs")
    rates.add_column("rate")
    rates.add_column("value", justify="right")
    rates.add_column("95% CI")
    rates.add_column("count / n", justify="right")
    labels = {
        "false_block_rate": "false blocks on compliant posts (creativity)",
        "false_flag_rate": "compliant posts sent to review or blocked",
        "missed_violation_rate": "must-block posts that passed (fines)",
        "under_block_rate": "must-block posts not blocked",
        "missed_flag_rate": "posts needing action that passed",
    }
    for key, label in labels.items():
        r = m["rates"][key]
        rates.add_row(label, _pct(r["value"]), _ci(r["ci"]), f"{r['count']}/{r['n']}")
    sp = m["spans"]
    rates.add_row(
        "expected spans found (overlap)",
        _pct(sp["overlap_rate"]),
        _ci(sp["overlap_ci"]),
        str(sp["n"]),
    )
    rates.add_row("expected spans found (exact)", _pct(sp["exact_rate"]), "", str(sp["n"]))
    lat = m["latency_ms"]
    rates.add_row("latency p50 / p95 (ms)", f"{lat['p50']} / {lat['p95']}", "", "")
    usage = m["usage"]
    if usage["tokens_per_post"] is not None:
        rates.add_row("tokens per post", str(usage["tokens_per_post"]), "", "")
        rates.add_row("cost per post (USD)", str(usage["cost_per_post_usd"]), "", "")
    con.print(rates)

    for group, title in (
        ("per_category", "per category (positive = needs action)"),
        ("per_rule", "per rule"),
    ):
        t = Table(title=title)
        t.add_column(group.split("_")[1])
        for col in ("precision", "recall", "F1", "tp", "fp", "fn"):
            t.add_column(col, justify="right")
        for name, r in m[group].items():
            t.add_row(
                name,
                f"{_pct(r['precision'])} {_ci(r['precision_ci'])}",
                f"{_pct(r['recall'])} {_ci(r['recall_ci'])}",
                _pct(r["f1"]),
                str(r["tp"]),
                str(r["fp"]),
                str(r["fn"]),
            )
        con.print(t)

    wrong = [c for c in result["cases"] if not c["correct"]]
    if wrong:
        t = Table(
            title=f"wrong cases ({len(wrong)}; first {min(wrong_cases, len(wrong))} shown, all in the HTML report)"
        )
        t.add_column("id")
        t.add_column("expected")
        t.add_column("actual")
        t.add_column("text", overflow="fold")
        for c in wrong[:wrong_cases]:
            t.add_row(
                c["id"],
                f"{c['expected']['decision']} {','.join(c['expected']['rules'])}",
                f"{c['actual']['decision']} {','.join(f['rule'] for f in c['actual']['findings'])}",
                c["text"][:160],
            )
        con.print(t)


_CSS = """
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem;color:#1d2430;max-width:1200px}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem;border-bottom:1px solid #dde}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #d6dae3;padding:.3rem .55rem;text-align:left;vertical-align:top}
th{background:#f3f5f9}.num{text-align:right;font-variant-numeric:tabular-nums}
.kpi{display:inline-block;margin:0 1.2rem .8rem 0;padding:.6rem .9rem;border:1px solid #d6dae3;border-radius:6px}
.kpi b{display:block;font-size:1.3rem}.muted{color:#667}.pass{color:#137333}.review{color:#a05a00}.block{color:#b3261e}
mark{background:#ffe08a}pre{white-space:pre-wrap;margin:0;font:13px/1.4 ui-monospace,monospace}
"""


def _e(s: Any) -> str:
    return html.escape(str(s), quote=True)


def _highlight(text: str, findings: list[dict[str, Any]]) -> str:
    spans = sorted({(f["start"], f["end"]) for f in findings if f["end"] > f["start"]})
    out, pos = [], 0
    for s, e in spans:
        if s < pos:
            continue
        out.append(_e(text[pos:s]))
        out.append(f"<mark>{_e(text[s:e])}</mark>")
        pos = e
    out.append(_e(text[pos:]))
    return "".join(out)


def _bar_chart(per_rule: dict[str, Any]) -> str:
    rows = list(per_rule.items())
    if not rows:
        return "<p class=muted>No rule findings.</p>"
    row_h, label_w, bar_w = 22, 260, 420
    height = row_h * len(rows) * 3 + 30
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{label_w + bar_w + 140}" height="{height}" '
        'font-family="system-ui,sans-serif" font-size="12">'
    ]
    colors = {"precision": "#4c78a8", "recall": "#f58518", "f1": "#54a24b"}
    y = 10
    for name, r in rows:
        parts.append(f'<text x="0" y="{y + 28}">{_e(name)} (n={r["support"]})</text>')
        for i, stat in enumerate(("precision", "recall", "f1")):
            v = r[stat]
            w = 0 if v is None else v * bar_w
            yy = y + i * row_h
            parts.append(
                f'<rect x="{label_w}" y="{yy}" width="{w:.1f}" height="{row_h - 6}" fill="{colors[stat]}"/>'
            )
            parts.append(f'<text x="{label_w + w + 4:.1f}" y="{yy + 12}">{stat} {_pct(v)}</text>')
        y += row_h * 3
    parts.append("</svg>")
    return "".join(parts)


def html_report(result: dict[str, Any]) -> str:
    m = result["metrics"]
    run = result["run"]
    pol = run["policy"]
    d = m["decision"]
    kpis = [
        ("decision accuracy", f"{_pct(d['accuracy'])} {_ci(d['accuracy_ci'])}"),
        ("Cohen's kappa", f"{d['kappa']}"),
        (
            "false blocks (compliant)",
            f"{_pct(m['rates']['false_block_rate']['value'])} "
            f"{_ci(m['rates']['false_block_rate']['ci'])}",
        ),
        (
            "missed violations (must block → pass)",
            f"{_pct(m['rates']['missed_violation_rate']['value'])} "
            f"{_ci(m['rates']['missed_violation_rate']['ci'])}",
        ),
        ("spans found", _pct(m["spans"]["overlap_rate"])),
        ("latency p50 / p95", f"{m['latency_ms']['p50']} / {m['latency_ms']['p95']} ms"),
    ]
    h = [
        f"<!doctype html><html lang=en><head><meta charset=utf-8><title>brandguard eval · {_e(run['dataset'])}</title>"
        f"<style>{_CSS}</style></head><body>"
    ]
    h.append(f"<h1>brandguard eval — {_e(run['dataset'])}</h1>")
    h.append(
        f"<p class=muted>split {_e(run['split'] or 'all')} · tags {_e(', '.join(run['tags']) or '–')} · "
        f"policy {_e(pol['name'])} {_e(pol['version'])} <code>{_e(pol['sha256'][:12])}</code> · engine "
        f"{_e(run['engine'])} · {m['cases']} cases · finished {_e(run['finished_at'])} · brandguard "
        f"{_e(run['brandguard_version'])}</p>"
    )
    h.append(
        "".join(
            f"<div class=kpi><span class=muted>{_e(k)}</span><b>{_e(v)}</b></div>" for k, v in kpis
        )
    )

    h.append("<h2>Confusion matrix</h2><table><tr><th>expected ↓ / actual →</th>")
    h.append("".join(f"<th class={a}>{a}</th>" for a in DECISIONS) + "</tr>")
    peak = max([max(row.values()) for row in d["confusion"].values()] + [1])
    for e in DECISIONS:
        h.append(f"<tr><th class={e}>{e}</th>")
        for a in DECISIONS:
            n = d["confusion"][e][a]
            alpha = 0.08 + 0.6 * n / peak
            color = "84,162,75" if a == e else "214,39,40"
            h.append(f'<td class=num style="background:rgba({color},{alpha:.2f})">{n}</td>')
        h.append("</tr>")
    h.append("</table>")

    h.append(
        "<h2>Costs</h2><table><tr><th>rate</th><th>value</th><th>95% CI</th><th>count / n</th></tr>"
    )
    for key, r in m["rates"].items():
        h.append(
            f"<tr><td>{_e(key.replace('_', ' '))}</td><td class=num>{_pct(r['value'])}</td>"
            f"<td>{_ci(r['ci'])}</td><td class=num>{r['count']}/{r['n']}</td></tr>"
        )
    h.append("</table>")

    h.append("<h2>Per rule</h2>")
    h.append(_bar_chart(m["per_rule"]))
    for group in ("per_rule", "per_category"):
        h.append(
            f"<h2>{'Per rule' if group == 'per_rule' else 'Per category (positive = needs action)'} — table</h2>"
        )
        h.append(
            "<table><tr><th>name</th><th>precision</th><th>recall</th><th>F1</th><th>tp</th><th>fp</th><th>fn</th></tr>"
        )
        for name, r in m[group].items():
            h.append(
                f"<tr><td>{_e(name)}</td><td class=num>{_pct(r['precision'])} {_ci(r['precision_ci'])}</td>"
                f"<td class=num>{_pct(r['recall'])} {_ci(r['recall_ci'])}</td><td class=num>{_pct(r['f1'])}</td>"
                f"<td class=num>{r['tp']}</td><td class=num>{r['fp']}</td><td class=num>{r['fn']}</td></tr>"
            )
        h.append("</table>")

    wrong = [c for c in result["cases"] if not c["correct"]]
    h.append(f"<h2>Wrong cases ({len(wrong)})</h2>")
    if wrong:
        h.append("<table><tr><th>case</th><th>post</th><th>expected</th><th>actual</th></tr>")
        for c in wrong:
            exp, act = c["expected"], c["actual"]
            findings = "".join(
                f"<div><b>{_e(f['rule'])}</b> <span class=muted>({_e(f['severity'])})</span> {_e(f['message'])}</div>"
                for f in act["findings"]
            )
            h.append(
                f"<tr><td>{_e(c['id'])}<div class=muted>{_e(c['category'])} · {_e(c['platform'])} · "
                f"{_e(c['locale'])}</div><div class=muted>{_e(c['file'])}</div></td>"
                f"<td><pre>{_highlight(c['text'], act['findings'])}</pre>"
                f"{'<div class=muted>' + _e(c['notes']) + '</div>' if c.get('notes') else ''}</td>"
                f"<td class={exp['decision']}><b>{exp['decision']}</b><div>{_e(', '.join(exp['rules']))}</div></td>"
                f"<td class={act['decision'] or ''}><b>{_e(act['decision'])}</b>{findings}"
                f"{'<div>' + _e(act['error']) + '</div>' if act.get('error') else ''}</td></tr>"
            )
        h.append("</table>")
    h.append("</body></html>")
    return "".join(h)


def print_comparison(
    cmp: dict[str, Any], console: Any | None = None, *, max_drop: float | None = None
) -> None:
    from rich.console import Console
    from rich.table import Table

    con = console or Console(highlight=False)
    t = Table(title="metric changes (A → B)")
    t.add_column("metric")
    t.add_column("A", justify="right")
    t.add_column("B", justify="right")
    t.add_column("Δ", justify="right")
    for d in cmp["deltas"]:
        if d.change == 0:
            continue
        style = "red" if d.worsening > (max_drop or 0) else ("green" if d.change else "")
        t.add_row(
            d.metric,
            _pct(d.before),
            _pct(d.after),
            f"[{style}]{'+' if (d.change or 0) > 0 else ''}{(d.change or 0) * 100:.1f} pts[/]"
            if d.change is not None
            else "new/removed",
        )
    if t.row_count:
        con.print(t)
    else:
        con.print("no tracked metric changed")
    for key, title in (
        ("broken", "now wrong"),
        ("fixed", "now right"),
        ("changed", "decision changed, still wrong"),
    ):
        rows = cmp[key]
        if not rows:
            continue
        ft = Table(title=f"{title} ({len(rows)})")
        for col in ("id", "category", "expected", "A", "B", "text"):
            ft.add_column(col, overflow="fold")
        for r in rows:
            ft.add_row(
                r["id"],
                r["category"] or "",
                r["expected"],
                str(r["before"]),
                str(r["after"]),
                r["text"][:120],
            )
        con.print(ft)
    if cmp["only_in_a"] or cmp["only_in_b"]:
        con.print(f"cases only in A: {len(cmp['only_in_a'])}, only in B: {len(cmp['only_in_b'])}")
