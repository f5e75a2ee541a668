/**
 * The import-boundary rules of the architecture guide, proven against the project's real ESLint
 * config: each forbidden import fails lint in its folder, and the allowed ones pass.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';

const cwd = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd });

// Loading the config and its parsers (TypeScript, Vue) takes seconds on a busy machine: once, outside the tests' time limit.
beforeAll(async () => {
  await eslint.lintText('<script setup lang="ts">\n</script>\n', { filePath: 'renderer/src/views/x/Warm.vue' });
}, 120_000);

async function restrictedImportErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const cases: Array<{ file: string; source: string; forbidden: boolean }> = [
  { file: 'shared/domain/x.ts', source: "import { readFileSync } from 'node:fs';", forbidden: true },
  { file: 'shared/domain/x.ts', source: "import { readFileSync } from 'fs';", forbidden: true },
  { file: 'shared/domain/x.ts', source: "import { app } from 'electron';", forbidden: true },
  { file: 'shared/domain/x.ts', source: "import { ref } from 'vue';", forbidden: true },
  { file: 'shared/domain/x.ts', source: "import Dexie from 'dexie';", forbidden: true },
  { file: 'shared/domain/x.ts', source: "import { x } from '../../renderer/src/x';", forbidden: true },
  { file: 'shared/domain/x.ts', source: "import { x } from '../../server/app';", forbidden: true },
  { file: 'shared/domain/x.ts', source: "import { z } from 'zod';", forbidden: false },
  { file: 'shared/domain/x.ts', source: "import { x } from '../ipc/channels';", forbidden: false },
  { file: 'renderer/src/x.ts', source: "import { join } from 'node:path';", forbidden: true },
  { file: 'renderer/src/x.ts', source: "import { ipcRenderer } from 'electron';", forbidden: true },
  { file: 'renderer/src/x.ts', source: "import { x } from '../../server/app';", forbidden: true },
  { file: 'renderer/src/x.ts', source: "import { x } from '../../electron/security';", forbidden: true },
  { file: 'renderer/src/x.ts', source: "import { ref } from 'vue';", forbidden: false },
  { file: 'renderer/src/x.ts', source: "import { x } from '../../shared/ipc/channels';", forbidden: false },
  // Our folders may share a name with a Node built-in (domain, events): only the bare module is banned.
  { file: 'renderer/src/x.ts', source: "import { decide } from '../../shared/domain';", forbidden: false },
  { file: 'renderer/src/x.ts', source: "import { x } from '../../shared/domain/case-events';", forbidden: false },
  { file: 'renderer/src/x.ts', source: "import { EventEmitter } from 'events';", forbidden: true },
  { file: 'shared/scanner/x.ts', source: "import { x } from '../domain/model';", forbidden: false },
  { file: 'shared/scanner/x.ts', source: "import domain from 'domain';", forbidden: true },
  { file: 'shared/scanner/x.ts', source: "import { x } from 'naive-ui/es/button';", forbidden: true },
  { file: 'server/x.ts', source: "import { app } from 'electron';", forbidden: true },
  { file: 'server/x.ts', source: "import { x } from '../renderer/src/x';", forbidden: true },
  { file: 'server/x.ts', source: "import { ref } from 'vue';", forbidden: true },
  { file: 'server/x.ts', source: "import { createHash } from 'node:crypto';", forbidden: false },
  { file: 'electron/x.ts', source: "import { x } from '../renderer/src/x';", forbidden: true },
  { file: 'electron/x.ts', source: "import { createApp } from 'vue';", forbidden: true },
  { file: 'electron/x.ts', source: "import { app } from 'electron';", forbidden: false },
];

/** A single-file component whose script holds `source`. */
const sfc = (source: string): string => `<script setup lang="ts">\n${source}\n</script>\n\n<template>\n  <div />\n</template>\n`;

// Views and components reach db/ and sync/ only through stores and composables (GUIDE §4).
const layers: Array<{ file: string; source: string; forbidden: boolean }> = [
  { file: 'renderer/src/views/sync/X.vue', source: "import { runtime } from '../../sync/runtime';", forbidden: true },
  { file: 'renderer/src/views/cs/X.vue', source: "import { readPolicy } from '../../sync/local';", forbidden: true },
  { file: 'renderer/src/views/cs/X.vue', source: "import { openDeskDb } from '../../db/schema';", forbidden: true },
  { file: 'renderer/src/components/X.vue', source: "import { runtime } from '../sync/runtime';", forbidden: true },
  { file: 'renderer/src/components/labels/X.vue', source: "import { dispatch } from '../../sync/dispatch';", forbidden: true },
  // A value beside a type is still a value.
  { file: 'renderer/src/views/sync/X.vue', source: "import { conflictOptions, type ConflictOptions } from '../../sync/conflict-options';", forbidden: true },
  { file: 'renderer/src/views/cs/X.vue', source: "import type { DeskDb } from '../../db/schema';", forbidden: false },
  { file: 'renderer/src/views/cs/X.vue', source: "import { type CaseViewRow } from '../../db/types';", forbidden: false },
  // From a feature folder, `../sync/` is the views/sync feature, not the sync engine.
  { file: 'renderer/src/views/cs/X.vue', source: "import { conflictStory } from '../sync/conflictStory';", forbidden: false },
  { file: 'renderer/src/views/cs/X.vue', source: "import { usePolicy } from '../../composables/usePolicy';", forbidden: false },
  { file: 'renderer/src/views/cs/X.vue', source: "import { useSyncStore } from '../../stores/sync';", forbidden: false },
  // The folder rules still hold in a view.
  { file: 'renderer/src/views/cs/X.vue', source: "import { join } from 'node:path';", forbidden: true },
  { file: 'renderer/src/views/cs/X.vue', source: "import { x } from '../../../../server/app';", forbidden: true },
  // Stores, composables and a feature's own modules are the layer that may reach them.
  { file: 'renderer/src/stores/x.ts', source: "import { runtime } from '../sync/runtime';", forbidden: false },
  { file: 'renderer/src/composables/x.ts', source: "import { readPolicy } from '../sync/local';", forbidden: false },
  { file: 'renderer/src/views/sync/useX.ts', source: "import { conflictOptions } from '../../sync/conflict-options';", forbidden: false },
];

describe('import boundaries (GUIDE §2)', () => {
  it.each(cases)('$file: $source → forbidden=$forbidden', async ({ file, source, forbidden }) => {
    const errors = await restrictedImportErrors(file, `${source}\n`);
    if (forbidden) expect(errors.length).toBeGreaterThan(0);
    else expect(errors).toEqual([]);
  });
});

describe('renderer layers (GUIDE §4)', () => {
  it.each(layers)('$file: $source → forbidden=$forbidden', async ({ file, source, forbidden }) => {
    const errors = await restrictedImportErrors(file, file.endsWith('.vue') ? sfc(source) : `${source}\n`);
    if (forbidden) expect(errors.length).toBeGreaterThan(0);
    else expect(errors).toEqual([]);
  });

  it('names the way through a store or a composable', async () => {
    const [message] = await restrictedImportErrors('renderer/src/views/sync/X.vue', sfc("import { runtime } from '../../sync/runtime';"));
    expect(message).toMatch(/store .*composable/);
  });
});
