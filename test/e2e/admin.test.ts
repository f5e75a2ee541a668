/**
 * Site administration end to end, in Chromium against the real central API at 1366×768: the
 * administrator opens the admin area from the navigation, adds a warehouse and a warehouse staff
 * member with a Chinese name, who can then sign in; deactivates them (their session ends);
 * the screen says it needs the network when the API cannot be reached; screenshots in zh-CN and
 * en-US. Other roles neither see the area nor reach it by address.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { toInt } from '../../server/db/db';
import { browserUnavailableReason, screenshotPath, useAppSuite } from './support/app';

const unavailable = browserUnavailableReason();
const VIEWPORT = { width: 1366, height: 768 };
const PASSWORD = 'Shelf-Key-2026';

describe.skipIf(unavailable)('site administration in Chromium', () => {
  const app = useAppSuite({ data: 'staff' });
  const shoot = (page: Page, name: string) => page.screenshot({ path: screenshotPath(name), animations: 'disabled' });

  it('creates a warehouse and a staff member who can sign in, deactivates them, and says when it is offline', async () => {
    const { context, page, errors } = await app.newPage({ viewport: VIEWPORT });
    await app.signIn(page, 'admin');
    await page.getByTestId('nav').getByText('站点管理').click();
    await page.getByTestId('area-admin').waitFor();
    await page.getByTestId('admin-online').waitFor();
    await page.getByTestId('staff-table').getByText('wh1', { exact: true }).waitFor();

    // A new warehouse.
    await page.locator('.n-tabs-tab', { hasText: '仓库' }).click();
    await page.getByTestId('warehouse-add').click();
    await page.getByTestId('warehouse-id').locator('input').fill('WH-CD');
    await page.getByTestId('warehouse-name').locator('input').fill('成都退货仓 🐼');
    await page.getByTestId('warehouse-address').locator('input').fill('成都市高新区天府大道 1 号');
    await page.getByTestId('warehouse-save').click();
    await page.getByTestId('warehouse-table').getByText('成都退货仓 🐼').waitFor();

    // A staff member working there; a short password is refused in the form first.
    await page.locator('.n-tabs-tab', { hasText: '员工账号' }).click();
    await page.getByTestId('staff-add').click();
    await page.getByTestId('staff-username').locator('input').fill('chengdu1');
    await page.getByTestId('staff-display-name').locator('input').fill('仓库 Lǐ 李');
    await page.getByTestId('staff-role').click();
    await page.locator('.n-base-select-option', { hasText: '仓库' }).click();
    await page.getByTestId('staff-warehouse').click();
    await page.locator('.n-base-select-option', { hasText: 'WH-CD' }).click();
    await page.getByTestId('staff-password').locator('input').fill('short');
    await page.getByTestId('staff-save').click();
    await page.getByTestId('staff-dialog').getByText('至少 10 个字符').waitFor();
    await shoot(page, 'admin-staff-dialog-zh-CN');
    await page.getByTestId('staff-password').locator('input').fill(PASSWORD);
    await page.getByTestId('staff-save').click();
    await page.getByTestId('staff-table').getByText('仓库 Lǐ 李').waitFor();
    const [row] = await app.server().db.query<{ role: string; warehouse_id: string; disabled: boolean }>(`SELECT role, warehouse_id, disabled FROM staff WHERE username = 'chengdu1'`);
    expect(row).toEqual({ role: 'warehouse', warehouse_id: 'WH-CD', disabled: false });
    await shoot(page, 'admin-staff-zh-CN');

    // The new account signs in (over the API, as another workstation would).
    const login = await fetch(`${app.apiUrl()}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'chengdu1', password: PASSWORD, deviceId: 'desk-chengdu-1' }) });
    expect(login.status).toBe(200);
    const { token } = (await login.json()) as { token: string };

    // Deactivated: the session ends at once.
    await page.getByTestId('staff-deactivate-chengdu1').click();
    await page.locator('.n-popconfirm').getByRole('button', { name: '停用' }).click();
    await page.getByText('已停用 仓库 Lǐ 李，其登录已失效').waitFor();
    const me = await fetch(`${app.apiUrl()}/auth/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(401);
    const [open] = await app.server().db.query<{ n: unknown }>(`SELECT count(*) AS n FROM sessions s JOIN staff st ON st.id = s.staff_id WHERE st.username = 'chengdu1' AND s.revoked_at IS NULL`);
    expect(toInt(open?.n)).toBe(0);

    // English.
    await page.getByTestId('locale-select').click();
    await page.locator('.n-base-select-option', { hasText: 'English' }).click();
    await page.locator('.n-tabs-tab', { hasText: 'Staff accounts' }).waitFor();
    expect(await page.getByTestId('staff-table').innerText()).toContain('Deactivated');
    await shoot(page, 'admin-staff-en-US');
    await page.locator('.n-tabs-tab', { hasText: 'Warehouses' }).click();
    await page.getByTestId('warehouse-table').getByText('WH-CD').waitFor();
    await shoot(page, 'admin-warehouses-en-US');

    // The API unreachable: the screen says it works online only, and recovers on retry.
    await app.setApiReachable(context, false);
    await page.reload();
    await page.getByTestId('admin-offline').waitFor();
    expect(await page.getByTestId('admin-offline').innerText()).toContain('works online only');
    await shoot(page, 'admin-offline-en-US');
    await app.setApiReachable(context, true);
    await page.getByTestId('admin-retry').click();
    await page.getByTestId('admin-online').waitFor();

    expect(errors.filter((e) => !e.includes('Failed to load resource'))).toEqual([]);
    await context.close();
  });

  it('is neither shown to nor reachable by other roles', async () => {
    const { context, page } = await app.newPage({ viewport: VIEWPORT });
    await app.signIn(page, 'cs1');
    expect(await page.getByTestId('nav').getByText('站点管理').count()).toBe(0);
    await page.goto(`${app.url()}#/admin`);
    await page.getByTestId('shell').waitFor();
    await expect.poll(() => page.url()).toContain('#/queues');
    expect(await page.getByTestId('area-admin').count()).toBe(0);
    await context.close();
  });
});
