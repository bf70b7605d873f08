import { k8s } from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { orDefault, refuse } from './errors';
import { checkLabels, checkPortNumber } from './validate';

/** A copy that keeps every own key, "__proto__" included, so that the check sees what was given. */
function ownEntries(labels: Record<string, string>): Record<string, string> {
  // defineProperty keeps "__proto__" an own key of an ordinary object (cdk8s cannot render null-prototype ones).
  const out: Record<string, string> = {};
  if (typeof labels === 'object' && labels !== null) {
    for (const k of Object.keys(labels)) {
      Object.defineProperty(out, k, { value: labels[k], enumerable: true, writable: true, configurable: true });
    }
  }
  return out;
}

/** Who may talk to a workload, or whom it may talk to, in NetworkPolicy terms. */
export class Peer {
  /** Every pod of the workload's own namespace. */
  public static sameNamespace(): Peer {
    return new Peer({ podSelector: {} });
  }

  /** Pods of the workload's namespace that carry these labels. */
  public static pods(labels: Record<string, string>): Peer {
    return new Peer({ podSelector: { matchLabels: ownEntries(labels) } });
  }

  /** A workload built with this library (its pods' selector labels). */
  public static workload(w: { readonly selectorLabels: Record<string, string> }): Peer {
    return Peer.pods(w.selectorLabels);
  }

  /** Pods of another namespace (all of them, or those with these labels). */
  public static namespace(name: string, podLabels?: Record<string, string>): Peer {
    return new Peer({
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': name } },
      ...(podLabels ? { podSelector: { matchLabels: ownEntries(podLabels) } } : {}),
    });
  }

  /** An IP range outside the cluster, e.g. a managed database. */
  public static cidr(cidr: string, except: string[] = []): Peer {
    return new Peer({ ipBlock: { cidr, ...(except.length ? { except } : {}) } });
  }

  private constructor(public readonly spec: k8s.NetworkPolicyPeer) {}
}

export interface EgressRule {
  /** Where traffic may go. */
  readonly to: Peer;
  /** Which destination ports. */
  readonly ports: ReadonlyArray<{ readonly port: number; readonly protocol?: 'TCP' | 'UDP' }>;
}

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

function checkCidr(scope: IConstruct, prop: string, cidr: unknown): void {
  const m = typeof cidr === 'string' ? CIDR.exec(cidr) : null;
  if (!m || m.slice(1, 5).some((o) => Number(o) > 255) || Number(m[5]) > 32) refuse(scope, prop, cidr, 'an IPv4 CIDR such as "10.20.0.0/16"');
}

function ipv4(cidr: string): { net: number; bits: number } {
  const [addr, bits] = cidr.split('/');
  const n = addr.split('.').reduce((a, o) => a * 256 + Number(o), 0);
  return { net: n, bits: Number(bits) };
}

/** Whether `inner` is a smaller range inside `outer` (the API server wants each except that way). */
function strictlyInside(inner: string, outer: string): boolean {
  const i = ipv4(inner);
  const o = ipv4(outer);
  if (i.bits <= o.bits) return false;
  const size = 2 ** (32 - o.bits);
  return Math.floor(i.net / size) === Math.floor(o.net / size);
}

function checkPeer(scope: IConstruct, prop: string, p: unknown): k8s.NetworkPolicyPeer {
  if (!(p instanceof Peer)) refuse(scope, prop, p, 'a Peer (Peer.sameNamespace(), Peer.pods(…), Peer.workload(…), Peer.namespace(…), Peer.cidr(…))');
  const spec = p.spec;
  if (spec.ipBlock) {
    const cidr = spec.ipBlock.cidr;
    checkCidr(scope, `${prop}.cidr`, cidr);
    (spec.ipBlock.except ?? []).forEach((e, i) => {
      checkCidr(scope, `${prop}.except[${i}]`, e);
      if (!strictlyInside(e, cidr)) refuse(scope, `${prop}.except[${i}]`, e, `a range strictly inside ${cidr}`);
    });
  }
  if (spec.podSelector?.matchLabels) checkLabels(scope, `${prop}.podLabels`, spec.podSelector.matchLabels);
  const ns = spec.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'];
  if (spec.namespaceSelector && (typeof ns !== 'string' || ns.length > 63 || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(ns))) {
    refuse(scope, `${prop}.namespace`, ns, 'a namespace name (a DNS-1123 label)');
  }
  return spec;
}

export function renderIngressPeers(scope: IConstruct, prop: string, peers: readonly Peer[]): k8s.NetworkPolicyPeer[] {
  if (!Array.isArray(peers)) refuse(scope, prop, peers, 'a list of Peers');
  return peers.map((p, i) => checkPeer(scope, `${prop}[${i}]`, p));
}

const DNS_EGRESS: k8s.NetworkPolicyEgressRule = {
  ports: [{ port: k8s.IntOrString.fromNumber(53), protocol: 'UDP' }, { port: k8s.IntOrString.fromNumber(53), protocol: 'TCP' }],
};

/** DNS first (every workload resolves names), then what the user declares. */
export function renderEgress(scope: IConstruct, prop: string, rules: readonly EgressRule[]): k8s.NetworkPolicyEgressRule[] {
  if (!Array.isArray(rules)) refuse(scope, prop, rules, 'a list of { to: Peer, ports: [{ port, protocol }] }');
  return [DNS_EGRESS, ...(rules as readonly EgressRule[]).map((r, i) => {
    if (typeof r !== 'object' || r === null) refuse(scope, `${prop}[${i}]`, r, '{ to: Peer, ports: [{ port, protocol }] }');
    if (!Array.isArray(r.ports) || r.ports.length === 0) refuse(scope, `${prop}[${i}].ports`, r.ports, 'at least one destination port');
    return {
      to: [checkPeer(scope, `${prop}[${i}].to`, r.to)],
      ports: r.ports.map((p, j) => {
        if (typeof p !== 'object' || p === null) refuse(scope, `${prop}[${i}].ports[${j}]`, p, '{ port, protocol? }');
        const protocol = orDefault(scope, `${prop}[${i}].ports[${j}].protocol`, p.protocol, 'TCP');
        if (protocol !== 'TCP' && protocol !== 'UDP') refuse(scope, `${prop}[${i}].ports[${j}].protocol`, protocol, '"TCP" or "UDP"');
        return { port: k8s.IntOrString.fromNumber(checkPortNumber(scope, `${prop}[${i}].ports[${j}].port`, p.port)), protocol };
      }),
    };
  })];
}
