import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';

/**
 * Typed wrappers for the Istio fields this library emits (networking.istio.io/v1beta1, which
 * every Istio release since 1.5 serves). Only what we write is typed; nothing is fetched.
 */

export interface IstioOutlierDetection {
  /** Consecutive 5xx answers (or connection failures) that eject a host. */
  readonly consecutive5xxErrors: number;
  /** How often hosts are analysed, e.g. "10s". */
  readonly interval: string;
  /** How long a host stays ejected (times the number of ejections), e.g. "30s". */
  readonly baseEjectionTime: string;
  /** The most hosts (in percent) that may be ejected at once. */
  readonly maxEjectionPercent: number;
}

export interface IstioConnectionPool {
  readonly tcp?: { readonly maxConnections?: number; readonly connectTimeout?: string };
  readonly http?: { readonly http1MaxPendingRequests?: number };
}

export interface DestinationRuleSpec {
  /** The service, as a fully qualified name (`web.shop.svc.cluster.local`). */
  readonly host: string;
  readonly trafficPolicy: {
    readonly outlierDetection: IstioOutlierDetection;
    readonly connectionPool?: IstioConnectionPool;
  };
}

export interface VirtualServiceSpec {
  readonly hosts: readonly string[];
  readonly http: ReadonlyArray<{
    /** The whole call's timeout, e.g. "1s". */
    readonly timeout: string;
    readonly route: ReadonlyArray<{ readonly destination: { readonly host: string } }>;
  }>;
}

export interface IstioDestinationRuleProps {
  readonly metadata: ApiObjectMetadata;
  readonly spec: DestinationRuleSpec;
}

export interface IstioVirtualServiceProps {
  readonly metadata: ApiObjectMetadata;
  readonly spec: VirtualServiceSpec;
}

export class IstioDestinationRule extends ApiObject {
  public static readonly GVK = { apiVersion: 'networking.istio.io/v1beta1', kind: 'DestinationRule' };
  constructor(scope: Construct, id: string, props: IstioDestinationRuleProps) {
    super(scope, id, { ...IstioDestinationRule.GVK, metadata: props.metadata, spec: props.spec });
  }
}

export class IstioVirtualService extends ApiObject {
  public static readonly GVK = { apiVersion: 'networking.istio.io/v1beta1', kind: 'VirtualService' };
  constructor(scope: Construct, id: string, props: IstioVirtualServiceProps) {
    super(scope, id, { ...IstioVirtualService.GVK, metadata: props.metadata, spec: props.spec });
  }
}
