// @ts-check
/**
 * The critical rule of the cloud as a lint rule: code under cloud-sync/server never writes
 * `userId` into a `where` clause. The tenancy extension (prisma/tenancy) scopes every query of a
 * tenant model to the request's tenant; a hand-written filter is at best redundant and at worst
 * a second source of truth that drifts (a filter on the wrong id reads another tenant's rows).
 *
 * Reported: a `userId` key anywhere inside an object literal that is the value of a `where`
 * property or of a variable named `where` (so AND / OR / NOT and relation filters are covered),
 * or that is the filter handed to `listPage` (the people's API's paged lists, cloud-sync/server/api:
 * its fourth argument becomes the list's where). Every route of /api/v1 lives under this folder.
 * Test files are exempt: they check isolation from outside, as an admin.
 */
import path from 'node:path';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const GUARDED_DIR = 'cloud-sync/server/';
const TENANT_FIELD = 'userId';
/** Helpers whose argument at this index becomes a where clause. */
const FILTER_ARGUMENTS = { listPage: 3 };

/** @param {any} property a Property node @returns {string | null} */
function keyName(property) {
  if (property.computed) return property.key.type === 'Literal' && typeof property.key.value === 'string' ? property.key.value : null;
  if (property.key.type === 'Identifier') return property.key.name;
  if (property.key.type === 'Literal') return String(property.key.value);
  return null;
}

/** @type {import('eslint').Rule.RuleModule} */
const noManualTenantFilter = {
  meta: {
    type: 'problem',
    docs: { description: 'Forbid hand-written userId filters in cloud-sync/server; the tenancy extension scopes every query' },
    schema: [],
    messages: {
      manual:
        "`userId` in a where clause: the tenancy extension (prisma/tenancy) already scopes every query to the request's tenant. Remove it and run the query inside runWithTenant({ userId, role }, ...).",
    },
  },
  create(context) {
    const file = path.relative(ROOT, context.filename).split(path.sep).join('/');
    if (!file.startsWith(GUARDED_DIR) || /\.test\.[cm]?[jt]s$/.test(file)) return {};
    /** @type {Set<any>} */
    const reported = new Set();

    /** Report every `userId` key inside a where value. @param {any} node */
    function inspect(node) {
      if (!node) return;
      if (node.type === 'TSAsExpression' || node.type === 'TSSatisfiesExpression' || node.type === 'TSNonNullExpression') inspect(node.expression);
      else if (node.type === 'ArrayExpression') node.elements.forEach(inspect);
      else if (node.type === 'ObjectExpression') {
        for (const property of node.properties) {
          if (property.type !== 'Property') continue;
          if (keyName(property) === TENANT_FIELD && !reported.has(property)) {
            reported.add(property);
            context.report({ node: property.key, messageId: 'manual' });
          }
          inspect(property.value);
        }
      }
    }

    return {
      Property(node) {
        if (keyName(node) === 'where') inspect(node.value);
      },
      VariableDeclarator(node) {
        if (node.id.type === 'Identifier' && node.id.name === 'where') inspect(node.init);
      },
      CallExpression(node) {
        const name = node.callee.type === 'Identifier' ? node.callee.name : null;
        const index = name ? /** @type {Record<string, number>} */ (FILTER_ARGUMENTS)[name] : undefined;
        if (index !== undefined) inspect(node.arguments[index]);
      },
    };
  },
};

export default { rules: { 'no-manual-tenant-filter': noManualTenantFilter } };
