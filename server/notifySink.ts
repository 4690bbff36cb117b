import { appendFile } from 'node:fs/promises';
import type { ApplicantNotification } from '../shared';
import type { NotificationSink } from './hubNotifications';

/** How long a webhook may take to answer before the message counts as not taken. */
const WEBHOOK_TIMEOUT_MS = 10_000;

/** Appends each message as one JSON line: a gateway the office runs reads the file and sends the SMS. */
export function fileSink(path: string): NotificationSink {
  return { kind: 'file', send: (n: ApplicantNotification) => appendFile(path, `${JSON.stringify(n)}\n`, 'utf8') };
}

/** POSTs each message as JSON to the office's SMS gateway; any answer but 2xx leaves it queued for the next round. */
export function webhookSink(url: string): NotificationSink {
  const target = new URL(url);
  if (target.protocol !== 'https:' && target.protocol !== 'http:') throw new Error(`the notification webhook must be an http(s) address, not ${url}`);
  return {
    kind: 'webhook',
    async send(n: ApplicantNotification) {
      const response = await fetch(target, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(n),
        signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
      });
      if (!response.ok) throw new Error(`the webhook answered ${response.status}`);
    },
  };
}
