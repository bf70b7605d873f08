import { getIn } from '../k8s/manifest';
import { isUnset, isWholeNumber } from './_values';
import { objectRule, example } from '../engine/rule';

const MIN_REPLICAS = 2;

export const hpaMinReplicas = objectRule({
  id: 'hpa-min-replicas',
  pack: 'availability',
  title: 'Autoscalers keep at least two pods and can scale',
  severity: 'error',
  pattern: null,
  description: 'An autoscaler that may scale down to one pod leaves the workload down during every rollout, eviction and node failure; one whose maximum is not above its minimum cannot scale at all.',
  kinds: ['HorizontalPodAutoscaler'],
  equivalents: { kubeLinter: ['hpa-minimum-three-replicas'], polaris: ['hpaMinAvailability', 'hpaMaxAvailability'] },
  remediation: `Set spec.minReplicas to ${MIN_REPLICAS} or more and spec.maxReplicas above it.`,
  suppressible: true,
  examples: {
    violating: [example`
      apiVersion: autoscaling/v2
      kind: HorizontalPodAutoscaler
      metadata: { name: web, namespace: shop }
      spec:
        scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: web }
        minReplicas: 1 # at night it scales down to a single pod
        maxReplicas: 10
        metrics:
          - type: Resource
            resource: { name: cpu, target: { type: Utilization, averageUtilization: 70 } }
    `, example`
      apiVersion: autoscaling/v2
      kind: HorizontalPodAutoscaler
      metadata: { name: web, namespace: shop }
      spec:
        scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: web }
        minReplicas: 3
        maxReplicas: 3 # no room to scale out
        metrics:
          - type: Resource
            resource: { name: cpu, target: { type: Utilization, averageUtilization: 70 } }
    `],
    compliant: [example`
      apiVersion: autoscaling/v2
      kind: HorizontalPodAutoscaler
      metadata: { name: web, namespace: shop }
      spec:
        scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: web }
        minReplicas: 3
        maxReplicas: 10
        metrics:
          - type: Resource
            resource: { name: cpu, target: { type: Utilization, averageUtilization: 70 } }
    `],
  },
  admission: {
    kinds: ['HorizontalPodAutoscaler'],
    expression: `has(object.spec) && has(object.spec.minReplicas) && type(object.spec.minReplicas) == int && object.spec.minReplicas >= ${MIN_REPLICAS}`
      + ' && has(object.spec.maxReplicas) && type(object.spec.maxReplicas) == int && object.spec.maxReplicas > object.spec.minReplicas',
    note: 'an autoscaler without minReplicas arrives with the default 1, which the rule refuses as check does',
  },
  check: (obj) => {
    const out = [];
    const minPath = ['spec', 'minReplicas'];
    const maxPath = ['spec', 'maxReplicas'];
    const rawMin = getIn(obj, minPath);
    const rawMax = getIn(obj, maxPath);
    const min = isUnset(rawMin) ? 1 : rawMin;
    if (isUnset(rawMin)) out.push({ path: minPath, message: 'minReplicas is not set, so it scales down to 1 pod' });
    else if (!isWholeNumber(min)) out.push({ path: minPath, message: `minReplicas is ${JSON.stringify(min)}, not a whole number` });
    else if (min < MIN_REPLICAS) out.push({ path: minPath, message: `minReplicas is ${min}, so it scales down to ${min === 1 ? 'a single pod' : `${min} pods`}` });
    if (isUnset(rawMax)) out.push({ path: maxPath, message: 'maxReplicas is not set' });
    else if (!isWholeNumber(rawMax)) out.push({ path: maxPath, message: `maxReplicas is ${JSON.stringify(rawMax)}, not a whole number` });
    else if (isWholeNumber(min) && rawMax <= min) out.push({ path: maxPath, message: `maxReplicas is ${rawMax}, not above minReplicas ${min}, so it cannot scale out` });
    return out;
  },
});
