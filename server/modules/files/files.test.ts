import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { setupTestEnv, type Client, type TestEnv } from '../../test/harness.ts';

let env: TestEnv;
beforeAll(async () => { env = await setupTestEnv({ persons: 60 }); });
afterAll(async () => env?.close());

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5b1e6a50000000049454e44ae426082', 'hex');

function multipart(name: string, data: Buffer, type = 'application/octet-stream') {
  const boundary = '----linli' + Math.random().toString(16).slice(2);
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

async function upload(c: Client, name: string, data: Buffer) {
  const m = multipart(name, data);
  const res = await env.app.inject({ method: 'POST', url: '/api/files', headers: { cookie: c.cookie, 'x-csrf-token': c.csrf, 'content-type': m.contentType }, payload: m.body });
  return { status: res.statusCode, body: res.json() };
}

describe('files', () => {
  test('an image is stored by content hash and served back to people in scope', async () => {
    const c = await env.login('worker');
    const res = await upload(c, '路灯.png', PNG);
    expect(res.status).toBe(201);
    expect(res.body[0]).toMatchObject({ mime: 'image/png', size: PNG.length, originalName: '路灯.png' });
    const again = await upload(c, 'copy.png', PNG);
    expect(again.body[0].sha256).toBe(res.body[0].sha256);
    const got = await c.get(`/api/files/${res.body[0].id}`);
    expect(got.status).toBe(200);
    expect(got.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(got.raw, PNG)).toBe(0);
    const secretary = await env.login('secretary');
    expect((await secretary.get(`/api/files/${res.body[0].id}`)).status).toBe(200);
    const other = await env.login('worker2');
    expect((await other.get(`/api/files/${res.body[0].id}`)).status).toBe(404);
  });

  test('a type we do not accept is refused by its content, whatever its name', async () => {
    const c = await env.login('worker');
    const res = await upload(c, 'photo.png', Buffer.from('MZ\x90\x00 this is an executable'));
    expect(res.status).toBe(415);
    expect(res.body.error.message).toContain('只接受');
  });

  test('too large is refused with the limit in the message', async () => {
    const prev = env.ctx.config.fileMaxBytes;
    env.ctx.config.fileMaxBytes = 1024 * 1024;
    try {
      const c = await env.login('worker');
      const big = Buffer.concat([PNG, Buffer.alloc(2 * 1024 * 1024)]);
      const res = await upload(c, 'big.png', big);
      expect([413]).toContain(res.status);
      expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    } finally {
      env.ctx.config.fileMaxBytes = prev;
    }
  });

  test('not multipart is a 400/415, never a 500', async () => {
    const c = await env.login('worker');
    const res = await c.post('/api/files', { a: 1 });
    expect([400, 415]).toContain(res.status);
  });
});

describe('residents and files', () => {
  test('a resident sees their own upload but not a staff upload from their community', async () => {
    const staff = await env.login('worker');
    const staffFile = (await upload(staff, 'staff.png', PNG)).body[0].id;
    const resident = await env.loginResident();
    const own = await upload(resident, 'mine.png', Buffer.concat([PNG, Buffer.from([0])]));
    expect(own.status).toBe(201);
    expect((await resident.get(`/api/files/${own.body[0].id}`)).status).toBe(200);
    expect((await resident.get(`/api/files/${staffFile}`)).status).toBe(404);
  });

  test("a resident's phone number never appears in their label", async () => {
    const resident = await env.loginResident();
    const me = await resident.get('/api/auth/me');
    expect(me.body.user.username).not.toContain('13800138000');
    expect(me.body.user.username).toMatch(/^resident_[0-9a-f]{10}$/);
  });
});
