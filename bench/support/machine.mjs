/** The facts about the machine that a benchmark record must carry to be read correctly. */

import os from 'node:os';

/**
 * @typedef {{ date: string, cpuModel: string, cores: number, ramGb: number, node: string, os: string, loadAverage: number }} MachineFacts
 */

/** @returns {MachineFacts} */
export function machineFacts() {
	const cpus = os.cpus();
	return {
		date: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
		cpuModel: cpus[0]?.model?.trim() ?? 'unknown',
		cores: cpus.length,
		ramGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
		node: process.version,
		os: `${os.type()} ${os.release()} (${os.arch()})`,
		loadAverage: loadAverage(),
	};
}

/** Returns the 1-minute load average, because other processes on the machine slow the contenders down. */
export function loadAverage() {
	return Math.round(os.loadavg()[0] * 100) / 100;
}
