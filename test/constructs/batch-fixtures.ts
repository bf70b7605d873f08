import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart } from 'cdk8s';
import { ProductionApp } from '../../src';
import { propErrorOf } from './refusal';

/** What the BoundedJob and BoundedCronJob tests share: the image, reasons, a fresh app, the pod baseline. */

export const IMAGE = 'registry.example.com/shop/report:1.2.3';
export const LONG_REASON = 'The full catalogue reindex takes about thirty hours on the current hardware.';
export const OVERLAP_REASON = 'A skipped run is harmless: the next one syncs every change since the last success.';

let root: string;
let apps = 0;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-prod-bounded-'));
});
afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

/** A fresh app and a chart in namespace "shop" (validation is app-wide, so one per test). */
export function shop(): { app: ProductionApp; chart: Chart } {
  const app = new ProductionApp({ outdir: path.join(root, `app-${apps++}`) });
  return { app, chart: new Chart(app, 'shop', { namespace: 'shop' }) };
}

/** The PropError a construction throws (anything else, a TypeError say, fails the test). */
export const refusal = propErrorOf;

/** The audit must be clean: no finding at all (errors or warnings) and nothing suppressed. */
export function expectCompliant(app: ProductionApp): void {
  const report = app.audit();
  expect(report.findings).toEqual([]);
  expect(report.suppressed).toEqual([]);
}

/** The pod baseline shared with ProductionDeployment, field by field. */
export function expectBaselinePod(template: any, name: string, labels: Record<string, string>): void {
  expect(template.metadata.labels).toEqual(labels);
  const pod = template.spec;
  expect(pod.serviceAccountName).toBe(name);
  expect(pod.automountServiceAccountToken).toBe(false);
  expect(pod.shareProcessNamespace).toBe(true);
  expect(template.metadata.annotations).toBeUndefined();
  expect(pod.securityContext).toEqual({
    runAsNonRoot: true,
    runAsUser: 10001,
    runAsGroup: 10001,
    fsGroup: 10001,
    seccompProfile: { type: 'RuntimeDefault' },
  });
  expect(pod.volumes).toEqual([{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }]);
  expect(pod.hostNetwork).toBeUndefined();
  expect(pod.hostPID).toBeUndefined();
  expect(pod.hostIPC).toBeUndefined();
  expect(pod.containers).toHaveLength(1);
  const c = pod.containers[0];
  expect(c.name).toBe('job');
  expect(c.image).toBe(IMAGE);
  expect(c.imagePullPolicy).toBe('IfNotPresent');
  expect(c.resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } });
  expect(c.securityContext.allowPrivilegeEscalation).toBe(false);
  expect(c.securityContext.privileged).toBe(false);
  expect(c.securityContext.readOnlyRootFilesystem).toBe(true);
  expect(c.securityContext.runAsNonRoot).toBe(true);
  expect(c.securityContext.capabilities).toEqual({ drop: ['ALL'] });
  expect(c.volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
  // Batch work is meant to end: no probes (the catalogue exempts Jobs, as Polaris does).
  expect(c.livenessProbe).toBeUndefined();
  expect(c.readinessProbe).toBeUndefined();
  expect(c.startupProbe).toBeUndefined();
  expect(c.ports).toBeUndefined();
}

/** A NetworkPolicy selecting the workload's pods, admitting nothing, letting out DNS only. */
export function expectDnsOnlyPolicy(policy: any, name: string, selector: Record<string, string>): void {
  expect(policy.kind).toBe('NetworkPolicy');
  expect(policy.metadata.name).toBe(name);
  expect(policy.metadata.namespace).toBe('shop');
  expect(policy.spec.podSelector).toEqual({ matchLabels: selector });
  expect(policy.spec.policyTypes).toEqual(['Ingress', 'Egress']);
  expect(policy.spec.ingress).toBeUndefined();
  expect(policy.spec.egress).toEqual([{ ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] }]);
}
