// Removes build output folders; a plain rm would not work on every platform npm runs on.
import { rm } from 'node:fs/promises';

for (const folder of process.argv.slice(2)) {
	await rm(folder, { recursive: true, force: true });
}
