import { deepCopy } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { simplifyApp } from '../../helpers/apps';
import { appLocator, simplifyParameter } from '../common/parameters';
import type { OperationContext } from '../types';
import { lookupApp, readAppKey } from './parameters';

const displayOptions = { show: { resource: ['application'], operation: ['get'] } };

export const description: INodeProperties[] = [appLocator(displayOptions), simplifyParameter(displayOptions)];

export async function execute(this: IExecuteFunctions, context: OperationContext, itemIndex: number): Promise<IDataObject> {
	const { key, kind } = readAppKey(this, itemIndex);
	const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;

	const app = await lookupApp(context, key, kind);
	// The app object is shared by every item of the run that names it, so each item gets its own copy.
	return simplify ? simplifyApp(app) : deepCopy(app);
}
