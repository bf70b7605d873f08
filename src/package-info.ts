import * as fs from 'fs';
import * as path from 'path';

/**
 * This package's own folder: the one with our package.json above this file. The sources run from
 * `src/` (tests, ts-node) and from `lib/src/` (the published package), at different depths.
 */
export function packageRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      try {
        if (JSON.parse(fs.readFileSync(manifest, 'utf8')).name === 'cdk8s-prod') return dir;
      } catch {
        // an unreadable package.json is not ours; keep looking
      }
    }
    if (path.dirname(dir) === dir) throw new Error(`cdk8s-prod: no package.json of cdk8s-prod above ${__dirname}`);
  }
}

export function packageVersion(): string {
  return JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')).version;
}
