import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { templateCsv, templateHeaders } from '../lib/template';
import { LANGS } from '../lib/i18n/index.svelte';

// The importer's header aliases live in the core (src/files/fields.rs): every header of the
// template must be one of them, or the template would not import.
const fieldsPath = fileURLToPath(new URL('../../../src/files/fields.rs', import.meta.url));
const fields = existsSync(fieldsPath) ? readFileSync(fieldsPath, 'utf8') : '';
const aliases = fields.slice(fields.indexOf('fn aliases'), fields.indexOf('fn from_header'));

describe('import template', () => {
  it.skipIf(!fields)('uses only headers the importer accepts, in every language', () => {
    for (const lang of LANGS) {
      for (const h of templateHeaders(lang)) {
        expect(aliases, `${lang}: ${h}`).toContain(`"${h.toLowerCase()}"`);
      }
    }
  });

  it('is CSV with a BOM so Excel reads the Chinese right, one header row and two examples', () => {
    const csv = templateCsv('zh-CN');
    expect(csv.startsWith('\ufeff序列号,品牌,型号')).toBe(true);
    expect(csv.trim().split('\r\n')).toHaveLength(3);
    const cols = csv.replace('\ufeff', '').split('\r\n').filter(Boolean).map((l) => l.split(',').length);
    expect(new Set(cols).size).toBe(1);
  });
});
