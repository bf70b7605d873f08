import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { appReport, mermaidOf, reportHtml, reportMarkdown } from '../../src/report';
import { loadPaths } from '../../src/cli/load';
import { ROOT, run } from '../cli-helpers';

/*
 * The report (issue 22): the model of apps/shop's topology, its page rendered in headless
 * Chromium (every workload and edge drawn, no node over another, every label inside its box),
 * and its Markdown's Mermaid parsed by Mermaid itself (from npm), in the same browser.
 */

const SHOP = path.join(ROOT, 'dist', 'shop');
const CHROMIUM = ['chromium', 'chromium-browser'].find((c) => spawnSync(c, ['--version']).status === 0);

function shop() {
  return appReport('shop', loadPaths([SHOP]).manifests.map((m) => m.object));
}

/** The DOM Chromium has once the page's scripts ran. */
function dumpDom(file: string): string {
  if (!CHROMIUM) throw new Error('the report tests need Chromium: apt-get install chromium (.ci/run installs it)');
  const r = spawnSync(CHROMIUM, ['--headless', '--no-sandbox', '--disable-gpu', '--allow-file-access-from-files', '--virtual-time-budget=20000',
    '--dump-dom', `file://${file}`], { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`chromium failed: ${r.stderr}`);
  return r.stdout;
}

function resultOf(dom: string): any {
  const m = /<pre id="result">([\s\S]*?)<\/pre>/.exec(dom);
  if (!m) throw new Error(`no result in the page:\n${dom.slice(0, 2000)}`);
  return JSON.parse(m[1].replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'));
}

/** Measures, in the page, what is drawn: nodes and edges by their data attributes, overlaps, labels outside boxes. */
const CHECK = `<pre id="result"></pre><script>
const boxes = [...document.querySelectorAll('[data-node]')].map((g) => {
  const r = g.querySelector('rect').getBoundingClientRect();
  const texts = [...g.querySelectorAll('text')].map((t) => t.getBoundingClientRect());
  return { id: g.dataset.node, r, outside: texts.filter((t) => t.left < r.left || t.right > r.right || t.top < r.top || t.bottom > r.bottom).length };
});
const overlaps = [];
for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
  const a = boxes[i].r, b = boxes[j].r;
  if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) overlaps.push([boxes[i].id, boxes[j].id]);
}
const labels = [...document.querySelectorAll('text.edge-label')].map((t, i) => ({ id: 'edge label ' + i + ' ' + t.textContent, r: t.getBoundingClientRect() }));
const all = [...boxes, ...labels];
for (let i = 0; i < all.length; i++) for (let j = Math.max(i + 1, boxes.length); j < all.length; j++) {
  const a = all[i].r, b = all[j].r;
  if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) overlaps.push([all[i].id, all[j].id]);
}
const edges = [...document.querySelectorAll('g.edge')].map((g) => [g.dataset.from, g.dataset.to, g.querySelector('path').getTotalLength() > 0]);
document.getElementById('result').textContent = JSON.stringify({
  nodes: boxes.map((b) => b.id), edges, overlaps, labelsOutside: boxes.filter((b) => b.outside).map((b) => b.id),
  scripts: document.querySelectorAll('script').length - 1, external: [...document.querySelectorAll('[src],[href]')].map((e) => e.getAttribute('src') || e.getAttribute('href')),
});
</script>`;

describe('the report model of apps/shop', () => {
  const r = shop();
  test('every workload, its Service, our proxies and the peers outside', () => {
    expect(r.nodes.map((n) => n.label).sort()).toEqual([
      '10.30.0.0/16', 'CronJob/nightly-report', 'DaemonSet/node-cache', 'Deployment/api', 'Deployment/storefront', 'Deployment/weather', 'Job/migrate',
      'Service/api', 'Service/node-cache', 'Service/orders-db', 'Service/orders-db-headless', 'Service/storefront', 'Service/weather',
      'StatefulSet/orders-db', 'namespace ingress-nginx', 'proxy of api', 'proxy of weather',
    ]);
    const label = (id: string) => r.nodes.find((n) => n.id === id)!.label;
    const edges = r.edges.map((e) => `${label(e.from)} -> ${label(e.to)}`);
    expect(edges).toEqual(expect.arrayContaining([
      'Service/weather -> proxy of weather', 'proxy of weather -> Deployment/weather', 'Service/api -> proxy of api',
      'Deployment/storefront -> StatefulSet/orders-db', 'Deployment/storefront -> proxy of weather', 'Deployment/storefront -> DaemonSet/node-cache',
      'Job/migrate -> StatefulSet/orders-db', 'DaemonSet/node-cache -> 10.30.0.0/16', 'namespace ingress-nginx -> Deployment/storefront',
      'namespace ingress-nginx -> proxy of api', 'Service/orders-db-headless -> StatefulSet/orders-db',
    ]));
    expect(r.nodes.find((n) => n.label === 'proxy of weather')!.detail).toEqual(['circuit breaker']);
    expect(r.nodes.find((n) => n.label === 'proxy of api')!.detail).toEqual(['rate limit']);
  });

  test('quota, suppressions with their reasons, patterns', () => {
    expect(r.quota[0].lines.find((l) => l.key === 'requests.storage')!.used).toBe(60 * 2 ** 30);
    expect(r.suppressions).toEqual(expect.arrayContaining([{
      object: 'Deployment/storefront', rule: 'cpu-limit', reason: 'Latency-sensitive pages; CPU throttling costs more than a noisy neighbour.',
    }]));
    expect(r.findings).toEqual([]);
    expect(r.patterns.find((p) => p.object === 'Deployment/weather')!.patterns).toEqual([2, 3, 4, 5, 6, 7, 8, 10, 12]);
    expect(r.patterns.find((p) => p.object === 'Deployment/api')!.patterns).toContain(13);
    expect(r.patterns.find((p) => p.object === 'Deployment/storefront')!.patterns).toContain(11);
    expect(r.patterns.find((p) => p.object === 'Job/migrate')!.patterns).toContain(9);
  });
});

describe('the report as a page, in headless Chromium', () => {
  test('draws every workload and edge, nothing over anything (nodes, edge labels), every label inside its box, nothing from the network', () => {
    const r = shop();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-prod-report-'));
    const file = path.join(dir, 'index.html');
    fs.writeFileSync(file, reportHtml(r).replace('</body>', `${CHECK}</body>`));
    const got = resultOf(dumpDom(file));
    expect([...got.nodes].sort()).toEqual(r.nodes.map((n) => n.id).sort());
    expect(got.edges.map((e: unknown[]) => `${e[0]} -> ${e[1]}`).sort()).toEqual(r.edges.map((e) => `${e.from} -> ${e.to}`).sort());
    expect(got.edges.every((e: unknown[]) => e[2] === true)).toBe(true);
    expect(got.overlaps).toEqual([]);
    expect(got.labelsOutside).toEqual([]);
    expect(got.scripts).toBe(0);
    expect(got.external).toEqual([]);
  });
});

describe('the report as Markdown', () => {
  test('its Mermaid graph parses in Mermaid (from npm)', () => {
    const md = reportMarkdown(shop());
    const graph = /```mermaid\n([\s\S]*?)```/.exec(md)![1];
    expect(graph).toBe(`${mermaidOf(shop())}\n`);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-prod-mermaid-'));
    fs.copyFileSync(path.join(ROOT, 'node_modules', 'mermaid', 'dist', 'mermaid.min.js'), path.join(dir, 'mermaid.min.js'));
    const file = path.join(dir, 'parse.html');
    const graphs = [graph, 'flowchart LR\n  a -->|"x"| b(("broken'];
    fs.writeFileSync(file, `<!doctype html><html><body><pre id="result"></pre><script src="mermaid.min.js"></script><script>
const graphs = ${JSON.stringify(graphs)};
Promise.all(graphs.map((g) => mermaid.parse(g).then(() => 'ok', (e) => String(e && e.message || e))))
  .then((r) => { document.getElementById('result').textContent = JSON.stringify(r); });
</script></body></html>`);
    const got = resultOf(dumpDom(file));
    expect(got[0]).toBe('ok');
    // The same parser refuses a broken graph: the check can fail.
    expect(got[1]).not.toBe('ok');
  });

  test('quota bars, suppressions and patterns as tables', () => {
    const md = reportMarkdown(shop());
    expect(md).toContain('| requests.storage | 60Gi | 120Gi | █████░░░░░ 50% |');
    expect(md).toContain('| Deployment/storefront | `cpu-limit` | Latency-sensitive pages; CPU throttling costs more than a noisy neighbour. |');
    expect(md).toContain('| Deployment/weather | 2, 3, 4, 5, 6, 7, 8, 10, 12 |');
  });
});

describe('cdk8s-prod report', () => {
  test('writes index.html and report.md per app and for the whole output', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-prod-report-cli-'));
    const r = run(['report', 'dist', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.out).toBe(`wrote ${out}: 3 apps (index.html and report.md each), and the whole output\n`);
    for (const f of ['index.html', 'report.md', 'shop/index.html', 'shop/report.md', 'hello/report.md', 'platform/index.html']) expect(fs.existsSync(path.join(out, f))).toBe(true);
    expect(run(['report', 'dist']).code).toBe(2);
    expect(run(['report', 'no-such-folder', '--out', out]).err).toContain('no-such-folder is not a folder');
  });
});
