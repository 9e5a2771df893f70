// Residents' opinions in Chromium against the real server (issue 4): a resident on a phone reports a broken street
// lamp with a photo → the 花园社区 worker accepts it and dispatches it to 区民政局 → the department signs, handles
// and replies → the resident reads the reply and rates it 满意 → the department's figures on the assessment page
// change. Then a grid worker on a phone patrols, notes a finding and turns it into a case in one step.
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DESKTOP, PHONE, launchBrowser, loginResidentUi, loginUi, newPage, screenshot, startServer, type Server } from './harness.ts';

let srv: Server;
let browser: Browser;
let caseId = '';
let caseNo = '';
const DEPT = '区民政局';
type Figures = { total: number; rated: number; satisfaction: string };
let before: Figures;
// One resident session for the whole journey: a phone may ask for one code a minute.
let resident: { context: BrowserContext; page: Page } | null = null;

/** A small real PNG (a yellow lamp on a dark square), built in memory. */
function lampPng(size = 24): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const rows: number[] = [];
  for (let y = 0; y < size; y++) {
    rows.push(0);
    for (let x = 0; x < size; x++) {
      const lamp = (x - size / 2) ** 2 + (y - size / 3) ** 2 < (size / 5) ** 2;
      const pole = Math.abs(x - size / 2) < 2 && y > size / 3;
      rows.push(...(lamp ? [250, 210, 40] : pole ? [120, 120, 120] : [30, 40, 70]));
    }
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(Buffer.from(rows))), chunk('IEND', Buffer.alloc(0))]);
}

async function residentLogin(page: Page): Promise<void> {
  await loginResidentUi(page, srv);
  await page.getByTestId('app-layout').waitFor();
}

/** The department's row on the assessment page (by = 部门), as the street sees it. */
async function readFigures(name: string): Promise<Figures> {
  const { context, page } = await newPage(browser, DESKTOP);
  await loginUi(page, srv.url, 'street');
  await page.goto(`${srv.url}/case-assessment`);
  await page.getByTestId('assessment-page').waitFor();
  await page.getByTestId('assess-by').getByText('部门', { exact: true }).click();
  await page.locator('.ant-table-thead').getByText('部门', { exact: true }).waitFor();
  await page.locator('.ant-spin-spinning').waitFor({ state: 'detached' }).catch(() => undefined);
  const row = page.getByTestId(`assess-total-${name}`);
  const has = (await row.count()) > 0;
  const figures = has
    ? {
      total: Number(await row.textContent()),
      rated: Number(await page.getByTestId(`assess-rated-${name}`).textContent()),
      satisfaction: (await page.getByTestId(`assess-satisfaction-${name}`).textContent())!.trim(),
    }
    : { total: 0, rated: 0, satisfaction: '—' };
  await screenshot(page, `desktop-assessment-${before ? 'after' : 'before'}`);
  await context.close();
  return figures;
}

describe('residents’ opinions: report → dispatch → handle → reply → rate → assessment', () => {
  beforeAll(async () => {
    srv = await startServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await resident?.context.close();
    await browser?.close();
    await srv?.stop();
  });

  it('the assessment page shows the department’s figures before', async () => {
    before = await readFigures(DEPT);
    expect(before.total).toBeGreaterThanOrEqual(0);
  });

  it('a resident on a phone reports a broken street lamp with a photo', async () => {
    resident = await newPage(browser, PHONE);
    const { page } = resident;
    await residentLogin(page);
    // The resident page offers the way in.
    await page.getByTestId('resident-card-cases').waitFor();
    await page.getByTestId('resident-card-cases').scrollIntoViewIfNeeded();
    await screenshot(page, 'phone-resident-cases-card');
    await page.getByTestId('card-report').click();
    await page.getByTestId('report-page').waitFor();
    await page.getByTestId('report-category').click();
    await page.locator('.ant-cascader-menu-item').filter({ hasText: /^市政设施/ }).click();
    await page.locator('.ant-cascader-menu-item').filter({ hasText: /^路灯损坏/ }).click();
    await page.getByTestId('report-type-help').click();
    await page.getByTestId('report-description').fill('小区东门的路灯不亮已经三天了，晚上出入很黑，老人容易摔倒。');
    await page.getByTestId('report-photos').setInputFiles({ name: 'lamp.png', mimeType: 'image/png', buffer: lampPng() });
    await page.getByTestId('report-photos-previews').locator('img').waitFor();
    await page.getByTestId('report-address').fill('花园社区东门');
    await screenshot(page, 'phone-case-report');
    await page.getByTestId('report-submit').click();

    await page.getByTestId('my-case-page').waitFor();
    caseId = new URL(page.url()).pathname.split('/').at(-1)!;
    caseNo = (await page.getByTestId('my-case-no').textContent())!.trim();
    expect(caseNo).toMatch(/^MQ\d{14}$/);
    expect(await page.getByTestId('my-case-status').textContent()).toBe('待受理');
    const text = (await page.getByTestId('my-case-page').textContent())!;
    expect(text).toContain('路灯不亮');
    expect(text).toContain('1 张');
    await screenshot(page, 'phone-case-submitted');
  });

  it('the 花园社区 worker accepts it and dispatches it to 区民政局', async () => {
    const { context, page } = await newPage(browser, DESKTOP);
    await loginUi(page, srv.url, 'worker');
    await page.goto(`${srv.url}/cases?status=reported`);
    await page.getByTestId(`case-link-${caseNo}`).waitFor();
    await screenshot(page, 'desktop-cases-list');
    await page.getByTestId(`case-link-${caseNo}`).click();
    await page.getByTestId('case-detail-page').waitFor();
    expect(await page.getByTestId('case-status').textContent()).toBe('待受理');
    // The resident's photo is on the case.
    await expect.poll(() => page.locator('.ant-image img').first().evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(24);

    await page.getByTestId('case-action-accept').click();
    await page.getByTestId('action-accept-submit').click();
    await page.getByTestId('case-status').getByText('待交办').waitFor();

    await page.getByTestId('case-action-dispatch').click();
    await page.getByTestId('dispatch-type').getByText('职能部门').click();
    // The category suggests 区城市管理局; the worker picks 区民政局 by typing its name.
    await page.getByTestId('dispatch-department').click();
    await page.keyboard.type(DEPT);
    await page.locator('.ant-select-item-option-active').filter({ hasText: new RegExp(`^${DEPT}$`) }).waitFor();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('dispatch-department').textContent()).toBe(DEPT);
    await page.getByTestId('action-dispatch-note').fill('请区民政局协调处理。');
    await screenshot(page, 'desktop-case-dispatch');
    await page.getByTestId('action-dispatch-submit').click();
    await page.getByTestId('case-status').getByText('待签收').waitFor();
    expect(await page.getByTestId('case-timeline').textContent()).toContain(`交办给：${DEPT}`);
    await screenshot(page, 'desktop-case-dispatched');
    await context.close();
  });

  it('区民政局 signs for it, handles it and replies', async () => {
    const { context, page } = await newPage(browser, DESKTOP);
    await loginUi(page, srv.url, 'dept');
    await page.goto(`${srv.url}/cases`);
    await page.getByTestId(`case-link-${caseNo}`).click();
    await page.getByTestId('case-detail-page').waitFor();

    await page.getByTestId('case-action-sign').click();
    await page.getByTestId('action-sign-submit').click();
    await page.getByTestId('case-status').getByText('办理中').waitFor();

    await page.getByTestId('case-action-handle').click();
    await page.getByTestId('action-handle-note').fill('已联系路灯维护单位，更换东门路灯灯泡并检修线路。');
    await page.getByTestId('action-handle-submit').click();
    await page.getByTestId('case-status').getByText('已办结待答复').waitFor();

    await page.getByTestId('case-action-reply').click();
    await page.getByTestId('action-reply-text').fill('您反映的东门路灯已修复，感谢您对社区工作的支持。');
    await page.getByTestId('action-reply-submit').click();
    await page.getByTestId('case-status').getByText('已答复待评价').waitFor();
    const timeline = (await page.getByTestId('case-timeline').textContent())!;
    for (const step of ['登记', '受理', '交办', '签收', '办结', '答复']) expect(timeline).toContain(step);
    await screenshot(page, 'desktop-case-replied');
    await context.close();
  });

  it('the resident reads the reply on the phone and rates it 满意', async () => {
    const { page } = resident!;
    await page.goto(`${srv.url}/my/cases`);
    await page.locator('.ant-list-item').filter({ hasText: '小区东门的路灯不亮已经三天' }).click();
    await page.getByTestId('my-case-page').waitFor();
    expect(new URL(page.url()).pathname).toBe(`/my/cases/${caseId}`);
    expect(await page.getByTestId('my-case-reply').textContent()).toContain('东门路灯已修复');
    await page.getByTestId('rate-form').waitFor();
    await screenshot(page, 'phone-case-reply');
    await page.getByTestId('rate-satisfied').click();
    await page.getByTestId('rate-comment').fill('修得很快，谢谢！');
    await page.getByTestId('rate-submit').click();
    await page.getByTestId('my-case-status').getByText('已评价').waitFor();
    expect(await page.getByTestId('my-case-rating').textContent()).toBe('满意');
    expect(await page.getByTestId('rate-form').count()).toBe(0);
    await screenshot(page, 'phone-case-rated');
  });

  it('the department’s figures on the assessment page change', async () => {
    const after = await readFigures(DEPT);
    expect(after.total).toBe(before.total + 1);
    expect(after.rated).toBe(before.rated + 1);
    expect(after.satisfaction).not.toBe('—');
    if (before.satisfaction === '—') expect(after.satisfaction).toBe('100%');
    else expect(parseFloat(after.satisfaction)).toBeGreaterThanOrEqual(parseFloat(before.satisfaction));
  });

  it('a grid worker on a phone patrols, notes a finding and turns it into a case', async () => {
    const { context, page } = await newPage(browser, PHONE);
    await loginUi(page, srv.url, 'grid');
    await page.goto(`${srv.url}/grid/patrols`);
    await page.getByTestId('patrols-page').waitFor();
    if (await page.getByTestId('patrol-end').count()) await page.getByTestId('patrol-end').click(); // a demo patrol left open
    await page.getByTestId('patrol-start').click();
    await page.getByTestId('patrol-current').waitFor();
    await page.getByTestId('patrol-finding-description').fill('5号楼门口井盖松动，有安全隐患');
    await page.getByTestId('patrol-finding-address').fill('花园社区5号楼');
    await page.getByTestId('patrol-finding-photos').setInputFiles({ name: 'cover.png', mimeType: 'image/png', buffer: lampPng(16) });
    await page.getByTestId('patrol-finding-add').click();
    await page.getByText('发现的问题（1）').waitFor();
    await page.getByTestId('patrol-notes').fill('东门—5号楼—小广场—南门');
    await screenshot(page, 'phone-grid-patrol');
    await page.getByTestId('patrol-end').click();
    await page.getByTestId('patrol-start').waitFor();

    // The finished patrol is first in the log: open it and make the finding a case.
    await page.locator('.ant-collapse-header').first().click();
    // The button of the finding just recorded (demo patrols have findings of their own).
    const finding = page.locator('.ant-list-item').filter({ hasText: '5号楼门口井盖松动' }).first();
    const toCase = finding.locator('[data-testid^="finding-to-case-"]').filter({ hasText: '转为工单' }).first();
    await toCase.waitFor();
    await toCase.click();
    const testId = (await toCase.getAttribute('data-testid'))!;
    await page.getByTestId(`${testId}-category`).click();
    await page.locator('.ant-select-tree-node-content-wrapper').filter({ hasText: /^市政设施$/ }).click();
    await page.getByTestId(`${testId}-form-submit`).click();
    await page.getByText('查看工单').first().waitFor();
    await screenshot(page, 'phone-grid-finding-case');
    await page.getByText('查看工单').first().click();
    await page.getByTestId('case-detail-page').waitFor();
    expect(await page.getByTestId('case-description').textContent()).toContain('井盖松动');
    expect(await page.getByTestId('case-detail-page').textContent()).toContain('网格巡查');
    await screenshot(page, 'phone-case-detail');
    await context.close();
  });

  it('the other pages open and render: lists on a phone, admin pages on a desktop', async () => {
    const noError = async (page: Page) => expect(await page.locator('.ant-result-error, .ant-result-500, .ant-result-404').count()).toBe(0);
    const phone = await newPage(browser, PHONE);
    await loginUi(phone.page, srv.url, 'grid');
    for (const [path, testId, shot] of [['/grid/visits', 'visits-page', 'phone-grid-visits'], ['/grid/mediations', 'mediations-page', 'phone-grid-mediations'], ['/grid/workload', 'workload-mine', 'phone-grid-workload'], ['/cases', 'cases-page', 'phone-cases-list']]) {
      await phone.page.goto(`${srv.url}${path}`);
      await phone.page.getByTestId(testId).waitFor();
      await phone.page.waitForLoadState('networkidle');
      await noError(phone.page);
      await screenshot(phone.page, shot);
    }
    // A dispute whose first party is picked from the population base (linked, not re-typed).
    await phone.page.goto(`${srv.url}/grid/mediations`);
    await phone.page.getByTestId('mediation-party-0').click();
    await phone.page.keyboard.type('王');
    const party = phone.page.locator('.ant-select-item-option').filter({ hasText: /^王/ }).first();
    await party.waitFor();
    await party.click();
    await phone.page.getByTestId('mediation-party-1').click();
    await phone.page.keyboard.type('外来租户');
    await phone.page.getByTestId('mediation-description').fill('楼上漏水殃及楼下，双方就维修费用发生争执。');
    const [created] = await Promise.all([
      phone.page.waitForResponse((r) => r.url().endsWith('/api/grid/mediations') && r.request().method() === 'POST'),
      phone.page.getByTestId('mediation-submit').click(),
    ]);
    expect(created.status()).toBe(201);
    const mediations = await phone.page.evaluate(async () => (await fetch('/api/grid/mediations')).json());
    const latest = mediations.items.find((m: { description: string }) => m.description.startsWith('楼上漏水'));
    expect(latest.parties[0].personId).toBeTruthy();
    expect(latest.parties[1]).toMatchObject({ personId: null, name: '外来租户' });
    await phone.context.close();

    const desk = await newPage(browser, DESKTOP);
    await loginUi(desk.page, srv.url, 'admin');
    await desk.page.goto(`${srv.url}/case-categories`);
    await desk.page.getByTestId('categories-page').waitFor();
    await screenshot(desk.page, 'desktop-case-categories');
    await desk.page.getByText('路灯损坏').waitFor();
    await screenshot(desk.page, 'desktop-case-categories');
    await desk.page.getByTestId('category-edit-0301').click();
    await desk.page.getByTestId('category').getByText('时限（工作时间）').waitFor();
    await screenshot(desk.page, 'desktop-case-category-edit');
    await desk.page.goto(`${srv.url}/work-calendar`);
    await desk.page.getByText('国庆节').first().waitFor();
    await desk.page.getByTestId('calendar-deadline').click();
    await desk.page.getByTestId('calendar-due').waitFor();
    await screenshot(desk.page, 'desktop-work-calendar');
    await desk.page.goto(`${srv.url}/case-assessment`);
    await desk.page.getByTestId('tab-problems').click();
    await desk.page.getByTestId('problem-list').waitFor();
    await desk.page.waitForLoadState('networkidle');
    const [xlsx] = await Promise.all([desk.page.waitForEvent('download'), desk.page.getByTestId('problem-export').click()]);
    expect(xlsx.suggestedFilename()).toMatch(/季度问题清单\.xlsx$/);
    await screenshot(desk.page, 'desktop-problem-list');
    await desk.context.close();

    const worker = await newPage(browser, DESKTOP);
    await loginUi(worker.page, srv.url, 'worker');
    await worker.page.goto(`${srv.url}/cases`);
    await worker.page.getByTestId('case-new').click();
    await worker.page.getByTestId('new-case-description').fill('3号楼楼下饭店排风机夜间噪音很大，影响休息。');
    await worker.page.getByTestId('new-case-category').click();
    await worker.page.keyboard.type('噪音');
    await worker.page.locator('.ant-select-tree-node-content-wrapper').filter({ hasText: /噪音扰民/ }).click();
    await worker.page.getByTestId('new-case-address').fill('花园社区3号楼');
    // Tie it to the population base: the building, and a person found by surname (no re-typing).
    await worker.page.getByTestId('new-case-building').click();
    await worker.page.keyboard.type('3号楼');
    await worker.page.locator('.ant-select-item-option').filter({ hasText: /^3号楼/ }).first().click();
    await worker.page.getByTestId('new-case-persons').click();
    await worker.page.keyboard.type('王');
    const hit = worker.page.locator('.ant-select-item-option').filter({ hasText: /^王/ }).first();
    await hit.waitFor();
    const personName = ((await hit.textContent()) ?? '').split(' ')[0];
    await hit.click();
    // Close the dropdown by clicking inside the dialog (Escape would close the dialog itself once the list is shut).
    await worker.page.getByTestId('new-case-description').click();
    await screenshot(worker.page, 'desktop-case-new');
    await worker.page.getByTestId('new-case-submit').click();
    await worker.page.getByTestId('case-detail-page').waitFor();
    expect(await worker.page.getByTestId('case-status').textContent()).toBe('待受理');
    const detail = (await worker.page.getByTestId('case-detail-page').textContent()) ?? '';
    expect(detail).toContain('热线');
    expect(detail).toContain(personName);
    const caseId = worker.page.url().split('/').pop()!;
    const saved = await worker.page.evaluate(async (id) => (await fetch(`/api/cases/${id}`)).json(), caseId);
    expect(saved.buildingId).toBeTruthy();
    expect(saved.persons.map((p: { name: string }) => p.name)).toEqual([personName]);
    await worker.context.close();
  });
});
