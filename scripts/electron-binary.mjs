/**
 * Finds the Electron binary that the `electron` package would run, without throwing when it was
 * never downloaded (the package installs with scripts disabled; see .npmrc).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** @returns {{ path?: string, packageDir?: string, reason?: string }} */
export function locateElectron() {
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const path = join(process.env.ELECTRON_OVERRIDE_DIST_PATH, process.platform === 'win32' ? 'electron.exe' : 'electron');
    return existsSync(path) ? { path } : { reason: `ELECTRON_OVERRIDE_DIST_PATH has no Electron binary (${path})` };
  }
  let packageDir;
  try {
    packageDir = dirname(require.resolve('electron/package.json'));
  } catch {
    return { reason: 'the electron package is not installed (run npm install)' };
  }
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) return { packageDir, reason: 'the Electron binary has not been downloaded' };
  const path = join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(path) ? { path, packageDir } : { packageDir, reason: `the Electron binary is missing (${path})` };
}

/**
 * Why the `electron` package's installer cannot fetch the binary with this Node.js, or null.
 * Electron 45's installer (@electron/get) needs the Node version its package.json names under
 * `engines` (>= 22.12.0); an older Node fails inside the download with an unclear error.
 * @param {string} packageDir
 * @param {string} [nodeVersion]
 * @returns {string | null}
 */
export function installerNodeProblem(packageDir, nodeVersion = process.versions.node) {
  let range;
  try {
    range = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')).engines?.node;
  } catch {
    return null;
  }
  const wanted = /(\d+)\.(\d+)\.(\d+)/.exec(range ?? '');
  if (!wanted) return null;
  const have = nodeVersion.split('.').map(Number);
  const need = wanted.slice(1).map(Number);
  for (let i = 0; i < 3; i++) {
    if ((have[i] ?? 0) > (need[i] ?? 0)) return null;
    if ((have[i] ?? 0) < (need[i] ?? 0)) return `the Electron installer needs Node.js ${range.trim()} to download the binary (this is Node.js ${nodeVersion})`;
  }
  return null;
}
