import { podRule } from '../engine/rule';

export const noHostNetwork = podRule({
  id: 'no-host-network',
  pack: 'pod-security',
  title: 'No host network',
  severity: 'error',
  pattern: null,
  description: 'A pod on the host network sees every interface of the node, can bind the node\'s ports and is not isolated by NetworkPolicies.',
  equivalents: { kubeLinter: ['host-network'], polaris: ['hostNetworkSet'], kyverno: ['disallow-host-namespaces'], pss: ['baseline:host-namespaces'] },
  remediation: 'Remove hostNetwork from the pod spec (or set it to false) and expose the pod through a Service.',
  suppressible: false,
  check: (pod) => (pod.spec.hostNetwork === true
    ? [{ path: [...pod.specPath, 'hostNetwork'], message: 'the pod shares the node\'s network namespace (hostNetwork: true)' }]
    : []),
});
