// src/http/: routes that parse input, call one service function and shape the answer; auth, errors, paging, the OpenAPI document.
import type { Role } from '../db/schema.ts';
import type { Logger } from '../logger.ts';
import type { JsonBodyReading } from './body.ts';

/** Who is calling: resolved from the API key by the auth middleware. */
export interface Principal {
  keyId: string;
  role: Role;
  operatorCode: string | null;
  holderRef: string | null;
}

export interface AppEnv {
  Variables: {
    principal: Principal;
    log: Logger;
    requestId: string;
    jsonBodies: JsonBodyReading;
  };
}
