#!/usr/bin/env node
// Validates an OpenAPI 3.0 document (the file in argv[2]): against the
// OpenAPI schema with @apidevtools/swagger-parser (which also resolves every
// $ref), plus the rules of the specification that the schema cannot express
// and swagger-parser checks only for Swagger 2.0 (path parameters, unique
// operationIds and parameters, required properties). Prints a summary;
// exits 1 with the errors when invalid, 2 on usage errors.
'use strict';

const fs = require('fs');
const SwaggerParser = require('@apidevtools/swagger-parser');

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

// The errors the specification's prose rules find in `doc`.
function specErrors(doc) {
  const errors = [];
  const ids = new Map();
  for (const [path, item] of Object.entries(doc.paths || {})) {
    const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const where = `${method.toUpperCase()} ${path}`;
      if (op.operationId !== undefined) {
        if (ids.has(op.operationId)) {
          errors.push(`${where}: operationId ${op.operationId} is also on ${ids.get(op.operationId)}`);
        }
        ids.set(op.operationId, where);
      }
      // Operation parameters override path-level ones by (name, in).
      const params = new Map();
      for (const p of item.parameters || []) params.set(`${p.in}:${p.name}`, p);
      const seen = new Set();
      for (const p of op.parameters || []) {
        const key = `${p.in}:${p.name}`;
        if (seen.has(key)) errors.push(`${where}: parameter ${p.name} (${p.in}) twice`);
        seen.add(key);
        params.set(key, p);
      }
      for (const name of templated) {
        const p = params.get(`path:${name}`);
        if (!p) errors.push(`${where}: path parameter {${name}} is not declared`);
        else if (p.required !== true) errors.push(`${where}: path parameter ${name} is not required`);
      }
      for (const p of params.values()) {
        if (p.in === 'path' && !templated.includes(p.name)) {
          errors.push(`${where}: path parameter ${p.name} is not in the path`);
        }
      }
      if (op.requestBody && ['get', 'head', 'delete'].includes(method)) {
        errors.push(`${where}: a request body on ${method.toUpperCase()}`);
      }
    }
  }
  for (const [name, schema] of Object.entries((doc.components || {}).schemas || {})) {
    for (const prop of schema.required || []) {
      if (schema.properties && !(prop in schema.properties) && !schema.additionalProperties) {
        errors.push(`components.schemas.${name}: required property ${prop} is not defined`);
      }
    }
  }
  return errors;
}

async function main() {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: node validate.js <openapi.json>');
    return 2;
  }
  let doc;
  try {
    doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    console.error(`${file}: INVALID: not JSON: ${err.message}`);
    return 1;
  }
  try {
    // validate() dereferences the object it is given: hand it a copy.
    await SwaggerParser.validate(structuredClone(doc));
  } catch (err) {
    console.error(`${file}: INVALID: ${err.message}`);
    return 1;
  }
  const errors = specErrors(doc);
  if (errors.length > 0) {
    console.error(`${file}: INVALID:\n  ${errors.join('\n  ')}`);
    return 1;
  }
  const paths = Object.values(doc.paths || {});
  const operations = paths.reduce(
      (n, item) => n + METHODS.filter((m) => item[m]).length, 0);
  const schemas = Object.keys((doc.components || {}).schemas || {}).length;
  console.log(`${file}: valid OpenAPI ${doc.openapi} "${doc.info.title}" ` +
              `${doc.info.version}: ${paths.length} paths, ${operations} operations, ` +
              `${schemas} schemas`);
  return 0;
}

main().then((code) => { process.exitCode = code; },
            (err) => { console.error(err); process.exitCode = 1; });
