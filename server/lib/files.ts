// Attachments stored by content hash under the data dir. FileStorage is the seam for an S3-compatible store.
import fs from 'node:fs';
import path from 'node:path';
import type { Queryable } from '../db/client.ts';
import type { Actor, Ctx } from './context.ts';
import { AppError } from './errors.ts';
import { sha256 } from './crypto.ts';

export type FileStorage = {
  put(key: string, data: Buffer): Promise<void>;
  get(key: string): Promise<Buffer>;
  exists(key: string): Promise<boolean>;
};

export function localStorage(root: string): FileStorage {
  const full = (key: string) => path.join(root, key);
  return {
    async put(key, data) {
      fs.mkdirSync(path.dirname(full(key)), { recursive: true });
      const tmp = `${full(key)}.${process.pid}.tmp`;
      await fs.promises.writeFile(tmp, data);
      await fs.promises.rename(tmp, full(key)); // atomic: readers never see half a file
    },
    async get(key) {
      return fs.promises.readFile(full(key));
    },
    async exists(key) {
      return fs.existsSync(full(key));
    },
  };
}

// Types we accept, recognised by their first bytes (the client's declared type is not trusted).
const SIGNATURES: { mime: string; test: (b: Buffer) => boolean }[] = [
  { mime: 'image/jpeg', test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { mime: 'image/png', test: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { mime: 'image/gif', test: (b) => b.subarray(0, 4).toString('latin1') === 'GIF8' },
  { mime: 'image/webp', test: (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP' },
  { mime: 'application/pdf', test: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-' },
  // xlsx/docx are zip containers
  { mime: 'application/zip', test: (b) => b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04 },
];

function isGb18030(data: Buffer): boolean {
  try {
    new TextDecoder('gb18030', { fatal: true }).decode(data);
    return true;
  } catch {
    return false;
  }
}

export function sniffMime(data: Buffer, name: string): string | null {
  const hit = SIGNATURES.find((s) => s.test(data));
  if (hit?.mime === 'application/zip') {
    if (/\.xlsx$/i.test(name)) return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    if (/\.docx$/i.test(name)) return 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
    return null;
  }
  if (hit) return hit.mime;
  // CSV / plain text: no NUL bytes, and valid UTF-8 or GB18030 (what Excel writes on Chinese Windows)
  if (/\.(csv|txt)$/i.test(name) && !data.includes(0) && (Buffer.from(data.toString('utf8'), 'utf8').equals(data) || isGb18030(data))) return 'text/csv';
  return null;
}

export type StoredFile = { id: string; sha256: string; size: number; mime: string; original_name: string };

export async function saveFile(
  ctx: Ctx,
  q: Queryable,
  actor: Actor,
  input: { data: Buffer; name: string; regionId?: number | null },
): Promise<StoredFile> {
  if (input.data.length === 0) throw new AppError('VALIDATION', '文件为空', 'The file is empty');
  if (input.data.length > ctx.config.fileMaxBytes) {
    const mb = Math.round(ctx.config.fileMaxBytes / 1024 / 1024);
    throw new AppError('PAYLOAD_TOO_LARGE', `文件超过 ${mb} MB 上限`, `The file exceeds the ${mb} MB limit`);
  }
  const mime = sniffMime(input.data, input.name);
  if (!mime) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', '只接受图片（JPG/PNG/GIF/WebP）、PDF、Excel（xlsx）或 CSV 文件', 'Only images (JPG/PNG/GIF/WebP), PDF, xlsx or CSV files are accepted');
  }
  const hash = sha256(input.data);
  const key = `${hash.slice(0, 2)}/${hash}`;
  if (!(await ctx.storage.exists(key))) await ctx.storage.put(key, input.data);
  const name = input.name.replace(/[\\/\x00-\x1f]/g, '_').slice(0, 200);
  const rows = await q.query<StoredFile>(
    `INSERT INTO files (sha256, size, mime, original_name, storage_key, region_id, created_by)
     VALUES ($1,$2,$3,$4,$5,$6,$7) RETURNING id, sha256, size, mime, original_name`,
    [hash, input.data.length, mime, name, key, input.regionId ?? null, actor.userId],
  );
  return rows[0];
}
