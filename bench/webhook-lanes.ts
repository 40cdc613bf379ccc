/**
 * `npm run bench:webhook-lanes [-- --hanging 4]`
 *
 * How long a healthy owner waits for its webhook deliveries while other owners' receivers hang
 * (accept the connection, never answer), with the default 5 s delivery timeout. Before the lane
 * per owner: 20.5 s with four hanging receivers (one timeout each, one after the other).
 */
import { createServer, type ServerResponse } from 'node:http';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { enqueue } from '../src/db/outbox.ts';
import { WebhookDeliverer } from '../src/workflow/deliverer.ts';
import { targetPolicy } from '../src/workflow/webhook-target.ts';
import { backends } from '../test/support/db.ts';

const { values } = parseArgs({ options: { hanging: { type: 'string', default: '4' } } });
const db = await backends[0]!.open();
const listen = (answer: (res: ServerResponse) => void) =>
  new Promise<{ port: number; close: () => void }>((resolve) => {
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => answer(res));
    });
    server.listen(0, '127.0.0.1', () => resolve({ port: (server.address() as { port: number }).port, close: () => (server.closeAllConnections(), server.close()) }));
  });
const hanging = await Promise.all(Array.from({ length: Number(values.hanging) }, () => listen(() => undefined)));
const arrivals: number[] = [];
const healthy = await listen((res) => (arrivals.push(Date.now()), res.writeHead(204).end()));
const now = new Date().toISOString();
const secret = 'a-long-enough-shared-secret';
await db.kysely.insertInto('webhooks').values([...hanging.map((h, i) => ({ owner: `operator:A${i}`, url: `http://127.0.0.1:${h.port}/`, secret, updated_at: now })), { owner: 'operator:HEALTHY', url: `http://127.0.0.1:${healthy.port}/`, secret, updated_at: now }]).execute();
// The hanging owners' messages come first.
await enqueue(db.kysely, [...hanging.map((_, i) => ({ owner: `operator:A${i}`, event: 't', payload: {}, idempotencyKey: `a${i}` })), ...Array.from({ length: 5 }, (_, i) => ({ owner: 'operator:HEALTHY', event: 't', payload: {}, idempotencyKey: `h${i}` }))]);
const deliverer = new WebhookDeliverer(db, pino({ level: 'silent' }), { intervalMs: 500, timeoutMs: 5000, batch: 50, policy: targetPolicy('127.0.0.1') });
const started = Date.now();
deliverer.start();
while (arrivals.length < 5 && Date.now() - started < 60_000) await new Promise((r) => setTimeout(r, 20));
console.log(`healthy owner: 5 messages delivered ${arrivals.length === 5 ? arrivals[4]! - started : 'not within 60000'} ms after the deliverer started (first pass after ${500} ms), ${hanging.length} receivers hanging`);
for (const h of hanging) h.close();
await deliverer.stop();
healthy.close();
await db.close();
process.exit(0);
