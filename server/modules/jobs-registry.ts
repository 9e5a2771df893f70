// Importing a module's service registers its job handlers; every process that runs jobs imports this file.
import './audit/audit.service.ts';
import './cases/case-sla.ts';
import './ledgers/ledger-snapshots.ts';
import './population/population-import.ts';
