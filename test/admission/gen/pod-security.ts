import * as fc from 'fast-check';
import { maybe } from './common';

/*
 * The pod-security fields of pods and containers: host namespaces, users, privilege, SELinux,
 * AppArmor, seccomp, capabilities. Values are valid for the API, chosen to fall on both sides
 * of each rule.
 */

const seLinuxOptions = fc.record({
  user: maybe(fc.constantFrom('', 'system_u', 'unconfined_u')),
  role: maybe(fc.constantFrom('', 'system_r', 'object_r')),
  type: maybe(fc.constantFrom('', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t', 'spc_t', 'unconfined_t')),
  level: maybe(fc.constantFrom('s0:c123,c456', 's0')),
}, { requiredKeys: [] });

const appArmorProfile = fc.oneof(
  fc.constant({ type: 'RuntimeDefault' }),
  fc.constant({ type: 'Unconfined' }),
  fc.constantFrom('k8s-apparmor-example', 'my profile').map((p) => ({ type: 'Localhost', localhostProfile: p })),
);

const seccompProfile = fc.oneof(
  fc.constant({ type: 'RuntimeDefault' }),
  fc.constant({ type: 'Unconfined' }),
  fc.constant({ type: 'Localhost', localhostProfile: 'profiles/audit.json' }),
);

const userId = fc.constantFrom(0, 1, 101, 1000, 10001, 65534);

/** A pod's securityContext. */
export const podSecurityContext = fc.record({
  runAsNonRoot: maybe(fc.boolean()),
  runAsUser: maybe(userId),
  runAsGroup: maybe(userId),
  fsGroup: maybe(userId),
  seLinuxOptions: maybe(seLinuxOptions, 3),
  appArmorProfile: maybe(appArmorProfile, 3),
  seccompProfile: maybe(seccompProfile),
}, { requiredKeys: [] });

const capability = fc.constantFrom('ALL', 'NET_ADMIN', 'NET_BIND_SERVICE', 'SYS_ADMIN', 'CHOWN', 'all');

/** A container's securityContext. */
export const containerSecurityContext = fc.record({
  privileged: maybe(fc.boolean(), 2),
  allowPrivilegeEscalation: maybe(fc.boolean()),
  readOnlyRootFilesystem: maybe(fc.boolean()),
  runAsNonRoot: maybe(fc.boolean(), 2),
  runAsUser: maybe(userId, 2),
  runAsGroup: maybe(userId, 2),
  capabilities: maybe(fc.record({
    drop: maybe(fc.uniqueArray(capability, { maxLength: 2 })),
    add: maybe(fc.uniqueArray(capability, { maxLength: 2 }), 2),
  }, { requiredKeys: [] })),
  seLinuxOptions: maybe(seLinuxOptions, 4),
  appArmorProfile: maybe(appArmorProfile, 4),
  seccompProfile: maybe(seccompProfile, 2),
}, { requiredKeys: [] });

/** The pod spec's host fields. */
export const hostFields = fc.record({
  hostPID: maybe(fc.boolean(), 2),
  hostIPC: maybe(fc.boolean(), 2),
  hostNetwork: maybe(fc.boolean(), 2),
  shareProcessNamespace: maybe(fc.boolean(), 2),
}, { requiredKeys: [] });

/** AppArmor annotations of the pod (template) for its containers. */
export function appArmorAnnotations(containerNames: readonly string[]): fc.Arbitrary<Record<string, string>> {
  const value = fc.constantFrom('runtime/default', 'localhost/k8s-apparmor-example', 'unconfined', 'localhost/', 'localhost/a b');
  return fc.array(fc.tuple(fc.constantFrom(...containerNames), value), { maxLength: 2 })
    .map((pairs) => Object.fromEntries(pairs.map(([c, v]) => [`container.apparmor.security.beta.kubernetes.io/${c}`, v])));
}
