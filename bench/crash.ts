/**
 * `npm run bench:crash [-- --rounds 20]`, or on PostgreSQL
 * `DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench:crash -- --rounds 10`
 *
 * kill -9 under filing load, round after round, on one database (a fresh SQLite file, or a fresh
 * schema in `DATABASE_URL`): each round starts the real server, four operators' systems file
 * 200-parcel manifests as fast as it answers, while it screens (batches of 100), and after a
 * random 2-5 s the server gets SIGKILL. Then a last server starts and is left to screen everything
 * (`SCREEN_LEASE_MS=5000`, so a dead node's claims on PostgreSQL come back quickly).
 *
 * What must hold (test/durability.test.ts checks one round of the same):
 * - 0 acknowledged parcels lost: every manifest answered 202 has every parcel it acknowledged;
 * - no manifest half-stored, acknowledged or not;
 * - 0 decided twice: at most one decision per parcel revision;
 * - 0 undecided after recovery.
 * Exits 1 when one does not hold.
 */
import { parseArgs } from 'node:util';
import { connect } from '../src/db/connect.ts';
import { startServer, type RunningServer } from './lib/server.ts';
import { prepareDatabase } from './lib/keys.ts';
import { scratchDatabase } from './lib/scratch-db.ts';
import { freshManifest } from './lib/write-endpoints.ts';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '20' }, keep: { type: 'boolean', default: false } } });
const rounds = Number(values.rounds);
const PARCELS = 200;

const scratch = await scratchDatabase('crash');
const keys = await prepareDatabase(scratch.url);
const env = { DATABASE_URL: scratch.url, LOG_LEVEL: 'warn', REGISTRY_SEED: 'data/sample-registry.json', SCREEN_BATCH_SIZE: '100', SCREEN_LEASE_MS: '5000' };
console.log(`kill -9 under filing load: ${rounds} rounds on ${scratch.label}`);

/** Manifest ref -> what the 202 acknowledged. */
const acknowledged = new Map<string, { manifestId: string; accepted: number }>();
let sent = 0;
let lane = 0;

async function fileUntilKilled(server: RunningServer, round: number) {
  let stop = false;
  const sender = async (laneNo: number, key: string) => {
    for (let i = 0; !stop; i++) {
      const ref = `CRASH-${round}-${laneNo}-${i}`;
      sent++;
      try {
        const res = await fetch(`${server.url}/v1/manifests`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify(freshManifest(PARCELS, ref)),
        });
        const body = (await res.json()) as { manifestId: string; accepted: number };
        if (res.status === 202) acknowledged.set(ref, { manifestId: body.manifestId, accepted: body.accepted });
      } catch {
        return; // the server is gone
      }
    }
  };
  const lanes = [keys.operatorA, keys.operatorB, keys.operatorA, keys.operatorB].map((key) => sender(lane++, key));
  const before = acknowledged.size;
  await new Promise((r) => setTimeout(r, 2000 + Math.random() * 3000));
  await server.kill();
  stop = true;
  await Promise.all(lanes);
  return acknowledged.size - before;
}

const observer = await connect(scratch.url, { sqliteBackgroundThread: false });
async function decidedSoFar(): Promise<number> {
  return Number((await observer.kysely.selectFrom('decisions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
}

const started = performance.now();
for (let round = 1; round <= rounds; round++) {
  const server = await startServer(env);
  const acked = await fileUntilKilled(server, round);
  const decided = await decidedSoFar();
  console.log(`round ${String(round).padStart(2)}: ${acked} manifests acknowledged, then SIGKILL (${acknowledged.size} so far, ${sent} sent; ${decided} parcels decided)`);
}

// Recovery: a last server screens whatever is left.
const db = observer;
const count = async (where: 'undecided' | 'all') => {
  let q = db.kysely.selectFrom('parcels').select((eb) => eb.fn.countAll<number>().as('n'));
  if (where === 'undecided') q = q.where((eb) => eb.or([eb('status', '!=', 'screened'), eb('decision', 'is', null)]));
  return Number((await q.executeTakeFirstOrThrow()).n);
};
const recovering = await startServer(env);
const recoveryStarted = performance.now();
const deadline = Date.now() + 180_000;
while ((await count('undecided')) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
const recoverySeconds = (performance.now() - recoveryStarted) / 1000;
await recovering.stop();

const stored = new Map(
  (
    await db.kysely
      .selectFrom('manifests')
      .leftJoin('parcels', 'parcels.manifest_id', 'manifests.id')
      .select(['manifests.id', 'manifests.manifest_ref', (eb) => eb.fn.count<number>('parcels.id').as('n')])
      .groupBy(['manifests.id', 'manifests.manifest_ref'])
      .execute()
  ).map((r) => [r.id, { ref: r.manifest_ref, parcels: Number(r.n) }]),
);
let lost = 0;
for (const [ref, ack] of acknowledged) {
  const row = stored.get(ack.manifestId);
  if (!row || row.ref !== ref) lost += ack.accepted;
  else lost += Math.max(0, ack.accepted - row.parcels);
}
const halfStored = [...stored.values()].filter((m) => m.ref.startsWith('CRASH-') && m.parcels !== PARCELS);
const decidedTwice = await db.kysely
  .selectFrom('decisions')
  .select(['parcel_id', 'parcel_revision', (eb) => eb.fn.countAll<number>().as('n')])
  .groupBy(['parcel_id', 'parcel_revision'])
  .having((eb) => eb.fn.countAll(), '>', 1)
  .execute();
const undecided = await count('undecided');
const parcels = await count('all');
await db.close();
if (!values.keep) await scratch.drop();

const ackedParcels = [...acknowledged.values()].reduce((n, a) => n + a.accepted, 0);
console.log(`\n${rounds} rounds in ${((performance.now() - started) / 1000).toFixed(0)} s: ${acknowledged.size} manifests (${ackedParcels} parcels) acknowledged of ${sent} sent; ${parcels} parcels stored (committed but unacknowledged ones included)`);
console.log(`recovery: the last server screened what was left in ${recoverySeconds.toFixed(1)} s`);
const checks: [string, boolean, string][] = [
  ['0 acknowledged parcels lost', lost === 0, `${lost} lost`],
  ['no manifest half-stored', halfStored.length === 0, `${halfStored.length} manifests without their ${PARCELS} parcels${halfStored.length ? `: ${halfStored.slice(0, 3).map((m) => `${m.ref} (${m.parcels})`).join(', ')}` : ''}`],
  ['0 decided twice', decidedTwice.length === 0, `${decidedTwice.length} parcel revisions with more than one decision`],
  ['0 undecided after recovery', undecided === 0, `${undecided} parcels without a decision`],
];
for (const [name, ok, detail] of checks) console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}: ${detail}`);
process.exit(checks.every(([, ok]) => ok) ? 0 : 1);
