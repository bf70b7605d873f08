import { imageRegistryAllowed } from '../image-registry-allowed';
import { cpuLimit } from '../cpu-limit';
import { cpuRequest } from '../cpu-request';
import { imageNotLatest } from '../image-not-latest';
import { imagePullPolicy } from '../image-pull-policy';
import { imageTagRequired } from '../image-tag-required';
import { livenessPort } from '../liveness-port';
import { livenessProbe } from '../liveness-probe';
import { memoryLimit } from '../memory-limit';
import { memoryRequest } from '../memory-request';
import { probeInitialDelay } from '../probe-initial-delay';
import { probePortNamed } from '../probe-port-named';
import { probesDistinct } from '../probes-distinct';
import { readinessPort } from '../readiness-port';
import { readinessProbe } from '../readiness-probe';
import { requestsWithinLimits } from '../requests-within-limits';
import { startupPort } from '../startup-port';
import { imageDigestRequired } from '../image-digest-required';
import { imageMovingTag } from '../image-moving-tag';
import { Rule } from '../../engine/rule';

/** Probes, resources and images of each container. */
export const CONTAINER_RULES: Rule[] = [
  livenessProbe, readinessProbe, probesDistinct,
  livenessPort, readinessPort, startupPort,
  probePortNamed, probeInitialDelay,
  cpuRequest, memoryRequest, memoryLimit, cpuLimit, requestsWithinLimits,
  imageTagRequired, imageNotLatest, imageMovingTag, imageDigestRequired, imagePullPolicy, imageRegistryAllowed,
];
