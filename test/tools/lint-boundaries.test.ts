/**
 * The import-boundary rules of the architecture guide, proven against the project's real ESLint
 * config: each forbidden import fails lint in its folder, and the allowed ones pass.
 */
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';

const cwd = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd });

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

describe('import boundaries (GUIDE §2)', () => {
  it.each(cases)('$file: $source → forbidden=$forbidden', async ({ file, source, forbidden }) => {
    const errors = await restrictedImportErrors(file, `${source}\n`);
    if (forbidden) expect(errors.length).toBeGreaterThan(0);
    else expect(errors).toEqual([]);
  });
});
