const { src, dest } = require('gulp');

// tsc emits only JavaScript; n8n also needs the node icons and codex files beside the built nodes.
function copyIconsAndCodex() {
	return src(['nodes/**/*.{png,svg}', 'nodes/**/*.node.json', 'credentials/**/*.{png,svg}'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist'));
}

exports['build:icons'] = copyIconsAndCodex;
