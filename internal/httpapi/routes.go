package httpapi

// register adds every endpoint. Each resource's file registers its own
// routes; literal paths come before patterns that would also match them.
func (a *API) register() {
	a.registerCustomers()
	a.registerSources()
	a.registerCharges()
	a.registerRefunds()
	a.registerBalance()
	a.registerPayouts()
	a.registerPaymentMethods()
	a.registerPaymentIntents()
	a.registerEvents()
	a.registerWebhookEndpoints()
}
