import { consoleLogger } from './Logger.ts';
import { startConfiguredRelay } from './startConfiguredRelay.ts';

/** `npm start`: build the app if needed, then serve app + relay (DESIGN §4). */
startConfiguredRelay(consoleLogger).catch((error: unknown) => {
	consoleLogger.error('relay: failed to start', { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
	process.exit(1);
});
