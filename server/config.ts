// Environment → typed config. DATABASE_URL absent means embedded PGlite under DATA_DIR.
import path from 'node:path';

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  encryptionKeys: string | null; // "kid:base64,kid:base64"; first is primary
  blindIndexKey: string | null;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  loginMaxFailures: number;
  loginLockMinutes: number;
  loginRateLimitPerMinute: number;
  otpTtlMinutes: number;
  fileMaxBytes: number;
  workers: boolean; // run the job worker loop in this process
  logLevel: string;
  secureCookies: boolean;
  publicUrl: string;
};

function num(v: string | undefined, dflt: number): number {
  if (v === undefined || v === '') return dflt;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new Error(`Invalid number in environment: ${v}`);
  return n;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const port = num(env.PORT, 8080);
  const host = env.HOST ?? '127.0.0.1';
  const cfg: Config = {
    port,
    host,
    dataDir: path.resolve(env.DATA_DIR ?? './data'),
    databaseUrl: env.DATABASE_URL || null,
    encryptionKeys: env.LINLI_ENCRYPTION_KEYS || null,
    blindIndexKey: env.LINLI_BLIND_INDEX_KEY || null,
    sessionIdleMinutes: num(env.SESSION_IDLE_MINUTES, 30),
    sessionMaxHours: num(env.SESSION_MAX_HOURS, 12),
    loginMaxFailures: num(env.LOGIN_MAX_FAILURES, 5),
    loginLockMinutes: num(env.LOGIN_LOCK_MINUTES, 15),
    loginRateLimitPerMinute: num(env.LOGIN_RATE_LIMIT_PER_MINUTE, 20),
    otpTtlMinutes: num(env.OTP_TTL_MINUTES, 5),
    fileMaxBytes: num(env.FILE_MAX_BYTES, 10 * 1024 * 1024),
    workers: (env.LINLI_WORKERS ?? 'on') !== 'off',
    logLevel: env.LOG_LEVEL ?? 'info',
    secureCookies: env.SECURE_COOKIES === 'true',
    publicUrl: env.PUBLIC_URL ?? `http://${host}:${port}`,
  };
  return { ...cfg, ...overrides };
}
