// Task admission and ledgers in Chromium against the real server (issue 6): a department files two tasks, the one on
// the negative list is refused (automatically, the street sees it refused), the street approves the other with its
// funds, and the community sees the task and the funds credited; an admin defines a new ledger in the designer
// (a bad definition first gets a clear error) and exports it to Excel, masked.
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DESKTOP, launchBrowser, loginUi, newPage, screenshot, startServer, type Server } from './harness.ts';

let srv: Server;
let browser: Browser;
const NEGATIVE = '开墙破店违法经营整治（演示）';
const FUNDED = '高龄津贴资格认证入户核查（演示）';
const year = new Date().getFullYear();

/** Types into an antd Select (searching option labels) and takes the first match with Enter. */
async function pick(page: Page, testId: string, search: string) {
  const input = page.getByTestId(testId).locator('input[role="combobox"]');
  await input.click();
  await input.fill(search);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().waitFor();
  await input.press('Enter');
}

/** Fills an input whose test id sits on the input itself or on a wrapper (InputNumber). */
async function fill(page: Page, testId: string, value: string) {
  const el = page.getByTestId(testId);
  const isInput = await el.evaluate((e) => e.tagName === 'INPUT');
  await (isInput ? el : el.locator('input')).fill(value);
}

async function fileRequest(page: Page, title: string, item: string, funds: number) {
  await page.getByTestId('request-new').click();
  await page.getByTestId('request-title').fill(title);
  await pick(page, 'request-item', item);
  await pick(page, 'request-communities', '花园社区');
  await page.keyboard.press('Escape');
  await fill(page, 'request-start', `${year}-01-01`);
  await fill(page, 'request-end', `${year}-12-31`);
  await fill(page, 'request-hours', '40');
  await fill(page, 'request-funds', String(funds));
  await page.locator('#request-submit').click();
}

describe('task admission and ledgers', () => {
  beforeAll(async () => {
    srv = await startServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await srv?.stop();
  });

  it('a department files two tasks: the negative-list one is refused at once, the other waits for the street', async () => {
    const { context, page } = await newPage(browser, DESKTOP);
    await loginUi(page, srv.url, 'dept');
    await page.goto(`${srv.url}/admission`);
    await page.getByTestId('admission-requests').waitFor();
    await fileRequest(page, NEGATIVE, 'N-04', 0);
    const refused = page.getByTestId('request-auto-refused');
    await refused.waitFor();
    expect(await refused.textContent()).toContain('负面清单');
    await page.getByRole('button', { name: /OK|确\s*定/ }).click();
    await fileRequest(page, FUNDED, 'A-08', 5000);
    await page.getByTestId('request-form').waitFor({ state: 'detached' });
    const row = page.locator('tr', { hasText: FUNDED });
    await row.waitFor();
    expect(await row.textContent()).toContain('待审核');
    await screenshot(page, 'admission-department');
    await context.close();
  });

  it('the street sees the negative-list task refused and approves the funded one', async () => {
    const { context, page } = await newPage(browser, DESKTOP);
    await loginUi(page, srv.url, 'street');
    await page.goto(`${srv.url}/admission`);
    const neg = page.locator('tr', { hasText: NEGATIVE });
    await neg.waitFor();
    expect(await neg.textContent()).toContain('不予准入');
    await page.getByTestId(`request-review-${FUNDED}`).click();
    await page.locator('#review-ok').click();
    const row = page.locator('tr', { hasText: FUNDED });
    await expect.poll(async () => row.textContent()).toContain('已准入');
    await screenshot(page, 'admission-street');
    // The burden account shows the departments, with the refusal counted.
    await page.goto(`${srv.url}/burden`);
    const cg = page.locator('tr', { hasText: '区城市管理局' });
    await cg.waitFor();
    await screenshot(page, 'burden-street');
    await page.goto(`${srv.url}/reports`);
    await page.locator('tr', { hasText: '花园社区' }).first().waitFor();
    await context.close();
  });

  it('the community sees the task and the funds credited', async () => {
    const { context, page } = await newPage(browser, DESKTOP);
    await loginUi(page, srv.url, 'worker');
    await page.goto(`${srv.url}/admission`);
    await page.getByTestId(`task-${FUNDED}`).waitFor();
    expect(await page.getByTestId('admission-page').textContent()).not.toContain(NEGATIVE);
    await page.getByRole('tab', { name: '经费账户' }).click();
    const credit = page.locator('tr', { hasText: FUNDED });
    await credit.waitFor();
    expect(await credit.textContent()).toContain('+5000.00');
    await screenshot(page, 'admission-community-funds');
    await context.close();
  });

  it('an admin defines a new ledger without code and exports it', async () => {
    const { context, page } = await newPage(browser, { ...DESKTOP, acceptDownloads: true });
    await loginUi(page, srv.url, 'admin');
    await page.goto(`${srv.url}/ledgers`);
    await page.getByTestId('ledger-new').click();
    await page.getByTestId('designer-name').fill('八十岁以上老人（演示）');
    await page.getByTestId('designer-code').fill('e2e_elderly_80');
    await page.getByTestId('designer-department').fill('区民政局');
    await pick(page, 'designer-source', '人员');
    // No columns yet: the server says exactly what is wrong.
    await page.getByTestId('designer-validate').click();
    const err = page.getByTestId('designer-error');
    await err.waitFor();
    expect(await err.textContent()).toContain('至少选择一列');
    for (const label of ['姓名', '性别', '年龄', '证件号码', '社区']) await pick(page, 'designer-columns', label);
    await page.keyboard.press('Escape');
    await page.getByTestId('designer-add-filter').click();
    await pick(page, 'designer-filter-field-0', '年龄');
    await pick(page, 'designer-filter-op-0', '大于等于');
    await page.getByTestId('designer-filter-value-0').fill('80');
    await page.getByTestId('designer-validate').click();
    await page.getByTestId('designer-valid').waitFor();
    await page.getByTestId('designer-save').click();
    await page.getByTestId('ledger-view').waitFor();
    await page.locator('.ant-table-tbody tr.ant-table-row').first().waitFor();
    await screenshot(page, 'ledger-view');
    const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('ledger-export-xlsx').click()]);
    const file = await dl.path();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(fs.readFileSync(file) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.getRow(1).getCell(1).value).toBe('八十岁以上老人（演示）');
    expect(String(ws.getRow(2).getCell(1).value)).toMatch(/^社区：示范区 {4}期间：\d{4}年\d{1,2}月$/);
    expect(ws.getRow(3).values).toEqual([undefined, '姓名', '性别', '年龄', '证件号码', '社区']);
    expect(String(ws.getRow(ws.rowCount).getCell(1).value)).toContain('制表人：系统管理员');
    const ages: number[] = [];
    for (let i = 4; i < ws.rowCount; i++) {
      ages.push(Number(ws.getRow(i).getCell(3).value));
      expect(String(ws.getRow(i).getCell(4).value)).toMatch(/^\*+[\dX]{4}$/);
    }
    expect(ages.length).toBeGreaterThan(0);
    expect(ages.every((a) => a >= 80)).toBe(true);
    await context.close();
  });
});
