import { example } from '../../engine/rule';
import { UserSetting } from '../model';
import { dockerfileRule } from '../rule';

export interface ParsedUser {
  /** The user part: a name or a number. */
  readonly user: string;
  readonly group?: string;
  readonly uid?: number;
  readonly gid?: number;
}

/** `10001:10001`, `app`, `root:root`, `0` → its parts; `root` is uid 0. */
export function parseUser(value: string): ParsedUser {
  const [user, ...rest] = value.trim().split(':');
  const group = rest.length > 0 ? rest.join(':') : undefined;
  const id = (s: string | undefined, rootName: string) => (s === undefined ? undefined : /^\d+$/.test(s) ? Number(s) : s === rootName ? 0 : undefined);
  const uid = id(user, 'root');
  const gid = id(group, 'root');
  return { user, ...(group !== undefined ? { group } : {}), ...(uid !== undefined ? { uid } : {}), ...(gid !== undefined ? { gid } : {}) };
}

function problemOf(u: UserSetting): string | undefined {
  const shown = `USER ${u.raw}`.trim();
  if (u.value === undefined) return `${shown} uses a variable without a value, so the image's user is decided at build time and kubelet cannot verify runAsNonRoot; use the numeric uid, e.g. USER 10001:10001`;
  const { user, uid } = parseUser(u.value);
  const resolved = u.value === u.raw ? shown : `${shown} (${JSON.stringify(u.value)} with the ARG and ENV values)`;
  if (uid === 0) return `${resolved} runs the container as root`;
  if (uid !== undefined) return undefined;
  if (user === '') return `${resolved} names no user; end the final stage with a numeric non-root USER, e.g. USER 10001:10001`;
  return `${resolved} names a user: kubelet cannot verify runAsNonRoot for a non-numeric user and refuses to start the container unless the pod sets runAsUser; use the numeric uid, e.g. USER 10001:10001`;
}

export const dockerfileUserNonRoot = dockerfileRule({
  id: 'dockerfile-user-non-root',
  title: 'The image runs as a numeric non-root user',
  severity: 'error',
  pattern: null,
  description: 'An image without USER runs as root, so a compromise of the app is a compromise of root in the container, one kernel bug from the node. The user must be numeric: kubelet checks runAsNonRoot against the image\'s uid and cannot check a name. Same intent as hadolint DL3002.',
  scope: 'the last USER of the final image in each Dockerfile, through the stages the final stage is built FROM; a USER set by an external base image is not visible, so a final image without USER is reported (suppress it with a reason when the base image sets a non-root numeric user)',
  remediation: 'Create an unprivileged user and end the final stage with its numeric ids: `RUN adduser -D -u 10001 app` (or use a base that has one, e.g. distroless :nonroot) and `USER 10001:10001`; set the same runAsUser/runAsGroup in the pod\'s securityContext.',
  suppressible: true,
  examples: {
    violating: [example`
      # No USER: the container runs as root
      FROM python:3.12-slim-bookworm@sha256:ed9472bade65961cefc59cb2f7bed94a4091031850a4bf3072c17099026c7e1d
      WORKDIR /app
      COPY requirements.txt ./
      RUN pip install --no-cache-dir -r requirements.txt
      COPY app/ ./app/
      CMD ["python", "-m", "app"]
    `, example`
      FROM python:3.12-slim-bookworm@sha256:ed9472bade65961cefc59cb2f7bed94a4091031850a4bf3072c17099026c7e1d
      RUN useradd --uid 10001 --user-group --no-create-home app
      WORKDIR /app
      COPY requirements.txt ./
      RUN pip install --no-cache-dir -r requirements.txt
      COPY app/ ./app/
      # A name: kubelet cannot check runAsNonRoot against it
      USER app
      CMD ["python", "-m", "app"]
    `],
    compliant: [example`
      FROM python:3.12-slim-bookworm@sha256:ed9472bade65961cefc59cb2f7bed94a4091031850a4bf3072c17099026c7e1d
      RUN useradd --uid 10001 --user-group --no-create-home app
      WORKDIR /app
      COPY requirements.txt ./
      RUN pip install --no-cache-dir -r requirements.txt
      COPY app/ ./app/
      USER 10001:10001
      CMD ["python", "-m", "app"]
    `],
  },
  check: (df) => {
    const final = df.final;
    if (!final) return [];
    const u = df.user;
    if (!u) {
      return [{
        line: final.line,
        path: `stages[${final.index}].USER`,
        message: 'the final image sets no USER, so it runs as root (unless its base image sets a user, which the Dockerfile does not show); end the final stage with a numeric non-root USER, e.g. USER 10001:10001',
      }];
    }
    const message = problemOf(u);
    return message === undefined ? [] : [{ line: u.line, path: u.path, message }];
  },
});
