import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { OktaClient } from '../../transport';

/** The context every operation receives besides its item index: the run's Okta client and a cache shared by its items. */
export interface OperationContext {
	client: OktaClient;
	/** Lives for one node run, so lookups such as manager emails are made once per run. */
	cache: Map<string, unknown>;
}

/** One operation: its parameters and the work for one input item. */
export interface OperationModule {
	description: INodeProperties[];
	execute(this: IExecuteFunctions, context: OperationContext, itemIndex: number): Promise<IDataObject | IDataObject[]>;
}

export type ResourceOperations = Record<string, OperationModule>;
