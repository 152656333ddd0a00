import { loadEntryPoint, packedFiles } from './pack-contents';

describe('published package', () => {
	test('contains only the build, entry point, manifest, README and license', () => {
		const files = packedFiles();
		const outsideBuild = files.filter((file) => !file.startsWith('dist/')).sort();

		expect(outsideBuild).toEqual(['LICENSE', 'README.md', 'index.js', 'package.json']);
		expect(files).toContain('dist/credentials/OktaLifecycleApi.credentials.js');
		expect(files).toContain('dist/nodes/OktaLifecycle/OktaLifecycle.node.js');
		expect(files).toContain('dist/nodes/OktaLifecycleTrigger/OktaLifecycleTrigger.node.js');
		expect(files).toContain('dist/nodes/OktaLifecycle/OktaLifecycle.node.json');
		expect(files).toContain('dist/nodes/OktaLifecycle/okta.svg');
		expect(files).toContain('dist/nodes/OktaLifecycle/okta.dark.svg');
		expect(files).toContain('dist/credentials/okta.svg');
	});

	test('index.js exports the credential and both nodes', () => {
		const exported = loadEntryPoint();

		expect(Object.keys(exported).sort()).toEqual(['OktaLifecycle', 'OktaLifecycleApi', 'OktaLifecycleTrigger']);
		expect(typeof exported.OktaLifecycle).toBe('function');
	});
});
