import { K8sObject, LabelSelector, getIn, namespaceOf, selectorMatches } from '../k8s/manifest';
import { podRule, example } from '../engine/rule';

// podSelector is not a pointer in the API: an omitted one is the empty selector, every pod.
const podSelector = (np: K8sObject): LabelSelector => getIn(np, ['spec', 'podSelector']) ?? {};

export const networkPolicyCoverage = podRule({
  id: 'network-policy-coverage',
  pack: 'network',
  title: 'Every workload is selected by a NetworkPolicy',
  severity: 'error',
  pattern: null,
  description: 'Pods no NetworkPolicy selects accept traffic from, and send it to, anything in the cluster; one compromised pod can then reach every other.',
  scope: 'pod templates of every workload, against the NetworkPolicies of their namespace',
  equivalents: { polaris: ['missingNetworkPolicy'], kyverno: ['require-network-policy'] },
  remediation: 'Add a default-deny NetworkPolicy (podSelector: {}, policyTypes: [Ingress, Egress]) to the namespace, then a NetworkPolicy per workload admitting only the traffic it declares (ProductionDeployment and QuotaNamespace add them).',
  suppressible: true,
  examples: {
    violating: [example`
      apiVersion: apps/v1
      kind: Deployment
      metadata: { name: web, namespace: shop }
      spec:
        replicas: 3
        selector: { matchLabels: { app: web } }
        template:
          metadata: { labels: { app: web } }
          spec:
            containers:
              - name: app
                image: registry.example.com/shop/web:1.4.2
      ---
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata: { name: api, namespace: shop }
      spec:
        podSelector: { matchLabels: { app: api } } # selects the api pods, not web
        policyTypes: [Ingress]
    `],
    compliant: [example`
      apiVersion: apps/v1
      kind: Deployment
      metadata: { name: web, namespace: shop }
      spec:
        replicas: 3
        selector: { matchLabels: { app: web } }
        template:
          metadata: { labels: { app: web } }
          spec:
            containers:
              - name: app
                image: registry.example.com/shop/web:1.4.2
      ---
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata: { name: default-deny, namespace: shop }
      spec:
        podSelector: {} # every pod of the namespace
        policyTypes: [Ingress, Egress]
    `],
  },
  admission: {
    gate: 'synth-and-ci',
    reason: 'whether a workload\'s pods are selected by a NetworkPolicy takes the NetworkPolicies of its namespace: other objects than the one admitted',
  },
  check: (pod, obj, { index }) => {
    const ns = namespaceOf(obj);
    const covered = index.selectorIndex(ns, 'NetworkPolicy', 'spec.podSelector', podSelector).some(pod.labels, selectorMatches);
    if (covered) return [];
    return [{
      path: [...pod.metadataPath, 'labels'],
      message: `no NetworkPolicy in namespace ${JSON.stringify(ns)} selects these pods (labels ${JSON.stringify(pod.labels)})`,
    }];
  },
});
