/**
 * The named schemas of the OpenAPI document. Their JSON Schema comes from zod itself
 * (`z.toJSONSchema`, 2020-12 as OpenAPI 3.1 speaks it): zod-to-openapi, which @hono/zod-openapi
 * uses for the rest, overflows its stack on the recursive JSON values that manifests keep under
 * `extra`. A route that names one of these schemas gets a `$ref` to it; any other schema is
 * written inline by the generator.
 */
import { z } from 'zod';
import { ManifestSchema, PostalParcelSchema } from '../domain/manifest.ts';
import { ApplicationDecisionSchema, ApplicationFormSchema, RenewalSchema } from '../domain/registry-forms.ts';
import { RegistryBundleSchema } from '../domain/registry.ts';
import { KeySpecSchema, RotationSchema } from '../keys/spec.ts';
import { DeclarantResponseSchema, HolderResponseSchema } from './case-contract.ts';
import * as contract from './contract.ts';

type JsonSchema = Record<string, unknown>;

/** Each named schema, and whether the document shows what a client sends or what it receives. */
const NAMED: ReadonlyArray<readonly [string, z.ZodType, 'input' | 'output']> = [
  ['Manifest', ManifestSchema, 'input'],
  ['Parcel', PostalParcelSchema, 'input'],
  ['FilingResponse', contract.FilingResponseSchema, 'output'],
  ['AllRejected', contract.AllRejectedSchema, 'output'],
  ['ManifestStatus', contract.ManifestStatusSchema, 'output'],
  ['ParcelPage', contract.ParcelPageSchema, 'output'],
  ['AmendResponse', contract.AmendResponseSchema, 'output'],
  ['Error', contract.ErrorBodySchema, 'output'],
  ['ApplicationForm', ApplicationFormSchema, 'input'],
  ['ApplicationDecision', ApplicationDecisionSchema, 'input'],
  ['Renewal', RenewalSchema, 'input'],
  ['RegistryBundle', RegistryBundleSchema, 'input'],
  ['HolderResponse', HolderResponseSchema, 'input'],
  ['DeclarantResponse', DeclarantResponseSchema, 'input'],
  ['CaseRefusal', contract.CaseRefusalSchema, 'output'],
  ['ManifestPage', contract.ManifestPageSchema, 'output'],
  ['ParcelLookupPage', contract.ParcelLookupPageSchema, 'output'],
  ['KeySpec', KeySpecSchema, 'input'],
  ['KeyRotation', RotationSchema, 'input'],
  ['Key', contract.KeySchema, 'output'],
  ['NewKey', contract.NewKeySchema, 'output'],
  ['RotatedKey', contract.RotatedKeySchema, 'output'],
  ['KeyPage', contract.KeyPageSchema, 'output'],
  ['Delivery', contract.DeliverySchema, 'output'],
  ['DeliveryPage', contract.DeliveryPageSchema, 'output'],
  ['RegistryImport', contract.RegistryImportSchema, 'output'],
  ['RegistryWarnings', contract.RegistryWarningsSchema, 'output'],
];

const nameOf = new Map<z.ZodType, string>(NAMED.map(([name, schema]) => [schema, name]));

/** A `$ref` to the schema's component when it has one, else the schema for the generator to write. */
export function schemaOrRef(schema: z.ZodType): z.ZodType | { $ref: string } {
  const name = nameOf.get(schema);
  return name ? { $ref: `#/components/schemas/${name}` } : schema;
}

const toJsonSchema = (s: z.ZodType, io: 'input' | 'output'): JsonSchema => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(s, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
};

/**
 * The components, each with its own `$defs` for recursive parts (kept fields are any JSON value):
 * zod points at them from its schema's root (`#/$defs/…`), which in the document is the
 * component, so the pointers are made to start there.
 */
export function componentSchemas(): Record<string, JsonSchema> {
  return Object.fromEntries(
    NAMED.map(([name, s, io]) => [name, JSON.parse(JSON.stringify(toJsonSchema(s, io)).replaceAll('"#/$defs/', `"#/components/schemas/${name}/$defs/`)) as JsonSchema]),
  );
}
