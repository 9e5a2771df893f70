// Certificates and the service hall in Chromium against the real server (issue 5): a worker issues a 居住证明 for
// a found person in three steps, opens the QR link (no login) and sees it valid; the secretary revokes it and the
// link shows it revoked; the certificate PDF is rendered to PNG in the browser (pdf.js); a resident on a phone
// applies online and sees the progress.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DESKTOP, PHONE, launchBrowser, loginResidentUi, loginUi, newPage, screenshot, startServer, type Server } from './harness.ts';

const require = createRequire(import.meta.url);
const PDFJS = path.dirname(require.resolve('pdfjs-dist/build/pdf.mjs'));

let srv: Server;
let browser: Browser;
let verifyPath = '';
let serialNo = '';
let certId = '';

/** Renders page 1 of a PDF (fetched with the page's session) to a PNG with pdf.js inside Chromium. */
async function renderPdfToPng(page: Page, pdfUrl: string): Promise<{ png: Buffer; inked: number }> {
  await page.route('**/__pdfjs/**', (route) => {
    const name = path.basename(new URL(route.request().url()).pathname);
    if (name === 'view.html') return route.fulfill({ contentType: 'text/html', body: '<!doctype html><meta charset="utf-8"><body></body>' });
    return route.fulfill({ path: path.join(PDFJS, name), contentType: 'text/javascript' });
  });
  await page.goto(`${srv.url}/__pdfjs/view.html`);
  // A string, not a function: the test runner would rewrite a dynamic import() inside a function body.
  const script = `(async () => {
    const pdfjs = await import('/__pdfjs/pdf.mjs');
    pdfjs.GlobalWorkerOptions.workerSrc = '/__pdfjs/pdf.worker.mjs';
    const data = new Uint8Array(await (await fetch(${JSON.stringify(pdfUrl)})).arrayBuffer());
    const doc = await pdfjs.getDocument({ data }).promise;
    const p = await doc.getPage(1);
    const viewport = p.getViewport({ scale: 1.5 });
    const canvas = document.createElement('canvas');
    canvas.width = viewport.width;
    canvas.height = viewport.height;
    document.body.appendChild(canvas);
    const ctx = canvas.getContext('2d');
    await p.render({ canvas, canvasContext: ctx, viewport }).promise;
    const px = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    let inked = 0;
    for (let i = 0; i < px.length; i += 4) if (px[i] < 128 && px[i + 1] < 128 && px[i + 2] < 128) inked++;
    return { dataUrl: canvas.toDataURL('image/png'), inked };
  })()`;
  const result = (await page.evaluate(script)) as { dataUrl: string; inked: number };
  return { png: Buffer.from(result.dataUrl.split(',')[1], 'base64'), inked: result.inked };
}

describe('certificates and the service hall', () => {
  beforeAll(async () => {
    srv = await startServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await srv?.stop();
  });

  it('a worker issues a 居住证明 for a found person in three steps; the QR link shows it valid without login', async () => {
    const { context, page } = await newPage(browser, DESKTOP);
    await loginUi(page, srv.url, 'worker');
    await page.goto(`${srv.url}/certificates/issue`);
    // Step 1: find the person (pinyin initial) and pick the first hit.
    await page.getByTestId('cert-person-search').locator('input').fill('z');
    await page.getByTestId('cert-person-search').locator('input').press('Enter');
    await page.getByTestId('cert-person-result-0').click();
    await page.getByTestId('cert-person').waitFor();
    const name = (await page.getByTestId('cert-person').textContent())!.trim();
    // Step 2: choose 居住证明, give the purpose, preview (filled from the base).
    await page.getByTestId('cert-type').click();
    await page.locator('.ant-select-item-option').filter({ hasText: /^居住证明/ }).first().click();
    await page.getByTestId('cert-purpose').fill('子女入学');
    await page.getByTestId('cert-preview').click();
    const preview = page.getByTestId('cert-preview-card');
    await preview.waitFor();
    expect(await preview.textContent()).toContain(name);
    expect(await preview.textContent()).toContain('花园社区');
    await screenshot(page, 'certificate-preview');
    // Step 3: issue.
    await page.getByTestId('cert-issue').click();
    serialNo = (await page.getByTestId('cert-serial').textContent())!.trim();
    expect(serialNo).toMatch(/^370199001001-\d{4}-\d{6}$/);
    verifyPath = (await page.getByTestId('cert-verify-link').getAttribute('href'))!;
    certId = (await page.getByTestId('cert-pdf').getAttribute('href'))!.split('/')[3];
    expect(verifyPath).toMatch(/^\/verify\/[A-Za-z0-9_-]+$/);

    // The PDF renders (Chinese glyphs embedded): page 1 to PNG in the browser.
    const { png, inked } = await renderPdfToPng(page, `/api/certificates/${certId}/pdf`);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(inked).toBeGreaterThan(2000); // title, text and the QR code are drawn
    fs.mkdirSync(path.join('e2e', 'screenshots'), { recursive: true });
    fs.writeFileSync(path.join('e2e', 'screenshots', 'certificate-pdf.png'), png);
    await context.close();

    // Anyone scanning the QR code: no login.
    const anon = await newPage(browser, PHONE);
    await anon.page.goto(`${srv.url}${verifyPath}`);
    const status = anon.page.getByTestId('verify-status');
    await status.waitFor();
    expect(await status.getAttribute('data-status')).toBe('valid');
    const text = (await anon.page.getByTestId('verify-page').textContent())!;
    expect(text).toContain('居住证明');
    expect(text).toContain(serialNo);
    expect(text).not.toContain(name); // the holder's name is masked
    expect(text).toMatch(/\*{14}[0-9X]{4}/);
    await screenshot(anon.page, 'certificate-verify-valid');
    await anon.context.close();
  });

  it('the secretary revokes it with a reason; the QR link then shows it revoked', async () => {
    const { context, page } = await newPage(browser, DESKTOP);
    await loginUi(page, srv.url, 'secretary');
    await page.goto(`${srv.url}/certificates`);
    await page.getByTestId(`cert-revoke-${serialNo}`).click();
    await page.getByTestId('cert-revoke-reason').fill('住址登记有误');
    await page.locator('#cert-revoke-ok').click();
    await page.getByText('已撤销').first().waitFor();
    await context.close();

    const anon = await newPage(browser, PHONE);
    await anon.page.goto(`${srv.url}${verifyPath}`);
    const status = anon.page.getByTestId('verify-status');
    await status.waitFor();
    expect(await status.getAttribute('data-status')).toBe('revoked');
    expect(await status.textContent()).toContain('已撤销');
    await screenshot(anon.page, 'certificate-verify-revoked');
    await anon.context.close();
  });

  it('the window takes an application from a found person; missing materials give the one-time notice', async () => {
    const { context, page } = await newPage(browser, DESKTOP);
    await loginUi(page, srv.url, 'worker');
    await page.goto(`${srv.url}/applications`);
    await page.getByTestId('intake-open').click();
    await page.getByTestId('intake-person-search').locator('input').fill('w');
    await page.getByTestId('intake-person-search').locator('input').press('Enter');
    await page.getByTestId('intake-person-result-0').click();
    await page.getByTestId('intake-item').click();
    await page.keyboard.type('临时救助'); // the option list is virtual: filter it first
    await page.locator('.ant-select-item-option').filter({ hasText: '临时救助' }).first().click();
    await page.getByTestId('material-id_card').click();
    await page.getByTestId('intake-submit').click();
    const no = (await page.getByTestId('intake-no').textContent())!;
    expect(no).toMatch(/^BJ370199001001\d{9}$/);
    const notice = await page.getByTestId('intake-notice').getAttribute('href');
    const res = await page.evaluate(async (u) => { const r = await fetch(u!); return { status: r.status, type: r.headers.get('content-type') }; }, notice);
    expect(res).toEqual({ status: 200, type: 'application/pdf' });
    await screenshot(page, 'window-intake-notice');
    // The catalogues open for staff.
    await page.goto(`${srv.url}/certificates/types`);
    await page.getByTestId('cert-types-page').getByText('无犯罪记录证明').waitFor();
    await page.goto(`${srv.url}/applications/items`);
    await page.getByTestId('service-items-page').getByText('最低生活保障（低保）申请').waitFor();
    await context.close();
    // The public guide, without login.
    const anon = await newPage(browser, PHONE);
    await anon.page.goto(`${srv.url}/services`);
    await anon.page.getByTestId('service-low_income_application').waitFor();
    await anon.context.close();
  });

  it('a resident on a phone applies online for a service and sees its progress', async () => {
    const { context, page } = await newPage(browser, PHONE);
    await loginResidentUi(page, srv);
    await page.getByTestId('resident-page').waitFor();

    await page.goto(`${srv.url}/my/applications`);
    await page.getByTestId('apply-item').click();
    await page.keyboard.type('临时救助');
    await page.locator('.ant-select-item-option').filter({ hasText: '临时救助' }).first().click();
    await page.getByTestId('apply-material-id_card').click();
    await page.getByTestId('apply-material-hukou').click();
    await page.getByTestId('apply-submit').click();
    await page.getByTestId('my-application-detail').waitFor();
    expect(await page.getByTestId('my-application-status-0').textContent()).toBe('待受理');
    expect(await page.getByTestId('my-application-detail').textContent()).toContain('网上提交申请');
    expect(await page.getByTestId('my-application-detail').textContent()).toContain('临时救助申请书'); // still missing
    await screenshot(page, 'phone-resident-apply');

    // The window accepts it; the resident's list shows it in progress.
    const staff = await newPage(browser, DESKTOP);
    await loginUi(staff.page, srv.url, 'worker');
    const accepted = await staff.page.evaluate(async () => {
      const me = await (await fetch('/api/auth/me')).json();
      const list = await (await fetch('/api/applications?status=submitted')).json();
      const id = list.items[0].id as string;
      await fetch(`/api/applications/${id}/materials`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken }, body: JSON.stringify({ materials: [{ key: 'form', provided: true }, { key: 'hardship', provided: true }] }) });
      return (await (await fetch(`/api/applications/${id}/accept`, { method: 'POST', headers: { 'x-csrf-token': me.csrfToken } })).json()).status as string;
    });
    expect(accepted).toBe('in_progress');
    await staff.context.close();
    await page.reload();
    await page.getByTestId('my-application-status-0').getByText('办理中').waitFor();
    await context.close();
  });
});
