import * as dagre from '@dagrejs/dagre';
import { formatAmount } from '../k8s/quota';
import { AppReport, NodeKind, TopologyNode } from './model';

/*
 * The report as one self-contained page: inline CSS and SVG, no script and no network, so that
 * it opens from a file:// URL or a CI artifact. The graph is laid out by dagre (namespaces as
 * clusters), never placed by hand.
 */

const CHAR_WIDTH = 7.2;
const LINE = 16;

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface LaidOut {
  readonly width: number;
  readonly height: number;
  readonly nodes: Array<TopologyNode & { x: number; y: number; w: number; h: number }>;
  readonly clusters: Array<{ namespace: string; x: number; y: number; w: number; h: number }>;
  readonly edges: Array<{ from: string; to: string; label: string; points: Point[]; labelAt?: Point }>;
}

function boxOf(n: TopologyNode): { w: number; h: number } {
  const lines = [n.label, ...n.detail];
  return { w: Math.ceil(Math.max(...lines.map((l) => l.length)) * CHAR_WIDTH) + 24, h: lines.length * LINE + 16 };
}

/** Positions from dagre: nodes, namespace clusters around them, and edge routes with label spots. */
export function layout(r: AppReport): LaidOut {
  const g = new dagre.graphlib.Graph({ compound: true, multigraph: false });
  g.setGraph({ rankdir: 'LR', nodesep: 28, ranksep: 90, edgesep: 14, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const ns of r.namespaces) g.setNode(`ns:${ns}`, { label: ns, clusterLabelPos: 'top', paddingTop: 30 });
  for (const n of r.nodes) {
    g.setNode(n.id, { ...boxOf(n), width: boxOf(n).w, height: boxOf(n).h });
    if (n.namespace && r.namespaces.includes(n.namespace)) g.setParent(n.id, `ns:${n.namespace}`);
  }
  for (const e of r.edges) {
    const w = Math.ceil(Math.min(e.label.length, 40) * CHAR_WIDTH * 0.9) + 8;
    g.setEdge(e.from, e.to, { label: e.label, width: w, height: LINE, labelpos: 'c' });
  }
  dagre.layout(g);
  const graph = g.graph() as { width?: number; height?: number };
  return {
    width: Math.ceil(graph.width ?? 0),
    height: Math.ceil(graph.height ?? 0),
    nodes: r.nodes.map((n) => {
      const v = g.node(n.id) as { x: number; y: number; width: number; height: number };
      return { ...n, x: v.x - v.width / 2, y: v.y - v.height / 2, w: v.width, h: v.height };
    }),
    clusters: r.namespaces.filter((ns) => r.nodes.some((n) => n.namespace === ns)).map((ns) => {
      const v = g.node(`ns:${ns}`) as { x: number; y: number; width: number; height: number };
      return { namespace: ns, x: v.x - v.width / 2, y: v.y - v.height / 2, w: v.width, h: v.height };
    }),
    edges: r.edges.map((e) => {
      const v = g.edge(e.from, e.to) as { points: Array<{ x: number; y: number }>; x?: number; y?: number };
      return { ...e, points: v.points, ...(v.x !== undefined && v.y !== undefined ? { labelAt: { x: v.x, y: v.y } } : {}) };
    }),
  };
}

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const FILL: Record<NodeKind, string> = { workload: '#e8f1fb', batch: '#f3ecfa', service: '#eaf7ee', proxy: '#fff4e0', peer: '#f2f2f2' };

function svg(l: LaidOut): string {
  const out: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" width="${l.width}" height="${l.height}" viewBox="0 0 ${l.width} ${l.height}" role="img" aria-label="topology">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>'];
  for (const c of l.clusters) {
    out.push(`<g class="namespace" data-namespace="${esc(c.namespace)}"><rect x="${c.x}" y="${c.y}" width="${c.w}" height="${c.h}" rx="8" fill="none" stroke="#9aa" stroke-dasharray="5 3"/>`
      + `<text x="${c.x + 10}" y="${c.y + 18}" class="ns">namespace ${esc(c.namespace)}</text></g>`);
  }
  for (const e of l.edges) {
    const d = e.points.map((p, i) => `${i ? 'L' : 'M'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
    out.push(`<g class="edge" data-from="${esc(e.from)}" data-to="${esc(e.to)}"><path d="${d}" fill="none" stroke="#555" marker-end="url(#arrow)"/>`
      + (e.labelAt ? `<text x="${e.labelAt.x.toFixed(1)}" y="${(e.labelAt.y + 4).toFixed(1)}" text-anchor="middle" class="edge-label">${esc(e.label.length > 40 ? `${e.label.slice(0, 39)}…` : e.label)}</text>` : '')
      + '</g>');
  }
  for (const n of l.nodes) {
    const lines = [n.label, ...n.detail];
    out.push(`<g class="node ${n.kind}" data-node="${esc(n.id)}"><rect x="${n.x.toFixed(1)}" y="${n.y.toFixed(1)}" width="${n.w}" height="${n.h}" rx="6" fill="${FILL[n.kind]}" stroke="#446"/>`
      + lines.map((t, i) => `<text x="${(n.x + 12).toFixed(1)}" y="${(n.y + 8 + LINE * (i + 1) - 4).toFixed(1)}"${i ? ' class="detail"' : ' class="label"'}>${esc(t)}</text>`).join('')
      + '</g>');
  }
  out.push('</svg>');
  return out.join('\n');
}

function bar(used: number, hard: number): string {
  const pct = hard > 0 ? Math.min(100, Math.round(100 * used / hard)) : 100;
  const over = used > hard;
  return `<div class="bar"><div class="fill${over ? ' over' : ''}" style="width:${pct}%"></div></div>`;
}

/** The whole page of one app's report. */
export function reportHtml(r: AppReport): string {
  const l = layout(r);
  const quota = r.quota.map((u) => `<h3>namespace ${esc(u.namespace)}, ResourceQuota ${esc(u.quota)}</h3><table class="quota"><tr><th>resource</th><th>used at once</th><th>hard</th><th></th></tr>`
    + u.lines.map((x) => {
      const res = x.key === 'cpu' || x.key === 'memory' ? `requests.${x.key}` : x.key;
      return `<tr data-quota="${esc(x.key)}"><td>${esc(x.key)}</td><td>${esc(formatAmount(res, x.used))}</td><td>${esc(x.hardText)}</td><td>${bar(x.used, x.hard)}</td></tr>`;
    }).join('') + '</table>').join('');
  const warnings = r.findings.map((f) => `<li class="${f.severity}">[${f.severity}] <code>${esc(f.rule)}</code> ${esc(f.kind)}/${esc(f.name)} at <code>${esc(f.path)}</code>: ${esc(f.message)}</li>`).join('');
  const supp = r.suppressions.map((s) => `<tr><td>${esc(s.object)}</td><td><code>${esc(s.rule)}</code></td><td>${esc(s.reason)}</td></tr>`).join('');
  const pats = r.patterns.map((p) => `<tr><td>${esc(p.object)}</td><td>${p.patterns.join(', ')}</td></tr>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>cdk8s-prod report: ${esc(r.name)}</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222}
svg text{font:12px monospace;fill:#222} svg text.detail{fill:#556} svg text.ns{fill:#577;font-weight:bold} svg text.edge-label{font-size:10px;fill:#444}
table{border-collapse:collapse;margin:8px 0} td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}
.bar{width:240px;height:12px;background:#eee;border-radius:6px;overflow:hidden}.fill{height:100%;background:#4a8}.fill.over{background:#c44}
li.error{color:#a00}
</style></head><body>
<h1>${esc(r.name)}</h1>
<p>${r.objects} objects in ${r.namespaces.length} namespace${r.namespaces.length === 1 ? '' : 's'}; ${r.nodes.length} nodes and ${r.edges.length} edges in the topology; ${r.findings.length} findings; ${r.suppressions.length} suppressions.</p>
<h2>Topology</h2>
<div class="topology">${svg(l)}</div>
<h2>Quota: claimed at once against the hard limits</h2>${quota || '<p>No ResourceQuota.</p>'}
<h2>Suppressions</h2>${supp ? `<table><tr><th>object</th><th>rule</th><th>reason</th></tr>${supp}</table>` : '<p>None.</p>'}
<h2>Findings</h2>${warnings ? `<ul>${warnings}</ul>` : '<p>None.</p>'}
<h2>Patterns each workload holds</h2><table><tr><th>workload</th><th>patterns (of the workshop's 13)</th></tr>${pats}</table>
</body></html>
`;
}
