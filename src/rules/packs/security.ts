import { automountServiceAccountToken } from '../automount-service-account-token';
import { dedicatedServiceAccount } from '../dedicated-service-account';
import { dropAllCapabilities } from '../drop-all-capabilities';
import { noAddedCapabilities } from '../no-added-capabilities';
import { noBarePod } from '../no-bare-pod';
import { noHostIpc } from '../no-host-ipc';
import { noHostNetwork } from '../no-host-network';
import { noHostPath } from '../no-host-path';
import { noHostPid } from '../no-host-pid';
import { noHostPort } from '../no-host-port';
import { noPrivilegeEscalation } from '../no-privilege-escalation';
import { noPrivileged } from '../no-privileged';
import { readOnlyRootFilesystem } from '../read-only-root-filesystem';
import { appArmorConfined, seLinuxRestricted } from '../confinement';
import { fieldTypes } from '../field-types';
import { Rule } from '../../engine/rule';
import { runAsNonRoot } from '../run-as-non-root';
import { runAsUserNumeric } from '../run-as-user-numeric';
import { seccompProfile } from '../seccomp-profile';

/** Pod and container security: PSS restricted and host isolation. */
export const SECURITY_RULES: Rule[] = [
  noBarePod,
  readOnlyRootFilesystem,
  runAsNonRoot,
  runAsUserNumeric,
  noPrivilegeEscalation,
  noPrivileged,
  dropAllCapabilities,
  noAddedCapabilities,
  seccompProfile,
  appArmorConfined,
  seLinuxRestricted,
  noHostNetwork,
  fieldTypes,
  noHostPid,
  noHostIpc,
  noHostPath,
  noHostPort,
  automountServiceAccountToken,
  dedicatedServiceAccount,
];
