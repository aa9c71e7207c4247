// A study as one self-contained HTML file a person can send: verdicts, the per-architecture table, a bar chart
// of test accuracy with 95% CI whiskers and the mean validation curves with ±1 sd bands (inline SVG, no
// scripts, no external files), the matched-seed McNemar tables, every run, the settings, the data fingerprint,
// engine and device. Written by `study --report FILE` and by the UI's "Export report".
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UserError } from '../errors.js';
import type { RunRecord, RunStore } from '../runs/store.js';
import { writeAtomically } from '../runs/atomic-write.js';
import { appVersion } from '../runs/app-version.js';
import { points } from '../contract/points.js';
import { formatP } from './verdict.js';
import type { StudyResults } from './results.js';

/** Validation accuracy per epoch of one run. */
export type Curve = { epoch: number; valAccuracy: number | null }[];

export interface ReportInput {
  results: StudyResults;
  /** The study's runs (all cells that have one). */
  runs: RunRecord[];
  curves: Map<string, Curve>;
  appVersion: string;
  generatedAt: string;
}

const esc = (s: unknown): string =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
const pct = (v: number | null | undefined, d = 2) => (v === null || v === undefined || !Number.isFinite(v) ? '–' : (100 * v).toFixed(d));
const secs = (ms: number | null | undefined) => (ms === null || ms === undefined ? '–' : `${(ms / 1000).toFixed(0)} s`);

/** Colours that read on white and in print, one per architecture. */
const PALETTE = ['#1f6feb', '#d1242f', '#1a7f37', '#9a6700', '#8250df'];

function barChart(r: StudyResults): string {
  const gs = r.groups.filter((g) => g.accuracy);
  if (gs.length === 0) return '<p>No finished runs yet.</p>';
  const lows = gs.map((g) => g.accuracy!.ci95?.[0] ?? Math.min(...g.accuracies));
  const highs = gs.map((g) => g.accuracy!.ci95?.[1] ?? Math.max(...g.accuracies));
  // A zoomed axis: differences of tenths of a point are invisible on 0–100 %.
  const lo = Math.max(0, Math.floor(Math.min(...lows) * 100 - 1) / 100), hi = Math.min(1, Math.ceil(Math.max(...highs) * 100 + 1) / 100);
  const W = 560, H = 60 + 44 * gs.length, left = 150, right = 20, top = 30;
  const x = (v: number) => left + ((v - lo) / (hi - lo || 1)) * (W - left - right);
  const ticks = Array.from({ length: 5 }, (_, i) => lo + ((hi - lo) * i) / 4);
  const rows = gs.map((g, i) => {
    const y = top + 44 * i + 10, a = g.accuracy!, c = PALETTE[r.groups.indexOf(g) % PALETTE.length];
    const ci = a.ci95 ? `<line x1="${x(a.ci95[0])}" x2="${x(a.ci95[1])}" y1="${y + 12}" y2="${y + 12}" stroke="#000" stroke-width="1.5"/><line x1="${x(a.ci95[0])}" x2="${x(a.ci95[0])}" y1="${y + 5}" y2="${y + 19}" stroke="#000"/><line x1="${x(a.ci95[1])}" x2="${x(a.ci95[1])}" y1="${y + 5}" y2="${y + 19}" stroke="#000"/>` : '';
    const dots = g.accuracies.map((v) => `<circle cx="${x(v)}" cy="${y + 12}" r="3" fill="#fff" stroke="#000"/>`).join('');
    return `<text x="${left - 8}" y="${y + 16}" text-anchor="end">${esc(g.label)}</text><rect x="${left}" y="${y + 2}" width="${Math.max(0, x(a.mean) - left)}" height="20" fill="${c}" opacity="0.75"/>${ci}${dots}`;
  });
  const axis = ticks.map((t) => `<line x1="${x(t)}" x2="${x(t)}" y1="${top}" y2="${H - 20}" stroke="#ccc"/><text x="${x(t)}" y="${H - 6}" text-anchor="middle">${pct(t, 1)}</text>`).join('');
  return `<svg role="img" aria-label="Test accuracy per architecture with 95% confidence intervals" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-size="12">${axis}${rows.join('')}<text x="${left}" y="16">test accuracy % (bar: mean; whiskers: 95% CI; dots: seeds)</text></svg>`;
}

function curveChart(r: StudyResults, curves: Map<string, Curve>): string {
  const series = r.groups
    .map((g, gi) => {
      const cs = g.runIds.map((id) => curves.get(id) ?? []);
      const epochs = Math.max(0, ...cs.map((c) => c.length));
      const pts: { e: number; mean: number; sd: number }[] = [];
      for (let e = 1; e <= epochs; e++) {
        const vs = cs.map((c) => c.find((p) => p.epoch === e)?.valAccuracy).filter((v): v is number => v !== null && v !== undefined && Number.isFinite(v));
        if (vs.length === 0) continue;
        const mean = vs.reduce((s, v) => s + v, 0) / vs.length;
        const sd = vs.length > 1 ? Math.sqrt(vs.reduce((s, v) => s + (v - mean) ** 2, 0) / (vs.length - 1)) : 0;
        pts.push({ e, mean, sd });
      }
      return { label: g.label, color: PALETTE[gi % PALETTE.length] as string, pts };
    })
    .filter((s) => s.pts.length > 0);
  if (series.length === 0) return '<p>No validation curves (the study validated on nothing, or nothing finished).</p>';
  const all = series.flatMap((s) => s.pts);
  const lo = Math.min(...all.map((p) => p.mean - p.sd)), hi = Math.max(...all.map((p) => p.mean + p.sd));
  const maxE = Math.max(...all.map((p) => p.e));
  const W = 560, H = 260, left = 50, right = 120, top = 20, bottom = 30;
  const x = (e: number) => left + (maxE === 1 ? 0.5 : (e - 1) / (maxE - 1)) * (W - left - right);
  const y = (v: number) => top + (1 - (v - lo) / (hi - lo || 1)) * (H - top - bottom);
  const body = series.map((s, i) => {
    const band = [...s.pts.map((p) => `${x(p.e)},${y(p.mean + p.sd)}`), ...[...s.pts].reverse().map((p) => `${x(p.e)},${y(p.mean - p.sd)}`)].join(' ');
    const line = s.pts.map((p) => `${x(p.e)},${y(p.mean)}`).join(' ');
    return `<polygon points="${band}" fill="${s.color}" opacity="0.18"/><polyline points="${line}" fill="none" stroke="${s.color}" stroke-width="2"/><text x="${W - right + 8}" y="${top + 16 * i + 10}" fill="${s.color}">${esc(s.label)}</text>`;
  });
  const xt = Array.from({ length: maxE }, (_, i) => `<text x="${x(i + 1)}" y="${H - 10}" text-anchor="middle">${i + 1}</text>`).join('');
  const yt = [lo, (lo + hi) / 2, hi].map((v) => `<text x="${left - 6}" y="${y(v) + 4}" text-anchor="end">${pct(v, 1)}</text><line x1="${left}" x2="${W - right}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/>`).join('');
  return `<svg role="img" aria-label="Mean validation accuracy per epoch with ±1 sd bands" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-size="12">${yt}${xt}${body.join('')}</svg><p class="note">Mean validation accuracy per epoch across seeds; the band is ±1 standard deviation.</p>`;
}

/** Every setting of every arm (the seed is per run), the ones that differ between arms in bold. */
function settingsTable(r: StudyResults): string {
  const arms = r.study.grid.arms;
  const flat = arms.map((a) => new Map<string, unknown>([...Object.entries(a.model), ...Object.entries(a.train).filter(([k]) => k !== 'seed')]));
  const keys = [...(flat[0]?.keys() ?? [])];
  const cell = (v: unknown) => esc(v === null ? 'none' : JSON.stringify(v));
  const rows = keys.map((k) => {
    const vs = flat.map((m) => m.get(k));
    const differs = vs.some((v) => JSON.stringify(v) !== JSON.stringify(vs[0]));
    return `<tr><th>${differs ? `<b>${esc(k)}</b>` : esc(k)}</th>${vs.map((v) => `<td>${differs ? `<b>${cell(v)}</b>` : cell(v)}</td>`).join('')}</tr>`;
  });
  return `<table><thead><tr><th>setting</th>${arms.map((a) => `<th>${esc(a.label)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

export function studyReportHtml(input: ReportInput): string {
  const { results: r, runs } = input;
  const first = r.study.grid.arms[0]?.train;
  const valText = {
    'held-out': `${(first?.validationSplit ?? 0) * 100}% of the training reviews held out (Keras validation_split); the test set was used once, at the end`,
    test: 'the test set (as the tutorial): best-epoch figures were selected on the test set',
    none: 'nothing',
    mixed: 'different parts per arm (see the settings)',
  }[r.validation];
  const uniq = (xs: (string | null | undefined)[]) => [...new Set(xs.filter((v): v is string => !!v))];
  const devices = uniq(runs.map((x) => x.device?.description));
  const prints = uniq(runs.map((x) => x.dataFingerprint));
  const sources = uniq(runs.map((x) => x.dataSource));
  const groupRows = r.groups.map((x) => {
    const a = x.accuracy;
    return `<tr><td>${esc(x.label)}</td><td>${x.accuracies.length}/${x.planned}</td><td>${pct(a?.mean)}</td><td>${a?.sd != null ? pct(a.sd) : '–'}</td><td>${a?.ci95 ? `${pct(a.ci95[0])} to ${pct(a.ci95[1])}` : '–'}</td><td>${x.auc ? x.auc.mean.toFixed(4) : '–'}</td><td>${secs(x.trainMs?.mean)}</td></tr>`;
  });
  const pairRows = r.pairs.map((p) => {
    const seeds = p.matched
      .map((m) => (m.pValue === null ? `seed ${m.seed}: ${esc(m.note ?? 'not paired')}` : `seed ${m.seed}: b = ${m.b}, c = ${m.c}, ${points(m.accuracyDiff!)} pts, ${formatP(m.pValue)}`))
      .join('<br>');
    return `<tr><td>${esc(p.labelA)} − ${esc(p.labelB)}</td><td>${points(p.diff)}</td><td>${p.ci95 ? `${points(p.ci95[0])} to ${points(p.ci95[1])}` : '–'}</td><td>${p.pValue === null ? '–' : p.pValue.toPrecision(3)}</td><td>${p.pHolm === null ? '–' : p.pHolm.toPrecision(3)}</td><td>${seeds || '–'}</td></tr>`;
  });
  const runRows = r.cells.map((c) => {
    const run = runs.find((x) => x.id === c.runId);
    return `<tr><td>${esc(c.label)}</td><td>${c.seed}</td><td><code>${esc(c.runId ?? '–')}</code></td><td>${esc(c.status)}</td><td>${pct(c.testAccuracy)}</td><td>${run?.test ? run.test.auc.toFixed(4) : '–'}</td><td>${secs(run?.trainMs)}</td></tr>`;
  });
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(r.study.name)} — Recurrent Lab study</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<style>
body{font:14px/1.45 system-ui,sans-serif;max-width:900px;margin:2em auto;padding:0 1em;color:#1f2328}
table{border-collapse:collapse;margin:.5em 0 1.5em}th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f6f8fa}.verdict{font-size:15px;margin:.3em 0}.note{color:#59636e;font-size:12px}code{font-size:12px}
</style></head><body>
<h1>${esc(r.study.name)}</h1>
<p>Study <code>${esc(r.study.id)}</code>, created ${esc(r.study.createdAt)}, status <b>${esc(r.status)}</b>. Report generated ${esc(input.generatedAt)} by Recurrent Lab ${esc(input.appVersion)}.</p>
<h2>Verdicts</h2>
${r.pairs.length ? r.pairs.map((p) => `<p class="verdict">${esc(p.sentence)}</p>`).join('\n') : '<p>No pair of architectures has finished runs to compare yet.</p>'}
<p class="note">Differences are in percentage points of test accuracy; intervals and p-values come from Welch's t test across seeds (two-sided, α = 0.05), Holm-adjusted across the pairs. Validated on: ${esc(valText)}.</p>
<h2>Per arm</h2>
<table><thead><tr><th>Arm</th><th>Seeds done</th><th>Test accuracy %</th><th>sd</th><th>95% CI (Student t)</th><th>AUC</th><th>Training time</th></tr></thead><tbody>${groupRows.join('')}</tbody></table>
${barChart(r)}
<h2>Validation curves</h2>
${curveChart(r, input.curves)}
<h2>Pairs</h2>
<table><thead><tr><th>Pair</th><th>Difference (points)</th><th>95% CI</th><th>p (Welch)</th><th>p (Holm)</th><th>McNemar on matched seeds (b: first right &amp; second wrong)</th></tr></thead><tbody>${pairRows.join('')}</tbody></table>
<h2>Runs</h2>
<table><thead><tr><th>Arm</th><th>Seed</th><th>Run</th><th>Status</th><th>Test accuracy %</th><th>AUC</th><th>Training time</th></tr></thead><tbody>${runRows.join('')}</tbody></table>
<h2>Settings</h2>
${settingsTable(r)}
<h2>Data and machine</h2>
<table><tbody>
<tr><th>Data</th><td>${esc(sources.join('; ') || '–')}</td></tr>
<tr><th>Data fingerprint</th><td><code>${esc(prints.join(', ') || '–')}</code></td></tr>
<tr><th>Engine and device</th><td>${esc(devices.join('; ') || '–')}</td></tr>
</tbody></table>
</body></html>
`;
}

/** The report's input from the store. */
export function studyReportInput(r: StudyResults, store: RunStore): ReportInput {
  const runs = store.listRuns({ groupId: r.study.groupId }).filter((x) => r.cells.some((c) => c.runId === x.id));
  const curves = new Map<string, Curve>(
    store.epochSeries(runs.map((x) => x.id)).map((s) => [s.runId, s.epochs.map((e) => ({ epoch: e.epoch, valAccuracy: e.valAccuracy }))]),
  );
  return { results: r, runs, curves, appVersion: appVersion(), generatedAt: new Date().toISOString() };
}

/** The report's absolute path, refused (before a study trains for hours) when it cannot be written there. */
export function checkReportPath(file: string): string {
  const path = resolve(file);
  if (!/\.html?$/i.test(path)) throw new UserError(`--report: "${file}" should end in .html`);
  if (!statSync(dirname(path), { throwIfNoEntry: false })?.isDirectory()) throw new UserError(`--report: the folder ${dirname(path)} does not exist`);
  if (existsSync(path) && statSync(path).isDirectory()) throw new UserError(`--report: ${path} is a folder`);
  return path;
}

/** Writes the report (whole or not at all) to `file`; returns its absolute path. */
export function writeStudyReport(file: string, r: StudyResults, store: RunStore): string {
  const path = checkReportPath(file);
  writeAtomically(path, [Buffer.from(studyReportHtml(studyReportInput(r, store)), 'utf8')]);
  return path;
}
