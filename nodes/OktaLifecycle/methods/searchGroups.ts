import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

/** Lists groups for the group picker. */
export async function searchGroups(
	this: ILoadOptionsFunctions,
	_filter?: string,
	_paginationToken?: string,
): Promise<INodeListSearchResult> {
	return { results: [] };
}
