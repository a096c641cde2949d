// npm run workflows: writes workflows/*.json from the package's own definitions
// (nodes/domain/workflows), the same ones the setup node creates through n8n's API.
// `npm run workflows -- --check` fails when a file differs from its definition.
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const prettier = require('prettier');

require('./register-ts');
const { BUNDLED_WORKFLOWS, workflowFile } = require('../nodes/domain/workflows/catalogue.ts');
const { FILE_CONFIG } = require('../nodes/domain/workflows/siteConfig.ts');

async function main() {
	const check = process.argv.includes('--check');
	const root = join(__dirname, '..');
	const options = await prettier.resolveConfig(join(root, 'workflows', 'x.json'));
	let stale = 0;
	for (const workflow of BUNDLED_WORKFLOWS) {
		const path = join(root, 'workflows', workflow.file);
		const text = await prettier.format(
			JSON.stringify(workflowFile(workflow, FILE_CONFIG), null, '\t'),
			{
				...options,
				parser: 'json',
			},
		);
		let current = '';
		try {
			current = readFileSync(path, 'utf8');
		} catch {
			// a new file
		}
		if (current === text) continue;
		stale++;
		if (check) console.error(`workflows/${workflow.file} differs from its definition`);
		else writeFileSync(path, text);
	}
	if (check && stale) {
		console.error('run `npm run workflows` to write them again');
		process.exit(1);
	}
	console.log(`workflows: ${BUNDLED_WORKFLOWS.length} files${check ? ' checked' : ' written'}`);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
