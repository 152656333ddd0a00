'use strict';
/** A small seeded PRNG (mulberry32), so the same seed always builds the same org. */

/**
 * @param {number} seed
 */
function createRandom(seed) {
	let state = seed >>> 0;

	const next = () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};

	const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

	return {
		next,
		/** @param {number} min @param {number} max inclusive */
		int: (min, max) => min + Math.floor(next() * (max - min + 1)),
		/** @template T @param {readonly T[]} items @returns {T} */
		pick: (items) => items[Math.floor(next() * items.length)],
		/** @param {number} probability */
		chance: (probability) => next() < probability,
		/** An Okta-style 20-character id with the given 3-character prefix (00u, 00g, 0oa). @param {string} prefix */
		id: (prefix) => {
			let id = prefix;
			while (id.length < 20) id += ALPHABET[Math.floor(next() * ALPHABET.length)];
			return id;
		},
		uuid: () => {
			const hex = () => Math.floor(next() * 16).toString(16);
			const part = (/** @type {number} */ length) => Array.from({ length }, hex).join('');
			return `${part(8)}-${part(4)}-4${part(3)}-a${part(3)}-${part(12)}`;
		},
	};
}

module.exports = { createRandom };
