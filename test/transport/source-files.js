'use strict';
/** Reads the node sources for the test that checks every request goes through the transport. */
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..', '..');

/** @returns {Array<{ file: string, text: string }>} */
function nodeSources() {
	/** @type {Array<{ file: string, text: string }>} */
	const files = [];
	/** @param {string} folder */
	const walk = (folder) => {
		for (const entry of fs.readdirSync(path.join(ROOT, folder), { withFileTypes: true })) {
			const relative = path.join(folder, entry.name);
			if (entry.isDirectory()) walk(relative);
			else if (entry.name.endsWith('.ts')) files.push({ file: relative.split(path.sep).join('/'), text: fs.readFileSync(path.join(ROOT, relative), 'utf8') });
		}
	};
	walk('nodes');
	walk('credentials');
	return files;
}

module.exports = { nodeSources };
