/**
 * The request bodies of the procedure after detention: the rights holder's answer on its case
 * and the declarant's on its parcel. The routes validate with them; the OpenAPI document is
 * generated from them.
 */
import { z } from 'zod';
import { DECLARANT_ANSWERS, HOLDER_REQUESTS } from '../domain/case-procedure.ts';

export const HolderResponseSchema = z
  .object({
    confirmsInfringement: z.boolean().optional(),
    agreesToDestruction: z.boolean().optional(),
    /** Ask customs for a sample of the goods or images of them. */
    requests: z.array(z.enum(HOLDER_REQUESTS)).max(HOLDER_REQUESTS.length).optional(),
    /** Ask for the one extension of the period, by the same number of working days. */
    extension: z.boolean().optional(),
    evidence: z.string().trim().min(1).max(20_000).optional(),
    /** Proceedings to determine the infringement were started: the court's or the case's reference. */
    proceedingsStarted: z.object({ reference: z.string().trim().min(1).max(300) }).strict().optional(),
  })
  .strict()
  .refine((a) => a.confirmsInfringement !== undefined || a.agreesToDestruction !== undefined || Boolean(a.requests?.length) || a.extension === true || a.evidence || a.proceedingsStarted, {
    message: 'says nothing: give confirmsInfringement, agreesToDestruction, requests, extension, evidence or proceedingsStarted',
  })
  .refine((a) => !(a.confirmsInfringement === false && a.agreesToDestruction === true), { path: ['agreesToDestruction'], message: 'cannot be true while confirmsInfringement is false' });

export const DeclarantResponseSchema = z
  .object({
    answer: z.enum(DECLARANT_ANSWERS),
    reason: z.string().trim().min(3).max(2000).optional(),
  })
  .strict()
  .refine((a) => a.answer !== 'objects' || a.reason !== undefined, { path: ['reason'], message: 'is required with an objection' });
