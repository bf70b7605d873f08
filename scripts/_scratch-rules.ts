import { Chart } from 'cdk8s';
import { ProductionApp } from '../src';
import { Probe, ProductionDeployment } from '../constructs';
import { audit } from '../src/audit';
import { CATALOGUE } from '../src/rules';
const n = Number(process.argv[2] ?? 5000);
const app = new ProductionApp({ outdir: '/tmp/unused' });
const chart = new Chart(app, 'bench', { namespace: 'bench' });
const liveness = Probe.http('/healthz', { port: 'http' }); const readiness = Probe.http('/ready', { port: 'http' });
for (let i = 0; i < n; i++) new ProductionDeployment(chart, `svc-${i}`, { image: 'registry.example.com/bench/svc:1.0.0', ports: [{ name: 'http', port: 8080, servicePort: 80 }], liveness, readiness, resources: 'small', partOf: 'bench' });
const inputs = app.apiObjects().map((o) => ({ object: o.toJson(), source: { constructPath: o.node.path } }));
const times: number[] = [];
for (let r = 0; r < 7; r++) { (globalThis as any).gc?.(); const t = performance.now(); const rep = audit(inputs, CATALOGUE); times.push(performance.now() - t); if (rep.findings.length) throw new Error('findings'); }
times.sort((a, b) => a - b);
console.log(`rules over ${inputs.length} objects: min ${times[0].toFixed(0)} ms, median ${times[3].toFixed(0)} ms = ${(1000 * times[0] / inputs.length).toFixed(1)} µs/obj`);
