'use strict';
const fs = require('node:fs');

module.exports = async function globalTeardown() {
	const userFolder = process.env.N8N_USER_FOLDER;
	if (userFolder && userFolder.includes('okta-lifecycle-n8n-')) fs.rmSync(userFolder, { recursive: true, force: true });
};
