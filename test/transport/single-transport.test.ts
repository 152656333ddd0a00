import { nodeSources } from './source-files';

const sources = nodeSources();

describe('one transport', () => {
	test('only the transport calls n8n request helpers', () => {
		const callers = sources.filter(({ text }) => /helpers\.(httpRequest|httpRequestWithAuthentication|request|requestWithAuthentication)\b/.test(text));

		expect(callers.map(({ file }) => file)).toEqual(['nodes/transport/index.ts']);
	});

	test('the transport asks for whole responses with headers', () => {
		const transport = sources.find(({ file }) => file === 'nodes/transport/index.ts')?.text ?? '';

		expect(transport).toContain('returnFullResponse: true');
		expect(transport).toContain('ignoreHttpStatusErrors: true');
		expect(transport).toContain('disableFollowRedirect: true');
	});

	test('node code imports only n8n-workflow, luxon and relative files', () => {
		const imports = sources.flatMap(({ file, text }) =>
			[...text.matchAll(/from '([^']+)'/g)].map((match) => ({ file, module: match[1] })),
		);
		const outside = imports.filter(({ module }) => !module.startsWith('.') && module !== 'n8n-workflow' && module !== 'luxon');

		expect(outside).toEqual([]);
		expect(imports.length).toBeGreaterThan(100);
	});
});
