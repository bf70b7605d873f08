import { audit } from '../catalogue/audit';
import { CATALOGUE } from '../catalogue';
import { Finding } from '../engine/finding';
import { PROXIED_PORT_ANNOTATION, SUPPRESS_PREFIX } from '../k8s/annotations';
import { applicableObjects } from '../k8s/lists';
import { PROXY_CONFIG_VOLUME, proxyConfigOf } from '../k8s/proxy-config';
import {
  K8sObject, getIn, isRecord, mapSelectorMatches, nameOf, namespaceOf, podTemplateOf, selectorMatches,
} from '../k8s/manifest';
import { QuotaUsage, budgetReport } from '../k8s/quota';

/*
 * What the report shows of one app, computed from its manifests alone: the topology (workloads,
 * the Services in front of them, our proxies, the peers their NetworkPolicies name), the quota
 * each namespace's workloads claim at once, the suppressions and their reasons, the findings,
 * and the workshop patterns each workload holds.
 */

export type NodeKind = 'workload' | 'batch' | 'service' | 'proxy' | 'peer';

export interface TopologyNode {
  readonly id: string;
  readonly kind: NodeKind;
  /** `Deployment/web`, `Service/web`, `proxy of web`, `namespace ingress-nginx`, `10.20.0.0/16`. */
  readonly label: string;
  /** The namespace it is drawn in; peers outside the app have none. */
  readonly namespace?: string;
  readonly detail: string[];
}

export interface TopologyEdge {
  readonly from: string;
  readonly to: string;
  /** `selects`, `proxies`, or the ports a NetworkPolicy opens (`TCP 5432`). */
  readonly label: string;
}

export interface AppReport {
  readonly name: string;
  readonly objects: number;
  readonly namespaces: string[];
  readonly nodes: TopologyNode[];
  readonly edges: TopologyEdge[];
  readonly quota: QuotaUsage[];
  readonly suppressions: Array<{ object: string; rule: string; reason: string }>;
  readonly findings: Finding[];
  readonly patterns: Array<{ object: string; patterns: number[] }>;
}

const WORKLOADS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod'];
const LONG_RUNNING_PATTERNS = [2, 3, 4, 5, 6, 7, 8, 10];
const BATCH_PATTERNS = [2, 3, 5, 6, 7, 9, 10];

function id(o: K8sObject): string {
  return `${namespaceOf(o)}/${o.kind}/${nameOf(o)}`;
}

function portsLabel(ports: unknown): string {
  if (!Array.isArray(ports) || ports.length === 0) return 'all ports';
  return ports.map((p) => `${getIn(p, ['protocol']) ?? 'TCP'} ${getIn(p, ['port']) ?? 'any'}`).join(', ');
}

/** The report of one app's objects. */
export function appReport(name: string, input: readonly K8sObject[]): AppReport {
  const objects = applicableObjects(input);
  const nodes = new Map<string, TopologyNode>();
  const edges = new Map<string, TopologyEdge>();
  const addEdge = (from: string, to: string, label: string) => {
    const key = `${from}->${to}`;
    const had = edges.get(key);
    if (had && had.label.split('; ').includes(label)) return;
    edges.set(key, { from, to, label: had ? `${had.label}; ${label}` : label });
  };
  const workloads = objects.filter((o) => WORKLOADS.includes(o.kind) && podTemplateOf(o));
  const proxies = new Map<string, string>();
  for (const w of workloads) {
    const pod = podTemplateOf(w)!;
    const batch = w.kind === 'Job' || w.kind === 'CronJob';
    const detail = [
      w.kind === 'CronJob' ? `schedule ${getIn(w, ['spec', 'schedule'])}` : '',
      typeof getIn(w, ['spec', 'replicas']) === 'number' ? `${getIn(w, ['spec', 'replicas'])} replicas` : '',
    ].filter(Boolean);
    nodes.set(id(w), { id: id(w), kind: batch ? 'batch' : 'workload', label: `${w.kind}/${nameOf(w)}`, namespace: namespaceOf(w), detail });
    const fronted = getIn(w, [...pod.metadataPath, 'annotations', PROXIED_PORT_ANNOTATION]);
    if (typeof fronted === 'string') {
      const conf = proxyConf(w, objects);
      const what = [/max_fails=/.test(conf) ? 'circuit breaker' : '', /limit_req /.test(conf) ? 'rate limit' : ''].filter(Boolean);
      const pid = `${id(w)}/proxy`;
      proxies.set(id(w), pid);
      nodes.set(pid, { id: pid, kind: 'proxy', label: `proxy of ${nameOf(w)}`, namespace: namespaceOf(w), detail: what.length ? what : ['nginx sidecar'] });
      addEdge(pid, id(w), `proxies ${fronted}`);
    }
  }
  for (const s of objects.filter((o) => o.kind === 'Service')) {
    const selector = getIn(s, ['spec', 'selector']);
    if (!isRecord(selector) || Object.keys(selector).length === 0) continue;
    const targets = workloads.filter((w) => namespaceOf(w) === namespaceOf(s) && mapSelectorMatches(selector, podTemplateOf(w)!.labels));
    if (targets.length === 0) continue;
    const headless = getIn(s, ['spec', 'clusterIP']) === 'None';
    const local = getIn(s, ['spec', 'internalTrafficPolicy']) === 'Local';
    nodes.set(id(s), {
      id: id(s), kind: 'service', label: `Service/${nameOf(s)}`, namespace: namespaceOf(s),
      detail: [headless ? 'headless' : local ? 'node-local' : String(getIn(s, ['spec', 'type']) ?? 'ClusterIP')],
    });
    for (const w of targets) {
      const ports = getIn(s, ['spec', 'ports']);
      const viaProxy = Array.isArray(ports) && ports.some((p) => getIn(p, ['targetPort']) === 'proxy');
      addEdge(id(s), viaProxy && proxies.has(id(w)) ? proxies.get(id(w))! : id(w), 'selects');
    }
  }
  const peerNode = (peer: unknown, ns: string): string[] => {
    if (!isRecord(peer)) return [];
    if (isRecord(peer.ipBlock) && typeof peer.ipBlock.cidr === 'string') {
      const pid = `peer/cidr/${peer.ipBlock.cidr}`;
      nodes.set(pid, { id: pid, kind: 'peer', label: peer.ipBlock.cidr, detail: ['IP range'] });
      return [pid];
    }
    const nsName = getIn(peer, ['namespaceSelector', 'matchLabels', 'kubernetes.io/metadata.name']);
    if (peer.namespaceSelector !== undefined) {
      const label = typeof nsName === 'string' ? `namespace ${nsName}` : 'some namespaces';
      const pid = `peer/namespace/${typeof nsName === 'string' ? nsName : JSON.stringify(peer.namespaceSelector)}`;
      nodes.set(pid, { id: pid, kind: 'peer', label, detail: peer.podSelector ? ['some pods'] : ['every pod'] });
      return [pid];
    }
    if (isRecord(peer.podSelector)) {
      const matches = workloads.filter((w) => namespaceOf(w) === ns && selectorMatches(peer.podSelector, podTemplateOf(w)!.labels));
      if (matches.length) return matches.map(id);
      const pid = `peer/pods/${ns}/${JSON.stringify(peer.podSelector)}`;
      nodes.set(pid, { id: pid, kind: 'peer', label: `pods ${JSON.stringify(getIn(peer, ['podSelector', 'matchLabels']) ?? {})}`, namespace: ns, detail: ['no workload here'] });
      return [pid];
    }
    return [];
  };
  for (const np of objects.filter((o) => o.kind === 'NetworkPolicy')) {
    const sel = getIn(np, ['spec', 'podSelector']);
    if (!isRecord(sel) || Object.keys(sel).length === 0) continue;
    const ns = namespaceOf(np);
    const selected = workloads.filter((w) => namespaceOf(w) === ns && selectorMatches(sel, podTemplateOf(w)!.labels));
    for (const w of selected) {
      const target = proxies.get(id(w)) ?? id(w);
      for (const r of Array.isArray(getIn(np, ['spec', 'ingress'])) ? getIn(np, ['spec', 'ingress']) as unknown[] : []) {
        for (const p of Array.isArray(getIn(r, ['from'])) ? getIn(r, ['from']) as unknown[] : []) {
          for (const from of peerNode(p, ns)) if (from !== id(w)) addEdge(from, target, portsLabel(getIn(r, ['ports'])));
        }
      }
      for (const r of Array.isArray(getIn(np, ['spec', 'egress'])) ? getIn(np, ['spec', 'egress']) as unknown[] : []) {
        for (const p of Array.isArray(getIn(r, ['to'])) ? getIn(r, ['to']) as unknown[] : []) {
          for (const to of peerNode(p, ns)) if (to !== id(w)) addEdge(id(w), proxies.get(to) ?? to, portsLabel(getIn(r, ['ports'])));
        }
      }
    }
  }

  const report = audit(objects.map((object) => ({ object })));
  const findings = [...report.findings];
  const suppressions: AppReport['suppressions'] = [];
  for (const o of objects) {
    const pod = podTemplateOf(o);
    const sources = [getIn(o, ['metadata', 'annotations']), pod ? getIn(o, [...pod.metadataPath, 'annotations']) : undefined];
    for (const a of sources) {
      if (!isRecord(a)) continue;
      for (const [k, v] of Object.entries(a)) {
        if (k.startsWith(SUPPRESS_PREFIX) && typeof v === 'string' && !suppressions.some((s) => s.object === `${o.kind}/${nameOf(o)}` && s.rule === k.slice(SUPPRESS_PREFIX.length))) {
          suppressions.push({ object: `${o.kind}/${nameOf(o)}`, rule: k.slice(SUPPRESS_PREFIX.length), reason: v });
        }
      }
    }
  }
  const patternOf = new Map(CATALOGUE.map((r) => [r.id, r.pattern]));
  const patterns = workloads.map((w) => {
    const batch = w.kind === 'Job' || w.kind === 'CronJob';
    const own = findings.filter((f) => f.kind === w.kind && f.name === nameOf(w) && f.namespace === namespaceOf(w));
    const broken = new Set(own.map((f) => patternOf.get(f.rule)));
    const held = (batch ? BATCH_PATTERNS : LONG_RUNNING_PATTERNS).filter((p) => !broken.has(p));
    const pod = podTemplateOf(w)!;
    // Configuration from outside the image (pattern 11): a ConfigMap the app mounts or reads, not our proxy's own.
    const volumes = Array.isArray(pod.spec.volumes) ? pod.spec.volumes.filter((v: any) => v?.name !== PROXY_CONFIG_VOLUME) : [];
    const usesConfig = volumes.some((v: any) => isRecord(v?.configMap)) || JSON.stringify(pod.spec.containers ?? []).includes('configMapRef');
    if (usesConfig) held.push(11);
    const conf = proxies.has(id(w)) ? proxyConf(w, objects) : '';
    if (/max_fails=/.test(conf)) held.push(12);
    if (/limit_req /.test(conf)) held.push(13);
    return { object: `${w.kind}/${nameOf(w)}`, patterns: held.sort((a, b) => a - b) };
  });
  const namespaces = [...new Set(objects.map(namespaceOf).filter((n) => n !== ''))].sort();
  return {
    name, objects: objects.length, namespaces, nodes: [...nodes.values()], edges: [...edges.values()],
    quota: budgetReport(objects), suppressions, findings, patterns,
  };
}

function proxyConf(w: K8sObject, objects: readonly K8sObject[]): string {
  return proxyConfigOf(w, podTemplateOf(w)!, objects)?.conf ?? '';
}
