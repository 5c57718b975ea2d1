// Line charts as hand-written SVG (no chart library): axes with ticks, one polyline per series,
// point markers with their values, a legend. Log axes when the data spans more than ×30.

const W = 640;
const H = 380;
const M = { left: 78, right: 24, top: 44, bottom: 58 };
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e'];

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function niceNumber(n) {
  if (!Number.isFinite(n)) return '';
  const a = Math.abs(n);
  if (a >= 1e6) return `${+(n / 1e6).toFixed(1)}M`;
  if (a >= 1e4) return `${+(n / 1e3).toFixed(0)}k`;
  if (a >= 1e3) return `${+(n / 1e3).toFixed(1)}k`;
  if (a >= 10) return `${Math.round(n)}`;
  if (a >= 1) return `${+n.toFixed(1)}`;
  return `${+n.toPrecision(2)}`;
}

function linearTicks(max) {
  if (max <= 0) return [0, 1];
  const raw = max / 5;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((k) => k * mag).find((s) => s >= raw);
  const ticks = [];
  for (let v = 0; v <= max + step * 0.999; v += step) ticks.push(+v.toPrecision(12));
  return ticks;
}

function logTicks(min, max) {
  const ticks = [];
  for (let e = Math.floor(Math.log10(min)); e <= Math.ceil(Math.log10(max)); e++) {
    for (const k of [1, 2, 5]) {
      const v = k * 10 ** e;
      if (v >= min / 1.0001 && v <= max * 1.0001) ticks.push(v);
    }
  }
  return ticks;
}

function axis(values, { log, zero = true, exact }) {
  const finite = values.filter((v) => Number.isFinite(v) && (!log || v > 0));
  let min = Math.min(...finite);
  let max = Math.max(...finite);
  if (!finite.length) { min = 1; max = 10; }
  if (log) {
    const lo = 10 ** Math.floor(Math.log10(min));
    const hi = 10 ** Math.ceil(Math.log10(max));
    const ticks = exact ? [...new Set(exact)].sort((a, b) => a - b) : logTicks(lo, hi);
    const a = Math.log10(exact ? Math.min(...ticks) / 1.25 : lo);
    const b = Math.log10(exact ? Math.max(...ticks) * 1.25 : hi);
    return { ticks, pos: (v) => (Math.log10(v) - a) / (b - a) };
  }
  const ticks = exact ? [...new Set(exact)].sort((x, y) => x - y) : linearTicks(max * 1.05);
  const a = zero ? 0 : Math.min(...ticks);
  const b = exact ? Math.max(...ticks) * 1.08 : Math.max(...ticks);
  return { ticks, pos: (v) => (v - a) / (b - a || 1) };
}

/**
 * @param {{ title: string, xLabel: string, yLabel: string, note?: string,
 *   series: { name: string, points: [number, number][], dashed?: boolean }[],
 *   xLog?: boolean, yLog?: boolean }} chart
 * @returns {string} the SVG document
 */
export function lineChart({ title, xLabel, yLabel, note, series, xLog, yLog }) {
  const xs = series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = series.flatMap((s) => s.points.map((p) => p[1])).filter(Number.isFinite);
  const spread = (v) => (v.length ? Math.max(...v) / Math.max(Math.min(...v.filter((x) => x > 0)), 1e-9) : 1);
  const xIsLog = xLog ?? spread(xs) > 30;
  const yIsLog = yLog ?? spread(ys) > 30;
  const x = axis(xs, { log: xIsLog, exact: xs });
  const y = axis(ys, { log: yIsLog });
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const px = (v) => M.left + x.pos(v) * pw;
  const py = (v) => M.top + ph - y.pos(v) * ph;
  const out = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="Helvetica, Arial, sans-serif" font-size="12">`);
  out.push(`<rect width="${W}" height="${H}" fill="#ffffff"/>`);
  out.push(`<text x="${W / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${esc(title)}</text>`);
  for (const t of y.ticks) {
    const yy = py(t).toFixed(1);
    out.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${yy}" y2="${yy}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${M.left - 8}" y="${yy}" dy="4" text-anchor="end" fill="#444">${niceNumber(t)}</text>`);
  }
  for (const t of x.ticks) {
    const xx = px(t).toFixed(1);
    out.push(`<line x1="${xx}" x2="${xx}" y1="${M.top}" y2="${M.top + ph}" stroke="#f0f0f0"/>`);
    out.push(`<text x="${xx}" y="${M.top + ph + 18}" text-anchor="middle" fill="#444">${niceNumber(t)}</text>`);
  }
  out.push(`<line x1="${M.left}" x2="${M.left}" y1="${M.top}" y2="${M.top + ph}" stroke="#333"/>`);
  out.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${M.top + ph}" y2="${M.top + ph}" stroke="#333"/>`);
  out.push(`<text x="${M.left + pw / 2}" y="${H - 22}" text-anchor="middle">${esc(xLabel)}${xIsLog ? ' (log scale)' : ''}</text>`);
  out.push(`<text transform="translate(18 ${M.top + ph / 2}) rotate(-90)" text-anchor="middle">${esc(yLabel)}${yIsLog ? ' (log scale)' : ''}</text>`);
  if (note) out.push(`<text x="${W - M.right}" y="${H - 6}" text-anchor="end" font-size="10" fill="#777">${esc(note)}</text>`);
  series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length];
    const pts = s.points.filter(([a, b]) => Number.isFinite(a) && Number.isFinite(b) && (!yIsLog || b > 0));
    if (pts.length > 1) {
      out.push(`<polyline fill="none" stroke="${color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''} points="${pts.map(([a, b]) => `${px(a).toFixed(1)},${py(b).toFixed(1)}`).join(' ')}"/>`);
    }
    for (const [a, b] of pts) {
      out.push(`<circle cx="${px(a).toFixed(1)}" cy="${py(b).toFixed(1)}" r="3.5" fill="${color}"/>`);
      out.push(`<text x="${px(a).toFixed(1)}" y="${(py(b) - 8).toFixed(1)}" text-anchor="middle" font-size="10" fill="${color}">${niceNumber(b)}</text>`);
    }
    const ly = M.top + 6 + i * 16;
    out.push(`<line x1="${M.left + 12}" x2="${M.left + 34}" y1="${ly}" y2="${ly}" stroke="${color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
    out.push(`<text x="${M.left + 40}" y="${ly}" dy="4">${esc(s.name)}${pts.length ? '' : ' (no data)'}</text>`);
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
