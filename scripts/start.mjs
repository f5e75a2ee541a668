#!/usr/bin/env node
/**
 * `npm start`: the desktop app (Vite dev server + Electron). The Electron binary is fetched on
 * first use; where it cannot be obtained, say so and point to the browser version.
 */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { installerNodeProblem, locateElectron } from './electron-binary.mjs';
import { startDevApi } from './dev-api.mjs';

let electron = locateElectron();
const nodeProblem = !electron.path && electron.packageDir ? installerNodeProblem(electron.packageDir) : null;
if (nodeProblem) electron.reason = `${electron.reason ?? 'the Electron binary has not been downloaded'}, and ${nodeProblem}`;
else if (!electron.path && electron.packageDir) {
  console.log('After-sales Desk: fetching the Electron binary (first start)…');
  const install = spawnSync(process.execPath, [join(electron.packageDir, 'install.js')], { encoding: 'utf8', timeout: 180_000 });
  if (install.status === 0) electron = locateElectron();
  else {
    const firstError = `${install.stderr ?? ''}`.split('\n').find((line) => /error/i.test(line));
    electron.reason = `the Electron binary could not be downloaded${firstError ? ` (${firstError.trim()})` : ''}`;
  }
}
if (!electron.path) {
  console.error(
    [
      '',
      `After-sales Desk cannot start as a desktop app: ${electron.reason ?? 'Electron is unavailable'}.`,
      '',
      '  → Use the same app in a browser instead:  npm run web',
      '',
      'Or point ELECTRON_OVERRIDE_DIST_PATH at a folder that holds an Electron binary.',
      '',
    ].join('\n'),
  );
  process.exit(1);
}

console.log('After-sales Desk: starting the central API (the first start creates the demo data)…');
const api = await startDevApi();
const child = spawn(process.execPath, [join(import.meta.dirname, '..', 'node_modules', 'vite', 'bin', 'vite.js')], {
  stdio: 'inherit',
  env: { ...process.env, DESK_TARGET: 'electron', DESK_API_URL: api.url },
});
child.on('exit', (code) => {
  api.stop();
  process.exit(code ?? 0);
});
