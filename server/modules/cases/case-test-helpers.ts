// Shared by the case and grid tests: a resident client (phone + one-time code), a tiny photo upload, lookups.
import type { Client, TestEnv } from '../../test/harness.ts';

export async function residentLogin(env: TestEnv, phone = '13800138000'): Promise<Client> {
  await env.anon.post('/api/auth/otp/request', { phone });
  const msg = await env.ctx.db.query<{ body: string }>('SELECT body FROM notifications WHERE recipient = $1 ORDER BY created_at DESC LIMIT 1', [phone]);
  const code = /(\d{6})/.exec(msg[0].body)![1];
  const res = await env.app.inject({ method: 'POST', url: '/api/auth/otp/verify', payload: { phone, code } });
  if (res.statusCode !== 200) throw new Error(`resident login failed: ${res.body}`);
  const cookie = `linli_sid=${res.cookies.find((c) => c.name === 'linli_sid')!.value}`;
  const csrf = res.json().csrfToken as string;
  const request: Client['request'] = async (method, url, body) => {
    const r = await env.app.inject({ method: method as 'GET', url, headers: { cookie, 'x-csrf-token': csrf }, ...(body !== undefined ? { payload: body as object } : {}) });
    let parsed: unknown;
    try { parsed = r.json(); } catch { parsed = r.body; }
    return { status: r.statusCode, body: parsed, headers: r.headers as Record<string, unknown>, raw: r.rawPayload };
  };
  return { cookie, csrf, request, get: (u) => request('GET', u), post: (u, b) => request('POST', u, b ?? {}), patch: (u, b) => request('PATCH', u, b ?? {}), put: (u, b) => request('PUT', u, b ?? {}), del: (u) => request('DELETE', u) };
}

// A 1×1 PNG: enough for the file type sniffer.
export const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');

export async function uploadPhoto(env: TestEnv, client: Client, name = 'lamp.png'): Promise<string> {
  const boundary = '----linli' + Math.random().toString(16).slice(2);
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: image/png\r\n\r\n`),
    PNG,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const r = await env.app.inject({ method: 'POST', url: '/api/files', payload: body, headers: { cookie: client.cookie, 'x-csrf-token': client.csrf, 'content-type': `multipart/form-data; boundary=${boundary}` } });
  if (r.statusCode !== 201) throw new Error(`upload failed: ${r.body}`);
  return r.json()[0].id as string;
}

export async function categoryId(env: TestEnv, code: string): Promise<string> {
  const rows = await env.ctx.db.query<{ id: string }>('SELECT id FROM case_categories WHERE code = $1', [code]);
  return rows[0].id;
}

export async function departmentId(env: TestEnv, code: string): Promise<string> {
  const rows = await env.ctx.db.query<{ id: string }>('SELECT id FROM departments WHERE code = $1', [code]);
  return rows[0].id;
}

export async function buildingIn(env: TestEnv, gridCode: string): Promise<string> {
  const rows = await env.ctx.db.query<{ id: string }>('SELECT b.id FROM buildings b JOIN regions g ON g.id = b.grid_id WHERE g.code = $1 ORDER BY b.name LIMIT 1', [gridCode]);
  return rows[0].id;
}
