// Population journeys in Chromium against the real server (issue 3, "Tests"): a community worker imports a MESSY
// register through the UI (merged title row, two-level header, local column names, mixed date formats, a bad check
// digit, a gender that disagrees with the ID, a signature line), corrects the one column the header detection could
// not map, reads the error report, commits, finds a person by pinyin initials and opens their page; the building
// view shows who lives where; the secretary reveals an ID number (audited); the search page works on a 375-px phone.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { DESKTOP, PHONE, launchBrowser, loginUi, newPage, screenshot, startServer, type Server } from './harness.ts';
import { BAD_CHECK, ID, REG_ADDR, messyWorkbook } from './population-workbook.ts';

let srv: Server;
let browser: Browser;
let workbookPath = '';
let personPath = '';

describe('population base in the browser', () => {
  beforeAll(async () => {
    srv = await startServer();
    browser = await launchBrowser();
    workbookPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'linli-pop-')), '花园社区花名册.xlsx');
    await messyWorkbook(workbookPath);
  });
  afterAll(async () => {
    await browser?.close();
    await srv?.stop();
  });

  it('a worker imports a messy register: corrects one column, reads the error report, commits, finds 司马光明 by initials', async () => {
    const { context, page } = await newPage(browser, DESKTOP);
    await loginUi(page, srv.url, 'worker');
    await page.getByTestId('menu-population/import').click();
    await page.getByTestId('import-page').waitFor();
    await page.getByTestId('import-upload').setInputFiles(workbookPath); // antd puts the test id on the hidden file input

    // The header is found under the merged title, on the second header row, with the group's names filled in.
    await page.getByTestId('import-preview').waitFor({ timeout: 45_000 });
    await expect(page.getByTestId('import-header-row').textContent()).resolves.toContain('表头在第 3 行');
    await expect(page.getByTestId('import-header-row').textContent()).resolves.toContain('数据 7 行');
    const addrRow = page.getByTestId('mapping-row-户口登记地址');
    await expect(addrRow.textContent()).resolves.toContain('（不导入）');
    await expect(page.getByTestId('mapping-row-公民身份号码').textContent()).resolves.toContain('证件号码');
    // Correct the one column the detection could not map.
    await page.getByTestId('mapping-select-13').click();
    await page.keyboard.type('户籍地址');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    await expect(addrRow.textContent()).resolves.toContain('户籍地址');
    await screenshot(page, 'population-import-mapping');

    // Check every row without writing: 5 valid, 2 rejected with their row numbers and reasons.
    await page.getByTestId('import-check-run').click();
    const check = page.getByTestId('import-check');
    await check.waitFor({ timeout: 45_000 });
    const rejected = check.getByTestId('import-rejected');
    await rejected.getByText('第 9 行').waitFor();
    await expect(rejected.textContent()).resolves.toMatch(/第 9 行.*校验位/);
    await expect(rejected.textContent()).resolves.toMatch(/第 10 行.*性别/);
    await check.evaluate((el) => el.scrollIntoView());
    await screenshot(page, 'population-import-check');

    // The error report: the rejected rows with the original cells and an error column.
    const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('import-error-report').click()]);
    const reportPath = path.join(path.dirname(workbookPath), 'errors.xlsx');
    await dl.saveAs(reportPath);
    const report = new ExcelJS.Workbook();
    await report.xlsx.readFile(reportPath);
    const lines: string[] = [];
    report.worksheets[0].eachRow((r) => lines.push((r.values as unknown[]).slice(1).map((v) => String(v ?? '')).join('|')));
    const text = lines.join('\n');
    expect(text).toContain('错误原因');
    expect(lines.find((l) => l.startsWith('9|'))).toMatch(/孙大圣.*校验位/);
    expect(lines.find((l) => l.startsWith('10|'))).toMatch(/刘备.*性别/);

    // Commit: the job runs with a progress bar, then the summary.
    await page.getByTestId('import-commit').click();
    const summary = page.getByTestId('import-summary');
    await summary.waitFor({ timeout: 60_000 });
    await expect(summary.textContent()).resolves.toMatch(/新增5/);
    await screenshot(page, 'population-import-summary');

    // Find 司马光明 by the initials of his name and open his page.
    await page.getByTestId('import-to-search').click();
    await page.getByTestId('person-search').locator('input').fill('smgm');
    await page.getByTestId('person-search').locator('input').press('Enter');
    await page.getByTestId('person-row-司马光明').waitFor();
    await expect(page.getByTestId('person-total').textContent()).resolves.toContain('按拼音');
    await page.waitForFunction(() => !document.querySelector('.ant-spin-spinning'));
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'population-search-initials');
    // Export the same result: only what the search found, masked.
    const [xl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('person-export').click()]);
    const exportPath = path.join(path.dirname(workbookPath), 'export.xlsx');
    await xl.saveAs(exportPath);
    const exported = new ExcelJS.Workbook();
    await exported.xlsx.readFile(exportPath);
    const cells: string[] = [];
    exported.worksheets[0].eachRow((r) => cells.push((r.values as unknown[]).map((v) => String(v ?? '')).join('|')));
    expect(cells.join('\n')).toContain('司马光明');
    expect(cells.join('\n')).not.toContain('李秀英');
    expect(cells.join('\n')).not.toContain(ID.sima);
    expect(cells.join('\n')).toContain(ID.sima.slice(-4));
    await page.getByTestId('person-row-司马光明').getByTestId('person-link').click();
    await page.getByTestId('person-page').waitFor();
    await expect(page.getByTestId('person-name').textContent()).resolves.toBe('司马光明');
    const basics = page.getByTestId('person-basics');
    await basics.getByText(REG_ADDR).waitFor(); // the corrected column landed
    await expect(basics.textContent()).resolves.toContain('1950-03-02');
    // Masked for a worker without person.reveal, and no reveal button.
    await expect(page.getByTestId('person-doc').textContent()).resolves.toContain(ID.sima.slice(-4));
    expect(await page.getByTestId('person-doc').textContent()).not.toContain(ID.sima.slice(0, 6));
    expect(await page.getByTestId('person-doc').getByRole('button').count()).toBe(0);
    await page.getByTestId('person-household').getByText('司马秀兰').waitFor();
    await page.getByTestId('person-house').getByText('花园里18号楼').waitFor();
    personPath = new URL(page.url()).pathname;
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'population-person');

    // The building view: floors × rooms, who lives in 301; clicking the room shows its household.
    await page.getByTestId('person-house').getByText('楼栋视图').click();
    await page.getByTestId('building-view').waitFor();
    await page.getByTestId('unit-2').waitFor();
    await expect(page.getByTestId('room-301').textContent()).resolves.toContain('司马光明');
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'population-building');
    await page.getByTestId('room-301').click();
    await page.getByTestId('room-drawer').getByText('司马秀兰').first().waitFor();
    await page.getByTestId('room-drawer').getByText('H2026001').first().waitFor();
    await page.waitForTimeout(400); // let the drawer finish sliding in
    await screenshot(page, 'population-building-room');
    // Mark 302 as rented: the room takes the rented colour and the legend counts it.
    await page.getByTestId('room-drawer').locator('.ant-drawer-close').click();
    await page.getByTestId('room-302').click();
    await page.getByTestId('room-use').click();
    await page.locator('.ant-select-dropdown:visible').getByText('出租', { exact: true }).click();
    await expect.poll(() => page.getByTestId('room-302').getAttribute('data-use')).toBe('rented');
    await page.getByTestId('room-drawer').locator('.ant-drawer-close').click();
    await page.getByTestId('use-legend').getByText('出租 1').waitFor();
    // Register an empty shop on the ground floor: it appears in its cell, coloured as business.
    await page.getByTestId('house-create').click();
    await page.getByTestId('house-form-room').fill('101');
    await page.getByTestId('house-form-use').click();
    await page.keyboard.type('经营');
    await page.keyboard.press('Enter');
    await page.getByTestId('house-form-submit').click();
    await expect.poll(() => page.getByTestId('room-101').getAttribute('data-use')).toBe('business');
    await context.close();
  });

  it('the secretary reveals the full ID number on the person page (audited) and adds a tag with its attributes', async () => {
    const { context, page } = await newPage(browser, DESKTOP);
    await loginUi(page, srv.url, 'secretary');
    await page.goto(`${srv.url}${personPath}`);
    await page.getByTestId('person-page').waitFor();
    const revealed = page.waitForResponse((r) => r.url().endsWith('/reveal') && r.status() === 200);
    await page.getByTestId('person-doc').getByRole('button').click();
    await revealed;
    await page.getByTestId('person-doc').getByText(ID.sima).waitFor();

    // A server-side rule (the GB 11643 check digit) lands on its field in the edit form.
    await page.getByTestId('person-edit').click();
    await page.getByTestId('person-form-doc').fill(BAD_CHECK);
    await page.getByTestId('person-form-submit').click();
    await page.getByTestId('person-form').locator('.ant-form-item-explain-error').getByText('校验位').waitFor();
    await page.getByTestId('person-form').getByRole('button', { name: /取\s*消/ }).click();

    await page.getByTestId('tag-add').click();
    await page.getByTestId('tag-form-code').click();
    await page.keyboard.type('低保');
    await page.keyboard.press('Enter');
    await page.getByTestId('tag-form-submit').click();
    await page.getByText('请填写「月保障金额（元）」').first().waitFor(); // required attribute from the tag type
    await page.locator('input[data-testid="tag-attr-monthlyAmount"], [data-testid="tag-attr-monthlyAmount"] input').first().fill('680');
    await page.getByTestId('tag-attr-startDate').fill('2026-01-01');
    await page.getByTestId('tag-form-submit').click();
    await page.getByTestId('person-tag-low_income').getByText('680').waitFor();
    await page.getByTestId('person-history').getByText('设置标签').waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'population-person-secretary');

    await context.close();

    // The reveal is in the audit log (read by the administrator).
    const admin = await newPage(browser, DESKTOP);
    await loginUi(admin.page, srv.url, 'admin');
    const audit = await admin.page.evaluate(async () => (await fetch('/api/audit?action=person.reveal')).json() as Promise<{ items?: { action: string; entityId?: string | null }[] }>);
    expect((audit.items ?? []).some((a) => a.action === 'person.reveal' && personPath.endsWith(a.entityId ?? '?'))).toBe(true);
    await admin.context.close();
  });

  it('buildings, the household register and organisations: a worker registers a property company', async () => {
    const { context, page } = await newPage(browser, DESKTOP);
    await loginUi(page, srv.url, 'worker');
    // A move-out is recorded as a dated event: the status changes and the history says so.
    await page.getByTestId('menu-population').click();
    await page.getByTestId('person-search').locator('input').fill('阿不都');
    await page.getByTestId('person-search').locator('input').press('Enter');
    await page.getByTestId('person-row-阿不都·热合曼').getByTestId('person-link').click();
    await page.getByTestId('person-event').click();
    await page.getByTestId('event-form-kind').click();
    await page.locator('.ant-select-dropdown:visible').getByText('迁出', { exact: true }).click();
    await page.getByTestId('event-form-note').fill('迁往新疆喀什');
    await page.getByTestId('event-form-submit').click();
    await page.getByTestId('person-page').getByText('已迁出').first().waitFor();
    await page.getByTestId('person-events').getByText('迁往新疆喀什').waitFor();
    await page.getByTestId('person-history').getByText('事件：迁出').waitFor();

    // The same box finds people by address.
    await page.getByTestId('menu-population').click();
    await page.getByTestId('person-search').locator('input').fill('花园里18号楼1单元');
    await page.getByTestId('person-search').locator('input').press('Enter');
    await page.getByTestId('person-row-司马秀兰').waitFor();
    await expect(page.getByTestId('person-total').textContent()).resolves.toContain('按地址');
    expect(await page.getByTestId('person-row-李秀英').count()).toBe(0); // 2单元

    await page.getByTestId('menu-population/buildings').click();
    await page.getByTestId('building-table').getByText('花园里18号楼').waitFor();
    await screenshot(page, 'population-buildings');
    await page.getByText('户籍登记').click();
    await page.getByPlaceholder('户号或户主姓名').fill('H2026001');
    await page.getByPlaceholder('户号或户主姓名').press('Enter');
    await page.getByTestId('household-table').getByText('H2026001').waitFor();
    await page.getByTestId('household-table').locator('.ant-table-row-expand-icon').first().click();
    await page.getByTestId('household-table').getByRole('link', { name: '司马秀兰' }).waitFor();
    await screenshot(page, 'population-households');

    await page.getByTestId('menu-population/organisations').click();
    await page.getByTestId('org-create').click();
    await page.getByTestId('org-form-name').fill('花园里18号楼物业服务中心');
    await page.getByTestId('org-form-kind').locator('input').first().fill('物业公司');
    await page.getByTestId('org-form-uscc').fill('ABC');
    await page.getByTestId('org-form-submit').click();
    await page.getByText('统一社会信用代码应为 18 位数字或大写字母').waitFor();
    await page.getByTestId('org-form-uscc').fill('91370102MA3C123456');
    await page.getByTestId('org-form-submit').click();
    await page.getByTestId('org-table').getByText('91370102MA3C123456').waitFor();
    await page.getByTestId('org-table').getByText('花园里18号楼物业服务中心').waitFor();
    await screenshot(page, 'population-organisations');
    await context.close();
  });

  it('the search page works on a 375-px phone: a two-character name, masked values, nothing wider than the screen', async () => {
    const { context, page } = await newPage(browser, PHONE);
    await loginUi(page, srv.url, 'worker');
    await page.goto(`${srv.url}/population`);
    await page.getByTestId('population-page').waitFor();
    await page.getByTestId('person-filters-toggle').click();
    await page.getByTestId('filter-gender').waitFor();
    await screenshot(page, 'phone-population-filters');
    await page.getByTestId('person-filters-toggle').click();
    await page.getByTestId('person-search').locator('input').fill('司马');
    await page.getByTestId('person-search').locator('input').press('Enter');
    await page.getByTestId('person-row-司马秀兰').waitFor();
    await expect(page.getByTestId('person-row-司马秀兰').textContent()).resolves.toContain(`*${ID.simaWife.slice(-4)}`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await screenshot(page, 'phone-population-search');
    await page.getByTestId('person-row-司马秀兰').getByTestId('person-link').click();
    await page.getByTestId('person-page').waitFor();
    await page.getByTestId('person-household').getByRole('link', { name: '司马光明' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'phone-population-person');
    // The building view on the phone: units scroll sideways inside their box, the page itself does not.
    await page.getByTestId('person-house').getByText('楼栋视图').click();
    await page.getByTestId('room-301').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await screenshot(page, 'phone-population-building');
    await page.getByTestId('room-301').click();
    await page.getByTestId('room-drawer').getByText('H2026001').first().waitFor();
    await page.waitForTimeout(400);
    await screenshot(page, 'phone-population-room');
    // The import page on the phone.
    await page.goto(`${srv.url}/population/import`);
    await page.getByText('点击或拖入花名册文件').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await screenshot(page, 'phone-population-import');
    await context.close();
  });
});
