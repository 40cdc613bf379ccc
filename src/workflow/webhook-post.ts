/**
 * One webhook POST, made safe: the target is checked (webhook-target.ts) and the connection goes
 * to the very address checked (a `lookup` that answers with it, so the name is not looked up a
 * second time; TLS still verifies the certificate for the host name). No redirect is followed,
 * the whole exchange has a deadline, and at most `maxResponseBytes` of the answer are read.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { checkTarget, type ResolvedAddress, type TargetPolicy } from './webhook-target.ts';

export interface PostLimits {
  timeoutMs: number;
  maxResponseBytes: number;
}

export type PostResult = { ok: true; status: number } | { ok: false; refused: boolean; error: string };

/** A lookup that answers every question with the one checked address. */
function pinnedLookup(pinned: ResolvedAddress): LookupFunction {
  return (_hostname, options, callback) => {
    // With autoSelectFamily (Node 20's default) net asks for all addresses at once.
    if ((options as { all?: boolean }).all) (callback as unknown as (e: null, a: ResolvedAddress[]) => void)(null, [pinned]);
    else callback(null, pinned.address, pinned.family);
  };
}

export async function postWebhook(rawUrl: string, headers: Record<string, string>, body: string, policy: TargetPolicy, limits: PostLimits): Promise<PostResult> {
  const target = await checkTarget(rawUrl, policy);
  if (!target.ok) return { ok: false, refused: true, error: `target refused: ${target.reason}` };
  const { url, hostname, addresses } = target;
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<PostResult>((resolve) => {
    let settled = false;
    const finish = (result: PostResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      req.destroy();
      resolve(result);
    };
    const req = send({
      protocol: url.protocol,
      hostname,
      port: url.port || undefined,
      path: `${url.pathname}${url.search}`,
      method: 'POST',
      headers: { ...headers, 'content-length': Buffer.byteLength(body) },
      lookup: pinnedLookup(addresses[0]!),
      // A fresh connection each time: a pooled one could outlive the check.
      agent: false,
    });
    const deadline = setTimeout(() => finish({ ok: false, refused: false, error: `no answer within ${limits.timeoutMs} ms` }), limits.timeoutMs);
    req.on('error', (err) => finish({ ok: false, refused: false, error: err.message }));
    req.on('response', (res: IncomingMessage) => {
      const status = res.statusCode ?? 0;
      const outcome: PostResult =
        status >= 200 && status < 300 ? { ok: true, status }
        : status >= 300 && status < 400 ? { ok: false, refused: false, error: `HTTP ${status} redirect to ${res.headers.location ?? '(none)'}: redirects are not followed` }
        : { ok: false, refused: false, error: `HTTP ${status}` };
      let read = 0;
      res.on('data', (chunk: Buffer) => {
        read += chunk.length;
        // The status is all that counts; a receiver that keeps talking is cut off.
        if (read > limits.maxResponseBytes) finish(outcome);
      });
      res.on('end', () => finish(outcome));
      res.on('error', () => finish(outcome));
    });
    req.end(body);
  });
}
