/** The procedure's settings from the configuration: the offices and their calendars, the periods, the clock. */
import type { Config } from '../config.ts';
import { OfficeDirectory } from '../domain/offices.ts';
import type { ProcedureSettings } from './cases.ts';

export type ProcedureConfig = Pick<Config, 'CUSTOMS_OFFICES' | 'CUSTOMS_COUNTRY' | 'CONFIRM_WORKING_DAYS' | 'NOTIFY_SHARE_CONSIGNEE'>;

export function procedureSettings(config: ProcedureConfig, clock: () => Date = () => new Date()): ProcedureSettings {
  return {
    offices: config.CUSTOMS_OFFICES ? new OfficeDirectory(config.CUSTOMS_OFFICES) : OfficeDirectory.forCountry(config.CUSTOMS_COUNTRY),
    confirmWorkingDays: config.CONFIRM_WORKING_DAYS,
    shareConsignee: config.NOTIFY_SHARE_CONSIGNEE,
    clock,
  };
}
