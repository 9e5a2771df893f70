// Population routes: thin — schema → permission → service → response.
import { z } from 'zod';
import type { TypedApp } from '../../app.ts';
import type { Ctx } from '../../lib/context.ts';
import { requireActor } from '../../lib/auth.ts';
import { AppError } from '../../lib/errors.ts';
import { contentDisposition } from '../../lib/xlsx.ts';
import { idParam, paged, pageQuery } from '../../../contracts/common.ts';
import {
  building, buildingInput, buildingLayout, buildingPatch, eventInput, historyItem, house, houseInput, housePatch, houseUse, household, householdInput, householdPatch,
  importCommitBody, importPreview, importSummary as importSummarySchema, organisation, organisationInput, organisationPatch, person, personInput, personPage, personPatch,
  revealBody, revealResult, searchQuery, searchResult, setTagBody, shareQuery, shareResult, shareItem, tagCodeParam, tagType,
} from '../../../contracts/population.ts';
import { addEvent, createPerson, getPerson, listTagTypes, personPage as loadPersonPage, removeTag, revealPerson, setTag, updatePerson } from './population.service.ts';
import {
  buildingLayout as loadLayout, createBuilding, createHouse, createHousehold, createOrganisation, getHouse, getHousehold, historyOf, listBuildings, listHouseholds,
  listHouses, listOrganisations, updateBuilding, updateHouse, updateHousehold, updateOrganisation,
} from './population-places.ts';
import { searchPersons } from './population-search.ts';
import { exportPersons, importErrorsWorkbook } from './population-export.ts';
import { commitImport, createImport, getPreview, importHeaders, importSummary } from './population-import.ts';
import { sharedPerson, sharedPersons } from './population-share.ts';

const exportQuery = searchQuery.omit({ page: true, pageSize: true }).extend({ reveal: z.stringbool().optional() });
const uploadQuery = z.object({ communityId: z.coerce.number().int().positive().optional() });

export function populationRoutes(app: TypedApp, ctx: Ctx) {
  const tags = ['population'];
  const read = { perm: 'person.read' }, write = { perm: 'person.write' };

  // ---- persons ----
  app.get('/api/persons', { config: read, schema: { tags, querystring: searchQuery, response: { 200: searchResult } } }, async (req) => searchPersons(ctx, requireActor(req), req.query));
  app.get('/api/persons/export.xlsx', { config: { perm: 'person.export' }, schema: { tags, querystring: exportQuery } }, async (req, reply) => {
    const { stream, filename } = await exportPersons(ctx, requireActor(req), { ...req.query, page: 1, pageSize: 200 });
    reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').header('content-disposition', contentDisposition(filename));
    return reply.send(stream);
  });
  app.post('/api/persons', { config: write, schema: { tags, body: personInput, response: { 201: person } } }, async (req, reply) => reply.status(201).send(await createPerson(ctx, requireActor(req), req.body)));
  app.get('/api/persons/:id', { config: read, schema: { tags, params: idParam, response: { 200: person } } }, async (req) => getPerson(ctx, requireActor(req), req.params.id));
  app.get('/api/persons/:id/page', { config: read, schema: { tags, params: idParam, response: { 200: personPage } } }, async (req) => loadPersonPage(ctx, requireActor(req), req.params.id));
  app.patch('/api/persons/:id', { config: write, schema: { tags, params: idParam, body: personPatch, response: { 200: person } } }, async (req) => updatePerson(ctx, requireActor(req), req.params.id, req.body));
  app.post('/api/persons/:id/events', { config: write, schema: { tags, params: idParam, body: eventInput, response: { 201: person } } }, async (req, reply) =>
    reply.status(201).send(await addEvent(ctx, requireActor(req), req.params.id, req.body)));
  app.put('/api/persons/:id/tags/:code', { config: write, schema: { tags, params: tagCodeParam, body: setTagBody, response: { 200: person } } }, async (req) =>
    setTag(ctx, requireActor(req), req.params.id, req.params.code, req.body));
  app.delete('/api/persons/:id/tags/:code', { config: write, schema: { tags, params: tagCodeParam, response: { 200: person } } }, async (req) =>
    removeTag(ctx, requireActor(req), req.params.id, req.params.code));
  app.post('/api/persons/:id/reveal', { config: { perm: 'person.reveal' }, schema: { tags, params: idParam, body: revealBody, response: { 200: revealResult } } }, async (req) =>
    revealPerson(ctx, requireActor(req), req.params.id, req.body));
  app.get('/api/tag-types', { config: read, schema: { tags, response: { 200: z.array(tagType) } } }, async (req) => listTagTypes(ctx, requireActor(req)));

  // ---- buildings, houses, households, organisations ----
  app.get('/api/buildings', { config: read, schema: { tags, querystring: pageQuery.extend({ communityId: z.coerce.number().int().positive().optional(), gridId: z.coerce.number().int().positive().optional(), name: z.string().trim().max(60).optional() }), response: { 200: paged(building) } } }, async (req) =>
    listBuildings(ctx, requireActor(req), req.query));
  app.post('/api/buildings', { config: write, schema: { tags, body: buildingInput, response: { 201: building } } }, async (req, reply) => reply.status(201).send(await createBuilding(ctx, requireActor(req), req.body)));
  app.patch('/api/buildings/:id', { config: write, schema: { tags, params: idParam, body: buildingPatch, response: { 200: building } } }, async (req) => updateBuilding(ctx, requireActor(req), req.params.id, req.body));
  app.get('/api/buildings/:id/layout', { config: read, schema: { tags, params: idParam, response: { 200: buildingLayout } } }, async (req) => loadLayout(ctx, requireActor(req), req.params.id));
  app.get('/api/buildings/:id/history', { config: read, schema: { tags, params: idParam, response: { 200: z.array(historyItem) } } }, async (req) => historyOf(ctx, requireActor(req), 'building', req.params.id));

  app.get('/api/houses', { config: read, schema: { tags, querystring: pageQuery.extend({ buildingId: z.uuid().optional(), use: houseUse.optional() }), response: { 200: paged(house) } } }, async (req) =>
    listHouses(ctx, requireActor(req), req.query));
  app.post('/api/houses', { config: write, schema: { tags, body: houseInput, response: { 201: house } } }, async (req, reply) => reply.status(201).send(await createHouse(ctx, requireActor(req), req.body)));
  app.get('/api/houses/:id', { config: read, schema: { tags, params: idParam, response: { 200: house } } }, async (req) => getHouse(ctx, requireActor(req), req.params.id));
  app.patch('/api/houses/:id', { config: write, schema: { tags, params: idParam, body: housePatch, response: { 200: house } } }, async (req) => updateHouse(ctx, requireActor(req), req.params.id, req.body));
  app.get('/api/houses/:id/history', { config: read, schema: { tags, params: idParam, response: { 200: z.array(historyItem) } } }, async (req) => historyOf(ctx, requireActor(req), 'house', req.params.id));

  app.get('/api/households', { config: read, schema: { tags, querystring: pageQuery.extend({ communityId: z.coerce.number().int().positive().optional(), gridId: z.coerce.number().int().positive().optional(), houseId: z.uuid().optional(), q: z.string().trim().max(40).optional() }), response: { 200: paged(household) } } }, async (req) =>
    listHouseholds(ctx, requireActor(req), req.query));
  app.post('/api/households', { config: write, schema: { tags, body: householdInput, response: { 201: household } } }, async (req, reply) => reply.status(201).send(await createHousehold(ctx, requireActor(req), req.body)));
  app.get('/api/households/:id', { config: read, schema: { tags, params: idParam, response: { 200: household } } }, async (req) => getHousehold(ctx, requireActor(req), req.params.id));
  app.patch('/api/households/:id', { config: write, schema: { tags, params: idParam, body: householdPatch, response: { 200: household } } }, async (req) => updateHousehold(ctx, requireActor(req), req.params.id, req.body));
  app.get('/api/households/:id/history', { config: read, schema: { tags, params: idParam, response: { 200: z.array(historyItem) } } }, async (req) => historyOf(ctx, requireActor(req), 'household', req.params.id));

  app.get('/api/organisations', { config: read, schema: { tags, querystring: pageQuery.extend({ kind: z.string().trim().max(40).optional(), name: z.string().trim().max(60).optional() }), response: { 200: paged(organisation) } } }, async (req) =>
    listOrganisations(ctx, requireActor(req), req.query));
  app.post('/api/organisations', { config: write, schema: { tags, body: organisationInput, response: { 201: organisation } } }, async (req, reply) => reply.status(201).send(await createOrganisation(ctx, requireActor(req), req.body)));
  app.patch('/api/organisations/:id', { config: write, schema: { tags, params: idParam, body: organisationPatch, response: { 200: organisation } } }, async (req) => updateOrganisation(ctx, requireActor(req), req.params.id, req.body));

  // ---- import ----
  const imp = { perm: 'person.import' };
  app.post('/api/population/imports', { config: imp, schema: { tags, consumes: ['multipart/form-data'], querystring: uploadQuery, response: { 201: importPreview } } }, async (req, reply) => {
    const actor = requireActor(req);
    if (!req.isMultipart()) throw new AppError('VALIDATION', '请以表单方式上传文件（multipart/form-data）', 'Upload the file as multipart/form-data');
    const file = await req.file();
    if (!file) throw new AppError('VALIDATION', '没有收到文件', 'No file received');
    let data: Buffer;
    try {
      data = await file.toBuffer();
    } catch {
      throw new AppError('PAYLOAD_TOO_LARGE', `文件超过 ${Math.round(ctx.config.fileMaxBytes / 1048576)} MB 上限；大文件请用命令行导入（npx linli import persons）`, 'The file is too large; use the CLI for big files');
    }
    return reply.status(201).send(await createImport(ctx, actor, { communityId: req.query.communityId, fileName: file.filename || 'import.xlsx', data }));
  });
  app.get('/api/population/imports/:id', { config: imp, schema: { tags, params: idParam, response: { 200: importSummarySchema } } }, async (req) => importSummary(ctx, requireActor(req), req.params.id));
  app.get('/api/population/imports/:id/preview', { config: imp, schema: { tags, params: idParam, response: { 200: importPreview } } }, async (req) => getPreview(ctx, requireActor(req), req.params.id));
  app.post('/api/population/imports/:id/commit', { config: imp, schema: { tags, params: idParam, body: importCommitBody, response: { 202: importSummarySchema } } }, async (req, reply) =>
    reply.status(202).send(await commitImport(ctx, requireActor(req), req.params.id, req.body)));
  app.get('/api/population/imports/:id/errors.xlsx', { config: imp, schema: { tags, params: idParam } }, async (req, reply) => {
    const actor = requireActor(req);
    const headers = await importHeaders(ctx, actor, req.params.id);
    const { stream, filename } = await importErrorsWorkbook(ctx, actor, req.params.id, headers);
    reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').header('content-disposition', contentDisposition(filename));
    return reply.send(stream);
  });

  // ---- department sharing (API tokens) ----
  app.get('/api/share/persons', { config: { perm: 'person.share' }, schema: { tags, querystring: shareQuery, response: { 200: shareResult } } }, async (req) => sharedPersons(ctx, requireActor(req), req.query));
  app.get('/api/share/persons/:id', { config: { perm: 'person.share' }, schema: { tags, params: idParam, response: { 200: shareItem } } }, async (req) => sharedPerson(ctx, requireActor(req), req.params.id));
}
