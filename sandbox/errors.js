'use strict';
const { randomBytes } = require('node:crypto');

/** An Okta error answer; the server turns it into Okta's error body. */
class OktaHttpError extends Error {
	/**
	 * @param {number} status
	 * @param {string} errorCode
	 * @param {string} errorSummary
	 * @param {string[]} [causes]
	 */
	constructor(status, errorCode, errorSummary, causes = []) {
		super(errorSummary);
		this.status = status;
		this.errorCode = errorCode;
		this.errorSummary = errorSummary;
		this.causes = causes;
	}

	toBody() {
		return {
			errorCode: this.errorCode,
			errorSummary: this.errorSummary,
			errorLink: this.errorCode,
			errorId: `oae${randomBytes(11).toString('base64url').slice(0, 19)}`,
			errorCauses: this.causes.map((errorSummary) => ({ errorSummary })),
		};
	}
}

const notFound = (/** @type {string} */ what) => new OktaHttpError(404, 'E0000007', `Not found: Resource not found: ${what}`);
const invalidSearch = (/** @type {string} */ detail) =>
	new OktaHttpError(400, 'E0000031', 'Invalid search criteria.', [detail]);
const validation = (/** @type {string[]} */ causes) =>
	new OktaHttpError(400, 'E0000001', 'Api validation failed: request', causes);

module.exports = { OktaHttpError, notFound, invalidSearch, validation };
