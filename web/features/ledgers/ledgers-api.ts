// Types of the ledger pages (the contracts are the source of the shapes).
import type { z } from 'zod';
import type { crosstab, ledgerDetail, ledgerItem, ledgerRows, ledgerSource, reportPreset, snapshotItem, snapshotRows } from '../../../contracts/ledgers.ts';

export type LedgerItem = z.infer<typeof ledgerItem>;
export type LedgerDetail = z.infer<typeof ledgerDetail>;
export type LedgerRows = z.infer<typeof ledgerRows>;
export type LedgerSource = z.infer<typeof ledgerSource>;
export type Snapshot = z.infer<typeof snapshotItem>;
export type SnapshotRows = z.infer<typeof snapshotRows>;
export type Crosstab = z.infer<typeof crosstab>;
export type ReportPreset = z.infer<typeof reportPreset>;
