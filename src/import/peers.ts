import { K8sObject, getIn, isRecord } from '../k8s/manifest';
import { Code, Decision, Value, str } from './code';

/** A NetworkPolicy peer as the Peer expression that makes it, or a decision when none does. */
export function peerCode(peer: unknown, where: string): Value {
  if (!isRecord(peer)) return new Decision('network-policy-coverage', `${where}: a peer that is not an object`);
  const keys = Object.keys(peer);
  const labels = (sel: unknown): Record<string, string> | undefined => {
    if (!isRecord(sel)) return undefined;
    if (sel.matchExpressions !== undefined && !(Array.isArray(sel.matchExpressions) && sel.matchExpressions.length === 0)) return undefined;
    const m = sel.matchLabels ?? {};
    return isRecord(m) && Object.values(m).every((v) => typeof v === 'string') ? m as Record<string, string> : undefined;
  };
  if (keys.length === 1 && keys[0] === 'ipBlock' && isRecord(peer.ipBlock) && typeof peer.ipBlock.cidr === 'string') {
    const except = Array.isArray(peer.ipBlock.except) ? peer.ipBlock.except.filter((e: unknown): e is string => typeof e === 'string') : [];
    return new Code(`Peer.cidr(${str(peer.ipBlock.cidr)}${except.length ? `, [${except.map(str).join(', ')}]` : ''})`);
  }
  if (keys.length === 1 && keys[0] === 'podSelector') {
    const l = labels(peer.podSelector);
    if (l) return new Code(Object.keys(l).length === 0 ? 'Peer.sameNamespace()' : `Peer.pods(${labelsCode(l)})`);
  }
  if (keys.includes('namespaceSelector') && keys.every((k) => k === 'namespaceSelector' || k === 'podSelector')) {
    const ns = labels(peer.namespaceSelector);
    const pods = peer.podSelector === undefined ? {} : labels(peer.podSelector);
    const name = ns?.['kubernetes.io/metadata.name'];
    if (ns && pods && typeof name === 'string' && Object.keys(ns).length === 1) {
      return new Code(`Peer.namespace(${str(name)}${Object.keys(pods).length ? `, ${labelsCode(pods)}` : ''})`);
    }
  }
  return new Decision('network-policy-coverage', `${where}: the peer ${JSON.stringify(peer)} has no Peer form (pods by labels, a namespace by name, a CIDR); choose the peers it means`);
}

export function labelsCode(labels: Record<string, string>): string {
  const entries = Object.entries(labels).map(([k, v]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : str(k)}: ${str(v)}`);
  return `{ ${entries.join(', ')} }`;
}

/** Whether a NetworkPolicy egress rule is the DNS rule every construct writes itself. */
export function isDnsRule(rule: unknown): boolean {
  if (!isRecord(rule) || rule.to !== undefined && !(Array.isArray(rule.to) && rule.to.length === 0)) return false;
  const ports = rule.ports;
  return Array.isArray(ports) && ports.length > 0 && ports.every((p) => isRecord(p) && (p.port === 53 || p.port === '53'));
}

/** The ingress peers and egress rules of the NetworkPolicies that select a workload, as construct props. */
export function networkProps(policies: readonly K8sObject[], where: string, portNames: ReadonlyMap<number, string>, proxied?: string): {
  ingressFrom?: Value; egress?: Value; notes: string[];
} {
  const notes: string[] = [];
  const ingress: Value[] = [];
  const egress: Value[] = [];
  let sawIngress = false;
  let sawEgress = false;
  for (const np of policies) {
    const types = getIn(np, ['spec', 'policyTypes']);
    const ing = getIn(np, ['spec', 'ingress']);
    const eg = getIn(np, ['spec', 'egress']);
    if (!Array.isArray(types) || types.includes('Ingress') || ing !== undefined) sawIngress = true;
    if ((Array.isArray(types) && types.includes('Egress')) || eg !== undefined) sawEgress = true;
    for (const [i, r] of (Array.isArray(ing) ? ing : []).entries()) {
      const from = getIn(r, ['from']);
      if (from === undefined) {
        ingress.push(new Decision('network-policy-coverage', `${where}: ingress rule ${i} of NetworkPolicy/${np.metadata?.name} admits every source; name the peers`));
        continue;
      }
      for (const p of Array.isArray(from) ? from : []) ingress.push(peerCode(p, `${where}: ingress of NetworkPolicy/${np.metadata?.name}`));
      const ports = getIn(r, ['ports']);
      const names = new Set(Array.isArray(ports) ? ports.map((p) => {
        const v = getIn(p, ['port']);
        return typeof v === 'number' ? portNames.get(v) ?? String(v) : String(v);
      }) : []);
      const open = new Set([...portNames.values()].filter((n) => !proxied || n !== proxied).concat(proxied ? ['proxy'] : []));
      const same = names.size === open.size && [...names].every((n) => open.has(n));
      if (Array.isArray(ports) && ports.length && !same) notes.push(`${where}: ingress is opened on the declared ports of the construct, not only ${JSON.stringify(ports.map((p) => p?.port))} as NetworkPolicy/${np.metadata?.name} had`);
    }
    for (const [i, r] of (Array.isArray(eg) ? eg : []).entries()) {
      if (isDnsRule(r)) continue;
      const ports = Array.isArray(getIn(r, ['ports'])) ? getIn(r, ['ports']) as unknown[] : [];
      const portValues: Value[] = ports.map((p) => {
        const n = getIn(p, ['port']);
        const number = typeof n === 'number' ? n : undefined;
        const protocol = getIn(p, ['protocol']);
        if (number === undefined) {
          return new Decision('network-policy-rules-bounded', `${where}: egress rule ${i} of NetworkPolicy/${np.metadata?.name} names port ${JSON.stringify(n)}; give its number`);
        }
        return protocol && protocol !== 'TCP' ? { port: number, protocol } : { port: number };
      });
      const ports2: Value = portValues.length ? portValues
        : new Decision('network-policy-rules-bounded', `${where}: egress rule ${i} of NetworkPolicy/${np.metadata?.name} allows every port; list the ports`);
      const to = getIn(r, ['to']);
      const peers = Array.isArray(to) && to.length ? to : undefined;
      if (!peers) {
        egress.push({ to: new Decision('network-policy-rules-bounded', `${where}: egress rule ${i} of NetworkPolicy/${np.metadata?.name} allows every destination; name it`), ports: ports2 });
        continue;
      }
      for (const p of peers) egress.push({ to: peerCode(p, `${where}: egress of NetworkPolicy/${np.metadata?.name}`), ports: ports2 });
    }
  }
  return {
    ...(sawIngress ? { ingressFrom: ingress } : {}),
    ...(sawEgress ? { egress } : {}),
    notes,
  };
}
