'use strict';
/** Lists the files `npm pack` would publish, and loads the package entry point, for the package test. */
const { execFileSync } = require('node:child_process');
const path = require('node:path');

const ROOT = path.join(__dirname, '..', '..');

/** @returns {string[]} */
function packedFiles() {
	const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
	const [pack] = JSON.parse(output);
	return pack.files.map((/** @type {{ path: string }} */ file) => file.path);
}

/** @returns {Record<string, unknown>} */
function loadEntryPoint() {
	return require(path.join(ROOT, 'index.js'));
}

module.exports = { packedFiles, loadEntryPoint };
