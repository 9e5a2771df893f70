// Platform journeys in Chromium against the real server with demo data (issue 2, "Web app"):
// create a grid and see it in the tree; another community's worker cannot see it; lockout message;
// the home page on a 375-px phone; a resident's phone-code login.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DESKTOP, PHONE, launchBrowser, loginResidentUi, loginUi, newPage, screenshot, startServer, type Server } from './harness.ts';

const GARDEN = '370199001001'; // 花园社区 (secretary, worker)
const HEPING = '370199002001'; // 和平里社区 (worker2)
const NEW_GRID = `${GARDEN}005`;

let srv: Server;
let browser: Browser;
let newGridId: number;

async function apiStatus(page: Page, path: string): Promise<number> {
  return page.evaluate(async (p) => (await fetch(p)).status, path);
}

describe('platform web app', () => {
  beforeAll(async () => {
    srv = await startServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await srv?.stop();
  });

  it('the community secretary creates a grid under 花园社区 and sees it in the tree', async () => {
    const { context, page } = await newPage(browser, DESKTOP);
    await loginUi(page, srv.url, 'secretary');
    await page.getByTestId('stat-persons').waitFor();
    await screenshot(page, 'desktop-home');

    await page.getByTestId('menu-regions').click();
    await page.getByTestId(`region-node-${GARDEN}`).click();
    await page.getByTestId('region-detail').getByText('花园社区').first().waitFor();
    await page.getByTestId('region-create-child').click();
    // The dialog prefills the next free grid code under the community and explains the rule.
    await expect(page.getByTestId('region-form-code').inputValue()).resolves.toMatch(new RegExp(`^${GARDEN}\\d{3}$`));
    await page.getByText('网格代码 15 位 = 社区代码 + 3 位编号').waitFor();
    await page.getByTestId('region-form-code').fill(NEW_GRID);
    await page.getByTestId('region-form-name').fill('第五网格');
    await page.getByTestId('region-form-submit').click();

    await page.getByTestId(`region-node-${NEW_GRID}`).waitFor();
    await expect(page.getByTestId(`region-node-${NEW_GRID}`).textContent()).resolves.toContain('第五网格');
    // The new node is selected and its history shows the creation.
    await page.getByTestId('region-history').getByText('新建').waitFor();
    await screenshot(page, 'desktop-regions-new-grid');

    const regions = await page.evaluate(async () => (await fetch('/api/regions')).json() as Promise<{ id: number; code: string }[]>);
    newGridId = regions.find((r) => r.code === NEW_GRID)!.id;
    expect(newGridId).toBeGreaterThan(0);

    // A bad code shows the server's field message on the form.
    await page.getByTestId(`region-node-${GARDEN}`).click();
    await page.getByTestId('region-create-child').click();
    await page.getByTestId('region-form-code').fill('370199002001009');
    await page.getByTestId('region-form-name').fill('错误网格');
    await page.getByTestId('region-form-submit').click();
    await page.getByTestId('region-form-error').getByText(`网格代码应以上级代码 ${GARDEN} 开头`).waitFor();
    await context.close();
  });

  it('a worker of another community (worker2, 和平里社区) cannot see the new grid', async () => {
    const { context, page } = await newPage(browser, DESKTOP);
    await loginUi(page, srv.url, 'worker2');
    await page.getByTestId('menu-regions').click();
    await page.getByTestId(`region-node-${HEPING}`).waitFor();
    expect(await page.getByTestId(`region-node-${NEW_GRID}`).count()).toBe(0);
    expect(await page.getByTestId(`region-node-${GARDEN}`).count()).toBe(0);
    // Not in the UI, and not in the API either: out of scope reads as "not found".
    expect(await apiStatus(page, `/api/regions/${newGridId}`)).toBe(404);
    // worker2 lacks region.write: no create button.
    await page.getByTestId(`region-node-${HEPING}`).click();
    await page.getByTestId('region-detail').waitFor();
    expect(await page.getByTestId('region-create-child').count()).toBe(0);
    await context.close();
  });

  it('5 wrong passwords lock the account and the page says so clearly', async () => {
    const { context, page } = await newPage(browser, DESKTOP);
    await page.goto(`${srv.url}/login`);
    for (let i = 1; i <= 5; i++) {
      await page.getByTestId('login-username').fill('worker');
      await page.getByTestId('login-password').fill(`Wrong#pass${i}`);
      const res = page.waitForResponse((r) => r.url().endsWith('/api/auth/login'));
      await page.getByTestId('login-submit').click();
      expect((await res).status()).toBe(i < 5 ? 401 : 423);
      await page.getByTestId('login-error').waitFor();
      if (i < 5) await page.getByTestId('login-error').getByText(`再错 ${5 - i} 次账号将被锁定`).waitFor();
    }
    await page.getByTestId('login-error').getByText('账号已锁定').waitFor();
    await screenshot(page, 'desktop-login-locked');
    // Even the right password is refused while locked.
    await page.getByTestId('login-password').fill('Linli@2026');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('login-error').getByText('账号已锁定').waitFor();
    expect(page.url()).toContain('/login');
    await context.close();
  });

  it('the home page works on a 375-px phone: figures, chart, and the menu behind the hamburger', async () => {
    const { context, page } = await newPage(browser, PHONE);
    await loginUi(page, srv.url, 'street');
    const persons = page.getByTestId('stat-persons');
    await persons.waitFor();
    const text = (await persons.textContent()) ?? '';
    expect(Number(text.replace(/\D/g, ''))).toBeGreaterThan(0);
    await page.getByTestId('chart-by-community').locator('canvas').first().waitFor();
    // Nothing wider than the screen: the layout itself does not scroll sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await screenshot(page, 'phone-home');

    await page.getByTestId('menu-toggle').click();
    await page.getByTestId('menu-regions').waitFor();
    await page.waitForTimeout(400); // let the drawer finish sliding in before the screenshot
    await screenshot(page, 'phone-menu');
    await page.getByTestId('menu-regions').click();
    await page.getByTestId('regions-page').waitFor();
    await page.getByTestId('region-tree').waitFor();
    await screenshot(page, 'phone-regions');
    await context.close();
  });

  it('an admin issues an API token (shown once), checks the audit chain, follows a job, switches region and language', async () => {
    const { context, page } = await newPage(browser, DESKTOP);
    await loginUi(page, srv.url, 'admin');

    await page.getByTestId('menu-tokens').click();
    await page.getByTestId('token-create').click();
    await page.getByTestId('token-form-name').fill('区民政局低保系统');
    await page.getByTestId('token-form-permissions').click();
    await page.keyboard.type('region.read');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    await page.getByTestId('token-form-submit').click();
    const raw = (await page.getByTestId('token-raw').textContent()) ?? '';
    expect(raw.length).toBeGreaterThan(20);
    await screenshot(page, 'desktop-token-once');
    // The raw token works as a Bearer token, and the list never shows it again.
    const status = await page.evaluate(async (tk) => (await fetch('/api/regions', { headers: { authorization: `Bearer ${tk}` } })).status, raw.trim());
    expect(status).toBe(200);
    await page.getByTestId('token-raw-modal').getByRole('button', { name: '我已保存' }).click();
    await page.getByText('区民政局低保系统').waitFor();
    expect(await page.getByText(raw.trim()).count()).toBe(0);

    await page.getByTestId('menu-audit').click();
    await page.getByTestId('audit-verify').click();
    await page.getByTestId('audit-verify-result').getByText('哈希链完整').waitFor();
    await page.getByTestId('audit-verify-job').click();
    await page.getByTestId('job-progress').getByText('已完成').waitFor({ timeout: 30_000 });
    await screenshot(page, 'desktop-audit-verified');

    // Narrow the whole app to one community: the home figures follow.
    await page.getByTestId('menu-home').click();
    await page.getByTestId('stat-communities').getByText('6').waitFor();
    await page.getByTestId('region-switcher').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '和平里社区' }).click();
    await page.getByTestId('home-page').getByText('管辖范围：和平里社区').waitFor();
    // A single community: the street and community counters (always 0 / 1 there) are left out.
    await expect.poll(() => page.getByTestId('stat-communities').count()).toBe(0);
    await page.getByTestId('stat-persons').waitFor();

    await page.getByTestId('lang-switch').click();
    await page.getByTestId('menu-regions').getByText('Regions').waitFor();
    await page.getByTestId('home-page').getByText('Home').first().waitFor();
    await screenshot(page, 'desktop-home-english');
    await page.getByTestId('lang-switch').click();
    await context.close();
  });

  it('an admin creates an account; its first login is forced to change the initial password', async () => {
    const admin = await newPage(browser, DESKTOP);
    await loginUi(admin.page, srv.url, 'admin');
    await admin.page.getByTestId('menu-users').click();
    await admin.page.getByTestId('user-create').click();
    const form = admin.page.getByTestId('user-form');
    await admin.page.getByTestId('user-form-username').fill('zhangsan');
    await admin.page.getByTestId('user-form-display-name').fill('花园社区 张三');
    await admin.page.getByTestId('user-form-password').fill('Init@2026x');
    await admin.page.getByTestId('user-form-scope').click();
    await admin.page.keyboard.type('花园社区');
    await admin.page.locator('.ant-select-tree-title').filter({ hasText: '花园社区' }).first().click();
    await admin.page.getByTestId('user-form-roles').click();
    await admin.page.keyboard.type('社区工作者');
    await admin.page.keyboard.press('Enter');
    await admin.page.keyboard.press('Escape');
    await admin.page.getByTestId('user-form-submit').click();
    await form.waitFor({ state: 'hidden' });
    await admin.page.getByRole('cell', { name: 'zhangsan' }).waitFor();
    await admin.context.close();

    const { context, page } = await newPage(browser, DESKTOP);
    await page.goto(`${srv.url}/login`);
    await page.getByTestId('login-username').fill('zhangsan');
    await page.getByTestId('login-password').fill('Init@2026x');
    await page.getByTestId('login-submit').click();
    await page.waitForURL('**/change-password');
    await page.getByText('首次登录请先修改初始密码').waitFor();
    // Other pages are closed until the password is changed.
    await page.goto(`${srv.url}/regions`);
    await page.waitForURL('**/change-password');
    await page.getByTestId('old-password').fill('Init@2026x');
    await page.getByTestId('new-password').fill('abcdefgh');
    await page.getByTestId('confirm-password').fill('abcdefgh');
    await page.getByTestId('change-password-submit').click();
    await page.getByText('需包含大写字母、小写字母、数字、符号中的至少 3 类').waitFor();
    await screenshot(page, 'desktop-change-password');
    await page.getByTestId('new-password').fill('Garden#2026');
    await page.getByTestId('confirm-password').fill('Garden#2026');
    await page.getByTestId('change-password-submit').click();
    await page.getByTestId('app-layout').waitFor();
    await page.getByTestId('current-scope').getByText('花园社区').waitFor();
    await context.close();
  });

  it('a resident logs in with a phone code and lands on their own page', async () => {
    const { context, page } = await newPage(browser, PHONE);
    // No SMS gateway: the default sender writes the code to the server log.
    expect(await loginResidentUi(page, srv)).toMatch(/^\d{6}$/);
    await page.getByTestId('resident-page').waitFor();
    await page.getByTestId('resident-profile').waitFor();
    expect(page.url()).toContain('/me');
    await screenshot(page, 'phone-resident');
    await context.close();
  });
});
