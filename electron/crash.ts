/**
 * When the page's process dies (crash, out of memory, killed) or a helper process does (the
 * embedded API, the GPU), a report file goes to `<logs>/crash-reports/` and, for the page, the
 * user is offered to reload it. The report holds what Electron tells (reason, exit code, process
 * type) and the versions, never page content.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from './settings-store';

export const CRASH_FOLDER = 'crash-reports';

export interface CrashFacts {
  kind: 'render-process-gone' | 'child-process-gone';
  reason: string;
  exitCode: number;
  /** Child processes: its type (GPU, Utility) and service name. */
  processType?: string;
  serviceName?: string;
  /** The page's address when the page died. */
  url?: string;
}

async function writeCrashReport(logDir: string, facts: CrashFacts, versions: Record<string, string>, now: Date = new Date()): Promise<string> {
  const dir = join(logDir, CRASH_FOLDER);
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${now.toISOString().replace(/[:.]/g, '-')}-${facts.kind}.json`);
  await writeFileAtomic(path, `${JSON.stringify({ at: now.toISOString(), ...facts, versions }, null, 2)}\n`);
  return path;
}

const CRASH_LABELS = {
  'zh-CN': { title: '页面已停止', message: '售后工作台的页面意外停止了。未发送的操作保存在本机，重新加载后会继续同步。', reload: '重新加载', quit: '退出', report: '报告已保存到' },
  'en-US': { title: 'The page stopped', message: 'The After-sales Desk page stopped unexpectedly. Unsent actions are kept on this computer and sync after a reload.', reload: 'Reload', quit: 'Quit', report: 'Report saved to' },
} as const;

export interface CrashDeps {
  logDir: string;
  versions: Record<string, string>;
  locale(): 'zh-CN' | 'en-US';
  /** `dialog.showMessageBox`: resolves with the chosen button's index. */
  ask(options: { type: 'error'; title: string; message: string; detail: string; buttons: string[]; defaultId: number; cancelId: number }): Promise<{ response: number }>;
  reload(): void;
  quit(): void;
  log?: { error(obj: unknown, msg?: string): void };
}

/** `webContents.on('render-process-gone')`: report, then offer to reload (a clean exit is no crash). */
export async function onRenderProcessGone(deps: CrashDeps, details: { reason: string; exitCode: number }, url?: string): Promise<'reloaded' | 'quit' | 'ignored'> {
  if (details.reason === 'clean-exit') return 'ignored';
  const facts: CrashFacts = { kind: 'render-process-gone', reason: details.reason, exitCode: details.exitCode, ...(url ? { url } : {}) };
  let path = '';
  try {
    path = await writeCrashReport(deps.logDir, facts, deps.versions);
  } catch (error) {
    deps.log?.error({ err: String(error) }, 'crash report could not be written');
  }
  deps.log?.error({ ...facts, report: path }, 'page process gone');
  const l = CRASH_LABELS[deps.locale()];
  const { response } = await deps.ask({ type: 'error', title: l.title, message: l.message, detail: path ? `${l.report} ${path}` : details.reason, buttons: [l.reload, l.quit], defaultId: 0, cancelId: 1 });
  if (response === 0) {
    deps.reload();
    return 'reloaded';
  }
  deps.quit();
  return 'quit';
}

/** `app.on('child-process-gone')`: report abnormal ends of helper processes. */
export async function onChildProcessGone(deps: Pick<CrashDeps, 'logDir' | 'versions' | 'log'>, details: { type: string; reason: string; exitCode: number; serviceName?: string; name?: string }): Promise<string | null> {
  if (details.reason === 'clean-exit') return null;
  const facts: CrashFacts = { kind: 'child-process-gone', reason: details.reason, exitCode: details.exitCode, processType: details.type, ...(details.serviceName ?? details.name ? { serviceName: details.serviceName ?? details.name } : {}) };
  deps.log?.error(facts, 'helper process gone');
  try {
    return await writeCrashReport(deps.logDir, facts, deps.versions);
  } catch {
    return null;
  }
}
