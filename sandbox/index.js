'use strict';
/** The sandbox org: an in-memory, Okta-compatible server for tests, benchmarks and `npm start`. */
module.exports = require('./server');
