import { demoPassword, demoPeople, loadDemo } from './DemoData.ts';
import { consoleLogger } from './Logger.ts';
import { startConfiguredRelay } from './startConfiguredRelay.ts';

/** `npm run demo`: `npm start` plus the demo data (DemoData.ts). `--seed-only` loads and exits. */
async function main(): Promise<void> {
	const log = consoleLogger;
	const relay = await startConfiguredRelay(log);
	const loaded = await loadDemo(relay.url);
	log.info(loaded ? 'demo: loaded' : 'demo: already loaded in this DATA_DIR');
	console.log(`\nBusiness Center demo at ${relay.url}\nSign in with any of these (password "${demoPassword}"):`);
	for (const person of demoPeople) console.log(`  ${person.email.padEnd(26)} ${person.name}`);
	if (process.argv.includes('--seed-only')) await relay.close();
}

main().catch((error: unknown) => {
	consoleLogger.error('demo: failed', { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
	process.exit(1);
});
