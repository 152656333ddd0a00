'use strict';
/**
 * Prepares the environment n8n-core needs before any test loads it: a throwaway user folder
 * (its first node context writes a settings file there), a silent logger, and loopback
 * requests that bypass any proxy. Also empties the folder where the sandbox records exchanges
 * for the contract test.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

module.exports = async function globalSetup() {
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'okta-lifecycle-n8n-'));
	process.env.N8N_USER_FOLDER = userFolder;
	process.env.N8N_LOG_LEVEL = 'silent';
	process.env.N8N_DIAGNOSTICS_ENABLED = 'false';
	delete process.env.N8N_SSRF_PROTECTION_ENABLED;
	process.env.NO_PROXY = ['127.0.0.1', '127.0.0.2', 'localhost', process.env.NO_PROXY].filter(Boolean).join(',');
	process.env.no_proxy = process.env.NO_PROXY;

	const recordDir = path.join(__dirname, '..', '..', '.contract', 'records');
	fs.rmSync(recordDir, { recursive: true, force: true });
	fs.mkdirSync(recordDir, { recursive: true });
	process.env.OKTA_CONTRACT_RECORD_DIR = recordDir;
};
