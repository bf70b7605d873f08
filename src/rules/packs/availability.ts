import { hpaMinReplicas } from '../hpa-min-replicas';
import { minimumReplicas } from '../minimum-replicas';
import { pdbNoZeroDisruptions } from '../pdb-no-zero-disruptions';
import { pdbRequired } from '../pdb-required';
import { pdbUnhealthyPodEvictionPolicy } from '../pdb-unhealthy-pod-eviction-policy';
import { pid1Init } from '../pid1-init';
import { podAntiAffinity } from '../pod-anti-affinity';
import { rollingUpdateMaxUnavailable } from '../rolling-update-max-unavailable';
import { pdbBudget } from '../pdb-budget';
import { Rule } from '../../engine/rule';
import { topologySpread } from '../topology-spread';

/** Replicas, disruption budgets, rollouts and spreading. */
export const AVAILABILITY_RULES: Rule[] = [
  pdbRequired,
  minimumReplicas,
  hpaMinReplicas,
  rollingUpdateMaxUnavailable,
  pdbNoZeroDisruptions,
  pdbBudget,
  pdbUnhealthyPodEvictionPolicy,
  topologySpread,
  podAntiAffinity,
  pid1Init,
];
