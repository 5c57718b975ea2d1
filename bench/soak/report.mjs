// The soak's printed summary: the ledger's verdict, what the traffic did, and the growth of
// each sampled metric (first, middle and last third of the traffic phase; slopes).

const n = (v) => (Number.isFinite(v) ? Math.round(v).toLocaleString('en-US') : '–');
const mib = (kib) => (Number.isFinite(kib) ? `${(kib / 1024).toFixed(1)} MiB` : '–');

function metric(g) {
  if (!Number.isFinite(g.first)) return `  ${g.key}: ${g.verdict} (${g.n} samples)`;
  const f = g.key.endsWith('KiB') ? mib : n;
  return `  ${g.key.padEnd(15)} first ${f(g.first)}, middle ${f(g.middle)}, last ${f(g.last)} (min ${f(g.min)}, max ${f(g.max)}); ` +
    `slope ${f(g.slopePerMin)}/min, last half ${f(g.lastHalfSlopePerMin)}/min: ${g.verdict}`;
}

export function report({ params, machine, wallSecs, ledger: l, traffic: t, growth }) {
  const ok = l.lost === 0 && l.duplicated === 0;
  const lines = [
    '',
    `Soak: ${params.clients} clients, ${params.minutes} min, seed ${params.seed}; ${machine.cores} cores, load average at start ${machine.loadAverage}; ${wallSecs.toFixed(0)} s wall`,
    `Actions: ${Object.entries(t.counts).map(([k, v]) => `${k} ${n(v)}`).join(', ')}; skipped ${n(t.skipped.busy)} (in-flight cap), ${n(t.skipped.noCandidate)} (no free client)`,
    `Messages: ${n(l.sent)} sent, acked ${n(l.acked.c2c)} one-to-one + ${n(l.acked.group)} group; not acked: ${JSON.stringify(l.failed)}`,
    `Copies expected ${n(l.expected)}, delivered ${n(l.delivered)} (${Object.entries(l.byChannel).map(([k, v]) => `${k} ${n(v)}`).join(', ')})`,
    `LOST ${n(l.lost)}, DUPLICATED ${n(l.duplicated)} (pushed twice ${n(l.duplicatePushes)}, stored twice ${n(l.storedTwice)})`,
    `Diagnostics: live push missing on an open socket (found by a sync) ${n(l.missedLive)}; copies to clients not meant ${n(l.unexpected)}; ` +
      `copies of unacked sends ${n(l.deliveredUnacked)}; kicked ${n(t.kicked)}`,
    `Errors: ${Object.keys(t.errors).length ? JSON.stringify(t.errors) : 'none'}`,
    `Group sizes at the end: ${t.groupSizes.join(' ')}`,
    `Growth over the traffic phase (judged: last third ≤ middle third × 1.1 + slack; the first third is warm-up)${params.minutes < 5 ? '; a run under 5 minutes is too short for the verdict to mean much' : ''}:`,
    ...growth.map(metric),
    '  (nodeRssKiB holds the ledger, which grows with every message by design)',
    ok ? 'PASS: every acked message reached every recipient exactly once' : 'FAIL: messages lost or duplicated',
  ];
  for (const [what, list] of Object.entries(l.samples)) {
    if (list.length) lines.push(`${what} (first ${list.length}): ${JSON.stringify(list)}`);
  }
  if (t.errorSamples.length) lines.push(`error samples: ${t.errorSamples.slice(0, 8).join(' | ')}`);
  return lines.join('\n');
}
