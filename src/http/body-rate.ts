/**
 * A minimum transfer rate for request bodies, so that a client trickling its body cannot hold a
 * connection (and a place under the connection cap) for minutes, while a genuine 20 MB manifest
 * on a slow link still goes through.
 *
 * Node's own `requestTimeout` is one deadline for the whole request: long enough for 20 MB on a
 * slow link, it lets a 100-byte body take as long. Instead, a body must keep up with
 * `minBytesPerSecond` on average from the end of its headers, with `graceMs` of head start:
 * at any moment after the headers it must have delivered `minBytesPerSecond × (t − grace)`
 * bytes. A client that stops sending is cut `graceMs` (+ one check) after its last byte was
 * due; one that sends at the minimum rate or faster is never cut. Time during which the server
 * itself was not reading (its buffer for the body full) does not count against the client.
 *
 * A body cut gets `408` on the raw socket, as Node's own request timeout does, and the connection
 * is closed.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

export interface BodyRateLimits {
  minBytesPerSecond: number;
  graceMs: number;
  /** How often uploads are checked. */
  checkEveryMs?: number;
}

interface Upload {
  req: IncomingMessage;
  res: ServerResponse;
  /** `socket.bytesRead` when the headers were complete: what follows is body. */
  baseline: number;
  /** Time the client was responsible for delivering bytes. */
  clientMs: number;
  lastCheck: number;
}

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function timeoutAnswer(limits: BodyRateLimits): string {
  const body = JSON.stringify({
    error: {
      code: 'request_timeout',
      message: `the request body arrived slower than ${limits.minBytesPerSecond} bytes per second (after ${limits.graceMs} ms of grace)`,
    },
  });
  return `HTTP/1.1 408 Request Timeout\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

export class BodyRateGuard {
  private readonly uploads = new Set<Upload>();
  private timer: NodeJS.Timeout | null = null;
  private readonly answer: string;

  constructor(
    private readonly limits: BodyRateLimits,
    private readonly onCut: () => void = () => {},
  ) {
    this.answer = timeoutAnswer(limits);
  }

  attach(server: Server): void {
    server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
      if (!hasBody(req) || req.complete) return;
      const upload: Upload = { req, res, baseline: req.socket.bytesRead, clientMs: 0, lastCheck: Date.now() };
      this.uploads.add(upload);
      const forget = () => this.uploads.delete(upload);
      req.once('end', forget);
      req.once('close', forget);
      // Answered before the body was read (a 413, a 401): what is left of the body is drained by the adapter.
      res.once('close', forget);
      this.timer ??= setInterval(() => this.check(Date.now()), this.limits.checkEveryMs ?? 1000).unref();
    });
    server.once('close', () => this.stop());
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  check(now: number): void {
    for (const upload of this.uploads) {
      const { req } = upload;
      if (req.complete || req.socket.destroyed || upload.res.headersSent) {
        this.uploads.delete(upload);
        continue;
      }
      // Not reading (nobody consumes the body, and its buffer is full): the server's doing, not the client's.
      const serverBehind = req.readableFlowing !== true && req.readableLength >= req.readableHighWaterMark;
      if (!serverBehind) upload.clientMs += now - upload.lastCheck;
      upload.lastCheck = now;
      const due = (this.limits.minBytesPerSecond * (upload.clientMs - this.limits.graceMs)) / 1000;
      if (req.socket.bytesRead - upload.baseline >= due) continue;
      this.uploads.delete(upload);
      this.onCut();
      const socket = req.socket;
      socket.end(this.answer);
      setTimeout(() => socket.destroy(), 1000).unref();
    }
    if (this.uploads.size === 0) this.stop();
  }
}
