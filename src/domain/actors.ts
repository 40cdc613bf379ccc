/**
 * Who did something, as the audit trail and the stored records name them. Three formats for
 * people and machines, kept as they are because the trail already holds them: an operator's
 * filing (`operator:<code>`), an API key acting in its role (`<role>:<keyId>`, most changes),
 * an operator's key amending a parcel (`key:<keyId>`); and the service itself (`system:<part>`).
 */
export const ACTORS = {
  operator: (operatorCode: string) => `operator:${operatorCode}`,
  roleKey: (role: string, keyId: string) => `${role}:${keyId}`,
  key: (keyId: string) => `key:${keyId}`,
  system: <P extends 'screening' | 'retention' | 'deadlines'>(part: P) => `system:${part}` as const,
};
