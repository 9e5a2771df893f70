// Pluggable outbound messages (SMS codes, notices). The default sender writes to the server log and keeps
// the message in `notifications`, which admins read on the dev inbox page. A real SMS gateway implements Sender.
import type { Queryable } from '../db/client.ts';
import type { Logger } from './context.ts';

export type Message = {
  channel: 'sms' | 'inbox';
  recipient: string;
  subject?: string;
  body: string;
  userId?: string | null;
  regionId?: number | null;
};

export type Sender = { send(q: Queryable, msg: Message): Promise<void> };

export function logSender(log: Logger): Sender {
  return {
    async send(q, msg) {
      log.info({ channel: msg.channel, recipient: msg.recipient, subject: msg.subject }, `message: ${msg.body}`);
      await q.query(
        'INSERT INTO notifications (channel, recipient, subject, body, user_id, region_id) VALUES ($1,$2,$3,$4,$5,$6)',
        [msg.channel, msg.recipient, msg.subject ?? null, msg.body, msg.userId ?? null, msg.regionId ?? null],
      );
    },
  };
}
