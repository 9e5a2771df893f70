import 'fastify';
import type { Actor } from './lib/context.ts';
import type { SessionInfo } from './lib/auth.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    linliSession: SessionInfo | null;
  }
  interface FastifyContextConfig {
    /** Permission required; checked before validation. */
    perm?: string;
    /** No login needed (login page, public verification, health). */
    public?: boolean;
    /** Reachable while the account must still change its initial password. */
    allowPasswordChange?: boolean;
  }
}
