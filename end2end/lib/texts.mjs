// The translation files the app is built from, so tests read the same words.
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'app', 'locales');
export const texts = Object.fromEntries(
  ['en', 'fi', 'nl'].map((l) => [l, JSON.parse(readFileSync(join(dir, `${l}.json`), 'utf8'))]),
);
export const LANG_NAMES = { en: 'English', fi: 'Suomi', nl: 'Nederlands' };
