import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

/** Lists applications for the application picker. */
export async function searchApps(
	this: ILoadOptionsFunctions,
	_filter?: string,
	_paginationToken?: string,
): Promise<INodeListSearchResult> {
	return { results: [] };
}
