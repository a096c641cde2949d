// Lets benchmark scripts require the TypeScript sources directly (transpile only, no type check).
const { readFileSync } = require('node:fs');
const ts = require('typescript');

require.extensions['.ts'] = function compile(module, filename) {
	const source = readFileSync(filename, 'utf8');
	const { outputText } = ts.transpileModule(source, {
		fileName: filename,
		compilerOptions: {
			module: ts.ModuleKind.CommonJS,
			target: ts.ScriptTarget.ES2022,
			esModuleInterop: true,
			resolveJsonModule: true,
		},
	});
	module._compile(outputText, filename);
};

// Node tries extensions in registration order; "X.node" must find X.node.ts before the X.node.json codex.
for (const ext of ['.json', '.node']) {
	const loader = require.extensions[ext];
	delete require.extensions[ext];
	require.extensions[ext] = loader;
}
