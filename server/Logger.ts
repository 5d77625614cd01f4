/** One line per event, with structured fields; tests capture it instead of printing. */
export interface Logger {
	info(message: string, fields?: Readonly<Record<string, unknown>>): void;
	warn(message: string, fields?: Readonly<Record<string, unknown>>): void;
	error(message: string, fields?: Readonly<Record<string, unknown>>): void;
}

const line = (level: string, message: string, fields?: Readonly<Record<string, unknown>>): string =>
	`${new Date().toISOString()} ${level} ${message}${fields === undefined ? '' : ' ' + JSON.stringify(fields)}`;

export const consoleLogger: Logger = {
	info: (message, fields) => console.log(line('info', message, fields)),
	warn: (message, fields) => console.warn(line('warn', message, fields)),
	error: (message, fields) => console.error(line('error', message, fields))
};

export const silentLogger: Logger = {
	info: () => {},
	warn: () => {},
	error: () => {}
};
