module github.com/fakestripe/fakestripe/clients/stripego-latest

go 1.25

replace github.com/fakestripe/fakestripe => ../..

require (
	github.com/fakestripe/fakestripe v0.0.0-00010101000000-000000000000
	github.com/stripe/stripe-go/v85 v85.0.0
)

require (
	github.com/google/go-cmp v0.7.0 // indirect
	github.com/oklog/ulid/v2 v2.1.2 // indirect
)
