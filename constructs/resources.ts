import { k8s } from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { refuse } from './errors';
import { checkQuantity } from './validate';

/**
 * The CPU limit is a decision, never a default: CPU limits throttle a busy process even when the
 * node is idle, and many teams run without one. Choose a value, or none with the reason.
 */
export class CpuLimit {
  /** A CPU limit at or above the request, e.g. CpuLimit.of('500m'). */
  public static of(quantity: string): CpuLimit {
    return new CpuLimit(quantity, undefined);
  }

  /** No CPU limit; the reason is recorded as a suppression of the `cpu-limit` rule. */
  public static none(reason: string): CpuLimit {
    return new CpuLimit(undefined, reason);
  }

  private constructor(public readonly quantity: string | undefined, public readonly noneReason: string | undefined) {}
}

export interface ContainerResources {
  /** CPU request: what the container uses under normal load, e.g. "250m". */
  readonly cpu: string;
  /** Memory request: the working set under normal load, e.g. "256Mi". */
  readonly memory: string;
  /** Memory limit, at or above the request, with headroom over the peak, e.g. "512Mi". */
  readonly memoryLimit: string;
  /** CPU limit: CpuLimit.of('1') or CpuLimit.none('reason'). */
  readonly cpuLimit: CpuLimit;
}

/** Named sizes for teams that would rather pick a class than four numbers. */
export type SizeClass = 'nano' | 'small' | 'medium' | 'large' | 'xlarge';

export const SIZE_CLASSES: Record<SizeClass, ContainerResources> = {
  nano: { cpu: '50m', memory: '64Mi', memoryLimit: '128Mi', cpuLimit: CpuLimit.of('200m') },
  small: { cpu: '100m', memory: '128Mi', memoryLimit: '256Mi', cpuLimit: CpuLimit.of('500m') },
  medium: { cpu: '250m', memory: '512Mi', memoryLimit: '1Gi', cpuLimit: CpuLimit.of('1') },
  large: { cpu: '500m', memory: '1Gi', memoryLimit: '2Gi', cpuLimit: CpuLimit.of('2') },
  xlarge: { cpu: '1', memory: '2Gi', memoryLimit: '4Gi', cpuLimit: CpuLimit.of('4') },
};

export interface RenderedResources {
  readonly requirements: k8s.ResourceRequirements;
  /** The reason for running without a CPU limit, when that was the choice. */
  readonly noCpuLimitReason?: string;
  /** Requests and limits in base units (cores, bytes), for quota arithmetic. */
  readonly amounts: { cpu: number; memory: number; memoryLimit: number; cpuLimit?: number };
}

export function renderResources(scope: IConstruct, prop: string, value: ContainerResources | SizeClass): RenderedResources {
  let r: ContainerResources;
  if (typeof value === 'string') {
    if (!(value in SIZE_CLASSES)) refuse(scope, prop, value, `a size class (${Object.keys(SIZE_CLASSES).join(', ')}) or { cpu, memory, memoryLimit, cpuLimit }`);
    r = SIZE_CLASSES[value];
  } else if (typeof value !== 'object' || value === null) {
    refuse(scope, prop, value, 'a size class or { cpu, memory, memoryLimit, cpuLimit }');
  } else {
    r = value;
  }
  const cpu = checkQuantity(scope, `${prop}.cpu`, r.cpu, 'cpu');
  const memory = checkQuantity(scope, `${prop}.memory`, r.memory, 'memory');
  const memoryLimit = checkQuantity(scope, `${prop}.memoryLimit`, r.memoryLimit, 'memory');
  if (memory > memoryLimit) {
    refuse(scope, `${prop}.memory`, r.memory, `at most the memory limit (${r.memoryLimit}): a request above the limit cannot be scheduled`);
  }
  if (!(r.cpuLimit instanceof CpuLimit)) {
    refuse(scope, `${prop}.cpuLimit`, r.cpuLimit, 'CpuLimit.of(quantity) or CpuLimit.none(reason): running with or without a CPU limit is a decision to write down');
  }
  let cpuLimit: number | undefined;
  if (r.cpuLimit.quantity !== undefined) {
    cpuLimit = checkQuantity(scope, `${prop}.cpuLimit`, r.cpuLimit.quantity, 'cpu');
    if (cpu > cpuLimit) refuse(scope, `${prop}.cpu`, r.cpu, `at most the CPU limit (${r.cpuLimit.quantity})`);
  }
  const q = k8s.Quantity.fromString;
  return {
    requirements: {
      requests: { cpu: q(r.cpu), memory: q(r.memory) },
      limits: { ...(r.cpuLimit.quantity !== undefined ? { cpu: q(r.cpuLimit.quantity) } : {}), memory: q(r.memoryLimit) },
    },
    noCpuLimitReason: r.cpuLimit.noneReason,
    amounts: { cpu, memory, memoryLimit, ...(cpuLimit !== undefined ? { cpuLimit } : {}) },
  };
}
