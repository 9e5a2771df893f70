export {};
// `npm run bench [name…]`: runs the benchmarks and prints numbers. Never part of `npm test`.
// Each benchmark module exports run(); add new ones to the list below.
const BENCHES: Record<string, () => Promise<{ run(): Promise<void> }>> = {
  'population-import': () => import('./population-import.ts'),
  'population-search': () => import('./population-search.ts'),
  'cases-sla': () => import('./cases-sla.ts'),
  'cases-list': () => import('./cases-list.ts'),
  'scoped-list': () => import('./scoped-list.ts'),
  'ledger-export': () => import('./ledger-export.ts'),
  certificates: () => import('./certificates.ts'),
};

const wanted = process.argv.slice(2);
for (const [name, load] of Object.entries(BENCHES)) {
  if (wanted.length && !wanted.includes(name)) continue;
  console.log(`\n=== bench: ${name}  (reproduce: npm run bench -- ${name})`);
  const t = Date.now();
  await (await load()).run();
  console.log(`=== ${name} done in ${((Date.now() - t) / 1000).toFixed(1)} s`);
}
