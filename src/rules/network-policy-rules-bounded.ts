import { getIn, isRecord } from '../k8s/manifest';
import { Violation, objectRule, example } from '../engine/rule';

const PEERS = { ingress: 'from', egress: 'to' } as const;

export const networkPolicyRulesBounded = objectRule({
  id: 'network-policy-rules-bounded',
  pack: 'network',
  title: 'NetworkPolicy rules name their ports',
  severity: 'error',
  pattern: 13,
  description: 'A NetworkPolicy rule with no ports admits every port of its peers (past a rate-limiting proxy, straight to the app); one with neither peers nor ports (`{}`) admits all traffic, undoing the default deny.',
  kinds: ['NetworkPolicy'],
  scope: 'each entry of spec.ingress and spec.egress of NetworkPolicy',
  equivalents: { kyverno: ['restrict-networkpolicy-empty-podselector'] },
  remediation: 'List the ports of each ingress and egress rule (ports: [{ port: 8080, protocol: TCP }]), each with its port; ProductionDeployment and QuotaNamespace write only such rules.',
  suppressible: true,
  examples: {
    violating: [example`
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata: { name: web, namespace: shop }
      spec:
        podSelector: { matchLabels: { app: web } }
        policyTypes: [Ingress]
        ingress:
          - from: [{ podSelector: { matchLabels: { app: gateway } } }] # no ports: every port of web
    `, example`
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata: { name: web, namespace: shop }
      spec:
        podSelector: { matchLabels: { app: web } }
        policyTypes: [Ingress]
        ingress:
          - {} # admits everything
    `],
    compliant: [example`
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata: { name: web, namespace: shop }
      spec:
        podSelector: { matchLabels: { app: web } }
        policyTypes: [Ingress]
        ingress:
          - from: [{ podSelector: { matchLabels: { app: gateway } } }]
            ports: [{ port: 8080, protocol: TCP }]
    `],
  },
  admission: {
    kinds: ['NetworkPolicy'],
    // Every rule lists ports, and every port names one (the peers do not change the verdict).
    expression: ['ingress', 'egress'].map((d) => `(!has(object.spec) || !has(object.spec.${d}) || object.spec.${d}.all(r, has(r.ports) && size(r.ports) > 0 && r.ports.all(p, has(p.port))))`).join(' && '),
  },
  check: (obj) => {
    const out: Violation[] = [];
    for (const direction of ['ingress', 'egress'] as const) {
      const rules = getIn(obj, ['spec', direction]);
      if (!Array.isArray(rules)) continue;
      rules.forEach((r: unknown, i: number) => {
        const at = ['spec', direction, i];
        if (!isRecord(r)) return;
        const peers = r[PEERS[direction]];
        const hasPeers = Array.isArray(peers) && peers.length > 0;
        const ports = r.ports;
        if (!Array.isArray(ports) || ports.length === 0) {
          out.push(hasPeers
            ? { path: [...at, 'ports'], message: `${direction}[${i}] lists no ports, so it admits every port of its peers` }
            : { path: at, message: `${direction}[${i}] lists neither peers nor ports, so it admits all ${direction === 'ingress' ? 'incoming' : 'outgoing'} traffic` });
          return;
        }
        ports.forEach((p: unknown, j: number) => {
          if (!isRecord(p) || p.port === undefined || p.port === null) {
            out.push({ path: [...at, 'ports', j, 'port'], message: `${direction}[${i}].ports[${j}] has no port, so it admits every port of its protocol` });
          }
        });
      });
    }
    return out;
  },
});
