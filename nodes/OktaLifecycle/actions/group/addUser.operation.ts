import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { OperationContext } from '../types';
import { changeMembership, membershipDescription } from './membership';

export const description: INodeProperties[] = membershipDescription('addUser');

export async function execute(this: IExecuteFunctions, context: OperationContext, itemIndex: number): Promise<IDataObject> {
	return await changeMembership.call(this, context, itemIndex, 'add');
}
