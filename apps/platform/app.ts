import { ApiObject, Chart } from 'cdk8s';
import { ProductionApp, admissionPolicies } from 'cdk8s-prod';

/**
 * The platform: the catalogue as the cluster's admission policies, so that what any path applies
 * (kubectl, Helm, an operator) meets the rules the apps' synth and CI meet. Sync dist/platform
 * before the apps. ValidatingAdmissionPolicy v1beta1 is what Kubernetes 1.28 and 1.29 serve (behind
 * their feature gate); on 1.30 and later write `vapVersion: 'v1'`.
 */
export function build(app: ProductionApp): void {
  const chart = new Chart(app, 'platform', { disableResourceNameHashes: true });
  const { objects } = admissionPolicies({ format: 'vap', vapVersion: 'v1beta1', mode: 'deny' });
  for (const policy of objects) new ApiObject(chart, `${policy.kind}-${policy.metadata!.name}`, policy);
}
