// scrypt password hashes ("scrypt$N$r$p$salt$hash") and the password policy.
import crypto from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(crypto.scrypt) as (pw: string, salt: Buffer, len: number, opts: crypto.ScryptOptions) => Promise<Buffer>;
const N = 16384, R = 8, P = 1, LEN = 32;

export async function hashPassword(pw: string): Promise<string> {
  const salt = crypto.randomBytes(16);
  const hash = await scrypt(pw, salt, LEN, { N, r: R, p: P });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export async function verifyPassword(pw: string, stored: string | null): Promise<boolean> {
  if (!stored) return false;
  const [alg, n, r, p, salt, hash] = stored.split('$');
  if (alg !== 'scrypt') return false;
  const expected = Buffer.from(hash, 'base64');
  const got = await scrypt(pw, Buffer.from(salt, 'base64'), expected.length, { N: Number(n), r: Number(r), p: Number(p) });
  return crypto.timingSafeEqual(expected, got);
}

/** At least 8 characters and 3 of the 4 classes (lower, upper, digit, symbol). Returns the problems, empty if fine. */
export function passwordProblems(pw: string): { zh: string; en: string }[] {
  const problems: { zh: string; en: string }[] = [];
  if (pw.length < 8) problems.push({ zh: '密码至少 8 位', en: 'At least 8 characters' });
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((re) => re.test(pw)).length;
  if (classes < 3) problems.push({ zh: '密码需包含大写字母、小写字母、数字、符号中的至少三类', en: 'Use at least 3 of: lower case, upper case, digits, symbols' });
  return problems;
}
