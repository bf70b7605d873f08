import { LONG_RUNNING_KINDS, POD_TEMPLATE_KINDS } from '../engine/cel';
import { PORT_HANDLERS, PROBE_HANDLERS, ProbeField } from './_probes';

/*
 * The probe rules as CEL over container `c`, reading the probe as the API server holds it (one
 * handler, httpGet's path and scheme defaulted), as the TypeScript helpers of _probes.ts read it.
 */

export { LONG_RUNNING_KINDS, POD_TEMPLATE_KINDS };

/** The probe `p` (a CEL path) has a handler. */
export const celHasHandler = (p: string) => `(${PROBE_HANDLERS.map((h) => `has(${p}.${h})`).join(' || ')})`;

/** The container `c` declares the port `x` (a number by containerPort, a string by name), as portIsDeclared. */
export const celPortDeclared = (x: string) => `(has(c.ports) && (type(${x}) == int ? c.ports.exists(p, has(p.containerPort) && p.containerPort == ${x}) : type(${x}) == string && c.ports.exists(p, has(p.name) && p.name == ${x})))`;

/** Every port handler of the container's `probe` names a port the container declares (probePortRule). */
export function celProbePortsDeclared(probe: ProbeField): string {
  const p = `c.${probe}`;
  return `variables.longLivedContainers.all(c, !has(${p}) || (${PORT_HANDLERS.map((h) => `(!has(${p}.${h}) || (has(${p}.${h}.port) && ${celPortDeclared(`${p}.${h}.port`)}))`).join(' && ')}))`;
}

/** A named port resolved to the number the container declares for it (resolvePort); anything else unchanged. */
const resolved = (x: string) => `(type(${x}) == string && has(c.ports) && c.ports.exists(q, has(q.name) && q.name == ${x}) && type(c.ports.filter(q, has(q.name) && q.name == ${x})[0].containerPort) == int ? c.ports.filter(q, has(q.name) && q.name == ${x})[0].containerPort : ${x})`;

const orDefault = (x: string, field: string, fallback: string) => `(has(${x}.${field}) ? ${x}.${field} : ${fallback})`;

/** Two header lists are equal as multisets of (lower-cased name, value): normalizeHandler's comparison. */
function headersEqual(a: string, b: string): string {
  const same = (x: string, y: string) => `(${x}.name.lowerAscii() == ${y}.name.lowerAscii() && ${orDefault(x, 'value', "''")} == ${orDefault(y, 'value', "''")})`;
  const count = (list: string, x: string, v: string) => `${list}.filter(${v}, ${same(x, v)}).size()`;
  return `(size(${a}) == size(${b}) && ${a}.all(h, ${count(a, 'h', 'u')} == ${count(b, 'h', 'w')}))`;
}

/** The liveness and readiness probes `l` and `r` check the same thing (probeHandlerKey equal). */
export function celSameCheck(l: string, r: string): string {
  const http = (x: string) => ({
    path: `(has(${x}.path) && ${x}.path != '' ? ${x}.path : '/')`,
    scheme: `(has(${x}.scheme) ? ${x}.scheme.upperAscii() : 'HTTP')`,
    headers: orDefault(x, 'httpHeaders', '[]'),
  });
  const lh = `${l}.httpGet`;
  const rh = `${r}.httpGet`;
  return `(${[
    `(has(${lh}) && has(${rh}) && ${resolved(`${lh}.port`)} == ${resolved(`${rh}.port`)} && ${http(lh).path} == ${http(rh).path} && ${orDefault(lh, 'host', "''")} == ${orDefault(rh, 'host', "''")} && ${http(lh).scheme} == ${http(rh).scheme} && ${headersEqual(http(lh).headers, http(rh).headers)})`,
    `(has(${l}.tcpSocket) && has(${r}.tcpSocket) && ${resolved(`${l}.tcpSocket.port`)} == ${resolved(`${r}.tcpSocket.port`)} && ${orDefault(`${l}.tcpSocket`, 'host', "''")} == ${orDefault(`${r}.tcpSocket`, 'host', "''")})`,
    `(has(${l}.grpc) && has(${r}.grpc) && ${resolved(`${l}.grpc.port`)} == ${resolved(`${r}.grpc.port`)} && ${orDefault(`${l}.grpc`, 'service', "''")} == ${orDefault(`${r}.grpc`, 'service', "''")})`,
    `(has(${l}.exec) && has(${r}.exec) && ${orDefault(`${l}.exec`, 'command', '[]')} == ${orDefault(`${r}.exec`, 'command', '[]')})`,
  ].join(' || ')})`;
}
