// Ledgers: definitions (admin, no code), rendering and exports, snapshots; statistical cross-tab reports.
import { z } from 'zod';
import type { TypedApp } from '../../app.ts';
import type { Ctx } from '../../lib/context.ts';
import { requireActor } from '../../lib/auth.ts';
import { contentDisposition } from '../../lib/xlsx.ts';
import { idParam, okResponse } from '../../../contracts/common.ts';
import {
  crosstab as crosstabSchema, crosstabQuery, exportJobBody, ledgerDefinitionBody, ledgerDetail, ledgerExportQuery, ledgerItem, ledgerRows as rowsSchema, ledgerRowsQuery,
  ledgerSource, ledgerUpdateBody, reportPreset, snapshotBody, snapshotItem, snapshotParam, snapshotRows as snapshotRowsSchema, snapshotRowsQuery, sourceQuery, validateResponse,
} from '../../../contracts/ledgers.ts';
import { checkDefinition, createLedger, getLedger, listLedgers, listSources, listTags, retireLedger, updateLedger } from './ledgers.service.ts';
import { ledgerPdf, ledgerRows, ledgerXlsx } from './ledger-render.ts';
import { listSnapshots, requestExportJob, requestSnapshot, snapshotRows, snapshotXlsx } from './ledger-snapshots.ts';
import { crosstab, crosstabXlsx, REPORT_PRESETS } from './reports.service.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function ledgerRoutes(app: TypedApp, ctx: Ctx) {
  const tags = ['ledgers'];
  app.get('/api/ledgers', { config: { perm: 'ledger.read' }, schema: { tags, response: { 200: z.array(ledgerItem) } } }, async (req) => listLedgers(ctx, requireActor(req)));
  app.get('/api/ledgers/sources', { config: { perm: 'ledger.read' }, schema: { tags, querystring: sourceQuery, response: { 200: z.array(ledgerSource) } } }, async (req) =>
    listSources(ctx, requireActor(req), req.query.tag));
  app.get('/api/ledgers/tags', { config: { perm: 'ledger.read' }, schema: { tags, response: { 200: z.array(z.object({ code: z.string(), name: z.string(), sensitive: z.boolean() })) } } }, async (req) =>
    listTags(ctx, requireActor(req)));
  app.post('/api/ledgers/validate', { config: { perm: 'ledger.write' }, schema: { tags, body: ledgerDefinitionBody, response: { 200: validateResponse } } }, async (req) =>
    checkDefinition(ctx, req.body));
  app.post('/api/ledgers', { config: { perm: 'ledger.write' }, schema: { tags, body: ledgerDefinitionBody, response: { 201: ledgerDetail } } }, async (req, reply) =>
    reply.status(201).send(await createLedger(ctx, requireActor(req), req.body)));
  app.get('/api/ledgers/:id', { config: { perm: 'ledger.read' }, schema: { tags, params: idParam, response: { 200: ledgerDetail } } }, async (req) =>
    getLedger(ctx, requireActor(req), req.params.id));
  app.put('/api/ledgers/:id', { config: { perm: 'ledger.write' }, schema: { tags, params: idParam, body: ledgerUpdateBody, response: { 200: ledgerDetail } } }, async (req) =>
    updateLedger(ctx, requireActor(req), req.params.id, req.body));
  app.delete('/api/ledgers/:id', { config: { perm: 'ledger.write' }, schema: { tags, params: idParam, response: { 200: okResponse } } }, async (req) =>
    retireLedger(ctx, requireActor(req), req.params.id));

  app.get('/api/ledgers/:id/rows', { config: { perm: 'ledger.read' }, schema: { tags, params: idParam, querystring: ledgerRowsQuery, response: { 200: rowsSchema } } }, async (req) =>
    ledgerRows(ctx, requireActor(req), req.params.id, req.query));
  app.get('/api/ledgers/:id/export.xlsx', { config: { perm: 'ledger.export' }, schema: { tags, params: idParam, querystring: ledgerExportQuery } }, async (req, reply) => {
    const { stream, filename } = await ledgerXlsx(ctx, requireActor(req), req.params.id, req.query);
    reply.header('content-type', XLSX).header('content-disposition', contentDisposition(filename));
    return reply.send(stream);
  });
  app.get('/api/ledgers/:id/export.pdf', { config: { perm: 'ledger.export' }, schema: { tags, params: idParam, querystring: ledgerExportQuery } }, async (req, reply) => {
    const { pdf, filename } = await ledgerPdf(ctx, requireActor(req), req.params.id, req.query);
    reply.header('content-type', 'application/pdf').header('content-disposition', contentDisposition(filename).replace('export.xlsx', 'export.pdf'));
    return reply.send(pdf);
  });

  app.post('/api/ledgers/:id/export-job', { config: { perm: 'ledger.export' }, schema: { tags, params: idParam, body: exportJobBody, response: { 202: z.object({ jobId: z.string() }) } } }, async (req, reply) =>
    reply.status(202).send(await requestExportJob(ctx, requireActor(req), req.params.id, req.body)));
  app.post('/api/ledgers/:id/snapshots', { config: { perm: 'ledger.export' }, schema: { tags, params: idParam, body: snapshotBody, response: { 202: z.object({ jobId: z.string() }) } } }, async (req, reply) =>
    reply.status(202).send(await requestSnapshot(ctx, requireActor(req), req.params.id, req.body)));
  app.get('/api/ledgers/:id/snapshots', { config: { perm: 'ledger.read' }, schema: { tags, params: idParam, response: { 200: z.array(snapshotItem) } } }, async (req) =>
    listSnapshots(ctx, requireActor(req), req.params.id));
  app.get('/api/ledger-snapshots/:snapshotId/rows', { config: { perm: 'ledger.read' }, schema: { tags, params: snapshotParam, querystring: snapshotRowsQuery, response: { 200: snapshotRowsSchema } } }, async (req) =>
    snapshotRows(ctx, requireActor(req), req.params.snapshotId, req.query));
  app.get('/api/ledger-snapshots/:snapshotId/export.xlsx', { config: { perm: 'ledger.export' }, schema: { tags, params: snapshotParam, querystring: ledgerExportQuery.pick({ preparedBy: true, reviewedBy: true }) } }, async (req, reply) => {
    const { stream, filename } = await snapshotXlsx(ctx, requireActor(req), req.params.snapshotId, req.query);
    reply.header('content-type', XLSX).header('content-disposition', contentDisposition(filename));
    return reply.send(stream);
  });

  app.get('/api/reports', { config: { perm: 'report.read' }, schema: { tags: ['reports'], response: { 200: z.array(reportPreset) } } }, async () => REPORT_PRESETS);
  app.get('/api/reports/crosstab', { config: { perm: 'report.read' }, schema: { tags: ['reports'], querystring: crosstabQuery, response: { 200: crosstabSchema } } }, async (req) =>
    crosstab(ctx, requireActor(req), req.query));
  app.get('/api/reports/crosstab/export.xlsx', { config: { perm: 'report.read' }, schema: { tags: ['reports'], querystring: crosstabQuery } }, async (req, reply) => {
    const { stream, filename } = await crosstabXlsx(ctx, requireActor(req), req.query);
    reply.header('content-type', XLSX).header('content-disposition', contentDisposition(filename));
    return reply.send(stream);
  });
}
