// Keeps nest-cli.json true: every Nest app (apps/*/src/main.ts) and every lib (libs/*/src) is listed with its real
// folders, and nothing listed is missing. Run by `npm run lint`.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = JSON.parse(readFileSync(path.join(ROOT, 'nest-cli.json'), 'utf8'));
const problems = [];
const expected = new Map();
for (const app of readdirSync(path.join(ROOT, 'apps'))) {
  if (existsSync(path.join(ROOT, 'apps', app, 'src', 'main.ts')))
    expected.set(app, { type: 'application', root: `apps/${app}` });
}
for (const lib of readdirSync(path.join(ROOT, 'libs'))) {
  if (existsSync(path.join(ROOT, 'libs', lib, 'src'))) expected.set(lib, { type: 'library', root: `libs/${lib}` });
}
for (const [name, want] of expected) {
  const got = cli.projects?.[name];
  if (!got) problems.push(`${name} (${want.root}) is not listed`);
  else if (got.type !== want.type || got.root !== want.root || got.sourceRoot !== `${want.root}/src`) {
    problems.push(`${name} is listed as ${JSON.stringify(got)}, expected type ${want.type} at ${want.root}/src`);
  }
}
for (const name of Object.keys(cli.projects ?? {}))
  if (!expected.has(name)) problems.push(`${name} is listed but does not exist`);
if (cli.collection) problems.push('nest-cli.json names a schematics collection, but the Nest CLI is not a dependency');
if (problems.length) {
  console.error(`nest-cli.json does not describe the tree:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`nest-cli.json lists all ${expected.size} projects`);
