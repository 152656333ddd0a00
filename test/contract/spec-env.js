'use strict';
/** The path of Okta's OpenAPI document, from OKTA_OPENAPI_SPEC; undefined when it is not set. */
module.exports = { specPath: process.env.OKTA_OPENAPI_SPEC || undefined };
