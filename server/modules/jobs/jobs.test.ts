import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { setupTestEnv, type TestEnv } from '../../test/harness.ts';
import { enqueueJob, registerJobHandler, runOneJob, requeueStale, startWorker } from '../../lib/jobs.ts';
import { openPostgres } from '../../db/client.ts';
import type { Ctx } from '../../lib/context.ts';

let env: TestEnv;
let calls: Record<string, number> = {};
registerJobHandler('test.count', async (_ctx, job, report) => {
  calls[job.id] = (calls[job.id] ?? 0) + 1;
  await report.progress(1, 2, '一半');
  await new Promise((r) => setTimeout(r, 5));
  await report.progress(2, 2, '完成');
  return { n: calls[job.id] };
});
let flaky = 0;
registerJobHandler('test.flaky', async () => {
  flaky++;
  throw new Error('boom');
});

beforeAll(async () => { env = await setupTestEnv({ persons: 60 }); });
afterAll(async () => env?.close());

async function drain(ctx: Ctx, worker: string) {
  while (await runOneJob(ctx, worker)) { /* keep going */ }
}

describe('jobs', () => {
  test('two server processes never run the same job twice', async () => {
    calls = {};
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) ids.push(await enqueueJob(env.ctx.db, 'test.count', { i }));
    // A second process: on PostgreSQL its own connection pool; on PGlite the same embedded database.
    const second = env.ctx.db.kind === 'postgres' && process.env.TEST_DATABASE_URL
      ? { ...env.ctx, db: await openPostgres((env.ctx.db.pool!.options as { connectionString: string }).connectionString, 4) }
      : env.ctx;
    await Promise.all([drain(env.ctx, 'proc-a'), drain(second, 'proc-b'), drain(env.ctx, 'proc-a2'), drain(second, 'proc-b2')]);
    if (second !== env.ctx) await second.db.close();
    for (const id of ids) expect(calls[id], id).toBe(1);
    const runs = await env.ctx.db.query<{ job_id: string; n: number }>(`SELECT job_id, count(*)::int AS n FROM job_runs WHERE job_id = ANY($1) GROUP BY job_id`, [ids]);
    expect(runs.length).toBe(40);
    expect(runs.every((r) => r.n === 1)).toBe(true);
    const workers = await env.ctx.db.query<{ worker: string }>(`SELECT DISTINCT worker FROM job_runs WHERE job_id = ANY($1)`, [ids]);
    expect(workers.length).toBeGreaterThan(1);
    const done = await env.ctx.db.query<{ status: string; progress: number }>(`SELECT status, progress FROM jobs WHERE id = ANY($1)`, [ids]);
    expect(done.every((j) => j.status === 'succeeded' && j.progress === 2)).toBe(true);
  });

  test('a failing job retries with back-off, then fails for good', async () => {
    flaky = 0;
    const id = await enqueueJob(env.ctx.db, 'test.flaky', {}, { maxAttempts: 2 });
    await runOneJob(env.ctx, 'w');
    let row = (await env.ctx.db.query<{ status: string; attempts: number }>('SELECT status, attempts FROM jobs WHERE id = $1', [id]))[0];
    expect(row).toMatchObject({ status: 'queued', attempts: 1 });
    await env.ctx.db.query('UPDATE jobs SET run_at = now() WHERE id = $1', [id]); // skip the back-off wait
    await runOneJob(env.ctx, 'w');
    row = (await env.ctx.db.query<{ status: string; attempts: number; error: string }>('SELECT status, attempts, error FROM jobs WHERE id = $1', [id]))[0];
    expect(row).toMatchObject({ status: 'failed', attempts: 2, error: 'boom' });
    expect(flaky).toBe(2);
  });

  test('a job left running by a dead process is requeued', async () => {
    const id = await enqueueJob(env.ctx.db, 'test.count', {});
    await env.ctx.db.query(`UPDATE jobs SET status = 'running', locked_by = 'dead', locked_at = now() - interval '1 hour' WHERE id = $1`, [id]);
    expect(await requeueStale(env.ctx.db)).toBeGreaterThanOrEqual(1);
    await drain(env.ctx, 'w');
    expect((await env.ctx.db.query<{ status: string }>('SELECT status FROM jobs WHERE id = $1', [id]))[0].status).toBe('succeeded');
  });

  test('the worker loop picks jobs up by itself', async () => {
    const id = await enqueueJob(env.ctx.db, 'test.count', {});
    const stop = startWorker(env.ctx, { idleMs: 20 });
    for (let i = 0; i < 100; i++) {
      const s = (await env.ctx.db.query<{ status: string }>('SELECT status FROM jobs WHERE id = $1', [id]))[0].status;
      if (s === 'succeeded') break;
      await new Promise((r) => setTimeout(r, 20));
    }
    await stop();
    expect((await env.ctx.db.query<{ status: string }>('SELECT status FROM jobs WHERE id = $1', [id]))[0].status).toBe('succeeded');
  });

  test('users see their own jobs; others get 404; queued jobs can be cancelled', async () => {
    const worker = await env.login('worker');
    const me = (await worker.get('/api/auth/me')).body.user.id;
    const id = await enqueueJob(env.ctx.db, 'test.count', {}, { createdBy: me, runAt: new Date(Date.now() + 3600_000) });
    expect((await worker.get(`/api/jobs/${id}`)).body.status).toBe('queued');
    expect((await worker.get('/api/jobs')).body.items.map((j: { id: string }) => j.id)).toContain(id);
    const other = await env.login('worker2');
    expect((await other.get(`/api/jobs/${id}`)).status).toBe(404);
    expect((await other.post(`/api/jobs/${id}/cancel`)).status).toBe(404);
    expect((await worker.post(`/api/jobs/${id}/cancel`)).body.status).toBe('cancelled');
    expect((await worker.post(`/api/jobs/${id}/cancel`)).status).toBe(409);
    expect((await worker.get('/api/jobs/not-a-uuid')).status).toBe(400);
  });
});
