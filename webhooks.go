package fakestripe

import (
	"fmt"
	"net/http"
	"time"
)

// AddWebhookHandler subscribes h to the fake's events of the given types
// (exact 2023-10-16 names such as "charge.succeeded", or "*" for all, the
// default), as a webhook endpoint created in the Dashboard would be, and
// returns the endpoint's signing secret for webhook.ConstructEvent.
//
// Each event is POSTed to h with a Stripe-Signature header, in the
// goroutine of the request that caused it and before that request's
// response is written (unless WithAsyncWebhooks), so a test sees the
// webhook before its API call returns. The fake's lock is not held, so h may
// call the fake. A response other than 2xx, or a panic, fails the delivery,
// which is retried as the fake clock passes 1h, 3h and 7h after the event.
//
// The endpoint is not an API object: GET /v1/webhook_endpoints does not
// list it. AddWebhookHandler panics on an unknown event type, a programmer
// error.
func (s *Server) AddWebhookHandler(h http.Handler, events ...string) (secret string) {
	if h == nil {
		panic("fakestripe: AddWebhookHandler: nil handler")
	}
	secret, err := s.api.AddWebhookHandler(h, events)
	if err != nil {
		panic(fmt.Sprintf("fakestripe: AddWebhookHandler: %v", err))
	}
	return secret
}

// WebhookDelivery is one attempt to deliver an event to an endpoint.
type WebhookDelivery struct {
	EventID   string
	EventType string
	// Endpoint is the we_ id of the endpoint: one created through the API,
	// or one AddWebhookHandler made (URL is empty for those).
	Endpoint string
	URL      string
	// Attempt is 1 for the first delivery and counts up with each retry.
	Attempt int
	// StatusCode is what the endpoint answered, or 0 if it did not answer.
	StatusCode int
	// Error says why no answer came (a connection error, a panic), or "".
	Error string
	// Time is the fake clock instant the attempt was due: the event's
	// creation for a first attempt, the retry's due time for the others.
	Time time.Time
}

// Succeeded reports whether the endpoint acknowledged the event with a 2xx.
func (d WebhookDelivery) Succeeded() bool {
	return d.Error == "" && d.StatusCode >= 200 && d.StatusCode < 300
}

// WebhookDeliveries returns every delivery attempt so far, in the order
// their results came in. With WithAsyncWebhooks, call FlushWebhooks first
// to include deliveries still queued.
func (s *Server) WebhookDeliveries() []WebhookDelivery {
	attempts := s.api.WebhookDeliveries()
	out := make([]WebhookDelivery, len(attempts))
	for i, d := range attempts {
		out[i] = WebhookDelivery{
			EventID: d.EventID, EventType: d.EventType, Endpoint: d.EndpointID, URL: d.URL,
			Attempt: d.Attempt, StatusCode: d.StatusCode, Error: d.Error, Time: d.At,
		}
	}
	return out
}

// FlushWebhooks waits until every webhook delivery queued so far by
// WithAsyncWebhooks has been made and recorded. It returns at once with
// synchronous delivery, the default. Calling it from a webhook handler
// with async delivery deadlocks: the handler is what it waits for.
func (s *Server) FlushWebhooks() { s.api.FlushWebhooks() }
