import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installerNodeProblem } from '../../scripts/electron-binary.mjs';

const root = new URL('../../', import.meta.url).pathname;

describe('npm start without the Electron binary', () => {
  it('fails with a clear message pointing to npm run web', () => {
    const empty = mkdtempSync(join(tmpdir(), 'no-electron-'));
    try {
      const run = spawnSync(process.execPath, ['scripts/start.mjs'], { cwd: root, encoding: 'utf8', timeout: 30_000, env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: empty } });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain('cannot start as a desktop app');
      expect(run.stderr).toContain('npm run web');
      expect(run.stderr).toContain('ELECTRON_OVERRIDE_DIST_PATH has no Electron binary');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('says when this Node.js is too old for the Electron installer to download the binary', () => {
    const dir = mkdtempSync(join(tmpdir(), 'electron-pkg-'));
    try {
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ engines: { node: '>= 22.12.0' } }));
      expect(installerNodeProblem(dir, '20.20.2')).toBe('the Electron installer needs Node.js >= 22.12.0 to download the binary (this is Node.js 20.20.2)');
      expect(installerNodeProblem(dir, '22.11.9')).toContain('>= 22.12.0');
      expect(installerNodeProblem(dir, '22.12.0')).toBeNull();
      expect(installerNodeProblem(dir, '24.1.0')).toBeNull();
      expect(installerNodeProblem(join(dir, 'missing'), '18.0.0')).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
