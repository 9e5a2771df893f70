// PostgreSQL-backed jobs: claimed with FOR UPDATE SKIP LOCKED, so several server processes share the
// queue and no job runs twice at once. Failed runs retry with back-off up to max_attempts.
import os from 'node:os';
import type { Queryable } from '../db/client.ts';
import type { Ctx } from './context.ts';

export type Job = {
  id: string;
  kind: string;
  payload: Record<string, unknown>;
  attempts: number;
  max_attempts: number;
  created_by: string | null;
  region_id: number | null;
};

export type JobReporter = {
  progress(done: number, total?: number, message?: string): Promise<void>;
};

export type JobHandler = (ctx: Ctx, job: Job, report: JobReporter) => Promise<Record<string, unknown> | void>;

const handlers = new Map<string, JobHandler>();

export function registerJobHandler(kind: string, handler: JobHandler): void {
  handlers.set(kind, handler);
}

export async function enqueueJob(
  q: Queryable,
  kind: string,
  payload: Record<string, unknown>,
  opts: { createdBy?: string | null; regionId?: number | null; runAt?: Date; maxAttempts?: number } = {},
): Promise<string> {
  const rows = await q.query<{ id: string }>(
    `INSERT INTO jobs (kind, payload, created_by, region_id, run_at, max_attempts)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [kind, JSON.stringify(payload), opts.createdBy ?? null, opts.regionId ?? null, opts.runAt ?? new Date(), opts.maxAttempts ?? 3],
  );
  return rows[0].id;
}

export function workerId(): string {
  return `${os.hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
}

export async function claimJob(q: Queryable, worker: string, kinds?: string[]): Promise<Job | null> {
  const rows = await q.query<Job>(
    `UPDATE jobs SET status = 'running', locked_by = $1, locked_at = now(), attempts = attempts + 1,
            started_at = coalesce(started_at, now())
     WHERE id = (
       SELECT id FROM jobs
       WHERE status = 'queued' AND run_at <= now() ${kinds ? 'AND kind = ANY($2)' : ''}
       ORDER BY run_at LIMIT 1
       FOR UPDATE SKIP LOCKED)
     RETURNING id, kind, payload, attempts, max_attempts, created_by, region_id`,
    kinds ? [worker, kinds] : [worker],
  );
  return rows[0] ?? null;
}

/** Claims and runs one job. Returns false when the queue had nothing for this worker. */
export async function runOneJob(ctx: Ctx, worker: string): Promise<boolean> {
  const kinds = [...handlers.keys()];
  if (kinds.length === 0) return false;
  const job = await claimJob(ctx.db, worker, kinds);
  if (!job) return false;
  const run = await ctx.db.query<{ id: number }>('INSERT INTO job_runs (job_id, worker) VALUES ($1, $2) RETURNING id', [job.id, worker]);
  const handler = handlers.get(job.kind)!;
  const report: JobReporter = {
    async progress(done, total, message) {
      await ctx.db.query(
        'UPDATE jobs SET progress = $2, progress_total = coalesce($3, progress_total), message = coalesce($4, message) WHERE id = $1',
        [job.id, done, total ?? null, message ?? null],
      );
    },
  };
  try {
    const result = await handler(ctx, job, report);
    await ctx.db.query(
      `UPDATE jobs SET status = 'succeeded', result = $2, finished_at = now(), locked_by = NULL,
              progress = coalesce(progress_total, progress) WHERE id = $1`,
      [job.id, JSON.stringify(result ?? {})],
    );
    await ctx.db.query(`UPDATE job_runs SET finished_at = now(), outcome = 'succeeded' WHERE id = $1`, [run[0].id]);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const retry = job.attempts < job.max_attempts;
    await ctx.db.query(
      `UPDATE jobs SET status = $2, error = $3, locked_by = NULL,
              run_at = now() + make_interval(secs => $4), finished_at = CASE WHEN $2 = 'failed' THEN now() END
       WHERE id = $1`,
      [job.id, retry ? 'queued' : 'failed', msg, retry ? 2 ** job.attempts : 0],
    );
    await ctx.db.query(`UPDATE job_runs SET finished_at = now(), outcome = 'failed' WHERE id = $1`, [run[0].id]);
    ctx.log.warn({ jobId: job.id, kind: job.kind, err: msg }, 'job failed');
  }
  return true;
}

/** Jobs whose worker died (locked long ago, still running) go back to the queue. */
export async function requeueStale(q: Queryable, olderThanMinutes = 10): Promise<number> {
  const rows = await q.query(
    `UPDATE jobs SET status = 'queued', locked_by = NULL
     WHERE status = 'running' AND locked_at < now() - make_interval(mins => $1) RETURNING id`,
    [olderThanMinutes],
  );
  return rows.length;
}

/** The worker loop of one server process. Returns a stop function. */
export function startWorker(ctx: Ctx, opts: { idleMs?: number } = {}): () => Promise<void> {
  const worker = workerId();
  const idleMs = opts.idleMs ?? 1000;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let current: Promise<void> = Promise.resolve();
  let ticks = 0;
  const tick = async () => {
    if (stopped) return;
    try {
      if (ticks++ % 60 === 0) await requeueStale(ctx.db);
      while (!stopped && (await runOneJob(ctx, worker))) {
        /* drain the queue */
      }
    } catch (e) {
      ctx.log.error({ err: e instanceof Error ? e.message : String(e) }, 'job worker error');
    }
    if (!stopped) timer = setTimeout(() => (current = tick()), idleMs);
  };
  timer = setTimeout(() => (current = tick()), 50);
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await current;
  };
}
