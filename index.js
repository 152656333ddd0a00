// Lets the package be required directly; n8n itself loads the files listed under "n8n" in package.json.
module.exports = {
	OktaLifecycleApi: require('./dist/credentials/OktaLifecycleApi.credentials').OktaLifecycleApi,
	OktaLifecycle: require('./dist/nodes/OktaLifecycle/OktaLifecycle.node').OktaLifecycle,
	OktaLifecycleTrigger: require('./dist/nodes/OktaLifecycleTrigger/OktaLifecycleTrigger.node')
		.OktaLifecycleTrigger,
};
