module github.com/fakestripe/fakestripe

go 1.25

require (
	github.com/google/go-cmp v0.7.0
	github.com/oklog/ulid/v2 v2.1.2
	github.com/stretchr/testify v1.12.1
	github.com/stripe/stripe-go/v76 v76.25.0
	github.com/stripe/stripe-mock v0.180.0
)

require go.yaml.in/yaml/v3 v3.0.5 // indirect
