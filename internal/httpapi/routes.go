package httpapi

// routes is the table of every endpoint. It is built once and never
// changed, so fakes share it; building it per fake was most of New's cost.
var routes = func() *router {
	rt := &router{}
	register(rt)
	return rt
}()

// register adds every endpoint. Each resource's file registers its own
// routes; literal paths come before patterns that would also match them.
func register(rt *router) {
	registerCustomers(rt)
	registerSources(rt)
	registerCharges(rt)
	registerRefunds(rt)
	registerBalance(rt)
	registerPayouts(rt)
	registerPaymentMethods(rt)
	registerPaymentIntents(rt)
	registerEvents(rt)
	registerWebhookEndpoints(rt)
	registerTestClocks(rt)
}
