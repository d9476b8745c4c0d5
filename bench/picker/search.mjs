// emoji-mart's own search (SearchIndex, as its picker calls it) over the
// hand-written judged set's queries: for each line of the set, the query
// and the first five emoji it finds, tab-separated, for
// bench/relevance_benchmark to judge beside the server's answers.
//   node search.mjs tests/judged/by_hand.tsv > picker.tsv
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const data = require('@emoji-mart/data');
const { init, SearchIndex } = require('emoji-mart');

await init({ data });
const queries = new Set();
for (const line of readFileSync(process.argv[2], 'utf8').split('\n')) {
  if (line === '' || line.startsWith('#')) continue;
  queries.add(line.split('\t')[2]);
}
for (const query of queries) {
  const found = (await SearchIndex.search(query)) || [];
  const natives = found.slice(0, 5).map((emoji) => emoji.skins[0].native);
  process.stdout.write(`${query}\t${natives.join(' ')}\n`);
}
